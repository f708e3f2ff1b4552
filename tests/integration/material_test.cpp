// Materials per agenda item (protocol.md §6.6, decision 0027) through the real server, a
// real Redis and a real blob directory: upload, list, download byte for byte, versions,
// limits, lying names, who may see what, live events, and two instances on one directory.
#include <boost/json.hpp>

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "auth/crypto.hpp"
#include "server_fixture.hpp"

namespace huiwu::test {
namespace {
namespace fs = std::filesystem;
namespace json = boost::json;

constexpr std::size_t limit = 256 * 1024;

std::string sample(const std::string& name) {
  std::ifstream in(std::string(HUIWU_MATERIAL_SAMPLES) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  return {std::istreambuf_iterator<char>(in), {}};
}

fs::path fresh_dir() {
  auto d =
      fs::temp_directory_path() / ("huiwu-materials-" + std::to_string(::getpid()) + "-" +
                                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
  fs::remove_all(d);
  return d;
}

std::size_t blobs_in(const fs::path& d) {
  std::size_t n = 0;
  if (!fs::exists(d)) return 0;
  for (const auto& e : fs::recursive_directory_iterator(d)) {
    n += e.is_regular_file() && e.path().parent_path().filename() != "tmp";
  }
  return n;
}

class MaterialTest : public ::testing::Test {
 protected:
  MaterialTest()
      : dir_(fresh_dir()),
        redis_({"--appendonly", "yes", "--appendfsync", "always"}),
        server_(redis_.port(),
                {"--materials-dir", dir_.string(), "--max-material-bytes", std::to_string(limit)}) {
  }

  void SetUp() override {
    for (const auto& [id, clearance] : std::vector<std::pair<std::string, std::string>>{
             {"sec", "secret"}, {"part", "secret"}, {"low", "internal"}, {"out", "secret"}}) {
      ASSERT_EQ(create_account(redis_.port(), id, "password-" + id, clearance), 0) << id;
      tokens_[id] = log_in(server_.port(), id, "password-" + id);
      ASSERT_FALSE(tokens_[id].empty()) << id;
    }
    ws_ = std::make_unique<ws_client>(server_.port(), "c-sec", tokens_["sec"]);
    meeting_ = ws_->create_meeting("区政府常务会议").id();
    ws_->join(meeting_);
    open_ = add_item("财政预算执行情况", v1::LEVEL_INTERNAL);
    secret_ = add_item("人事任免", v1::LEVEL_CONFIDENTIAL);
    attendee("李娜", "part", v1::ROLE_PARTICIPANT);
    attendee("赵强", "low", v1::ROLE_PARTICIPANT);
  }
  void TearDown() override {
    if (HasFailure()) std::cerr << "--- server log ---\n" << server_.log_tail() << '\n';
    fs::remove_all(dir_);
  }

  std::string add_item(const std::string& title, v1::Level level) {
    auto c = add_item_change(title);
    c.mutable_add_item()->mutable_item()->set_level(level);
    EXPECT_TRUE(ws_->command(meeting_, c).has_ack());
    const auto s = ws_->join(meeting_).snapshot();
    return s.agenda(s.agenda_size() - 1).id();
  }
  void attendee(const std::string& name, const std::string& account, v1::Role role) {
    v1::Change c;
    auto* a = c.mutable_add_attendee()->mutable_attendee();
    a->set_name(name);
    a->set_role(role);
    a->set_account_id(account);
    EXPECT_TRUE(ws_->command(meeting_, c).has_ack());
  }

  std::vector<std::pair<std::string, std::string>> as(const std::string& who) {
    return {{"Authorization", "Bearer " + tokens_[who]}};
  }
  http_result upload(const std::string& who, const std::string& item, const std::string& name,
                     const std::string& bytes, const std::string& extra = {},
                     std::uint16_t port = 0) {
    return http_request(
        port ? port : server_.port(),
        "/api/meetings/materials?m=" + meeting_ + "&item=" + item + "&name=" + name + extra, "POST",
        bytes, as(who));
  }
  http_result list(const std::string& who) {
    return http_request(server_.port(), "/api/meetings/materials?m=" + meeting_, "GET", {},
                        as(who));
  }
  http_result download(const std::string& who, const std::string& item, const std::string& material,
                       const std::string& extra = {}, std::uint16_t port = 0) {
    return http_request(port ? port : server_.port(),
                        "/api/meetings/materials/file?m=" + meeting_ + "&item=" + item +
                            "&material=" + material + extra,
                        "GET", {}, as(who));
  }
  static std::string code(const http_result& r) {
    return std::string(json::parse(r.body).at("error").at("code").as_string());
  }
  // The materials of `item` as `who` lists them.
  json::array materials_of(const std::string& who, const std::string& item) {
    auto r = list(who);
    EXPECT_EQ(r.status, 200) << r.body;
    const auto parsed = json::parse(r.body);
    for (const auto& it : parsed.at("items").as_array()) {
      if (it.at("item_id").as_string() == item) return it.at("materials").as_array();
    }
    return {};
  }

  fs::path dir_;
  redis_process redis_;
  server_process server_;
  std::map<std::string, std::string> tokens_;
  std::unique_ptr<ws_client> ws_;
  std::string meeting_, open_, secret_;
};

TEST_F(MaterialTest, UploadListAndDownloadByteForByte) {
  const auto pdf = sample("outline.pdf");
  const auto docx = sample("outline.docx");
  // 汇报提纲.pdf, percent-encoded in the query.
  auto up = upload("sec", open_, "%E6%B1%87%E6%8A%A5%E6%8F%90%E7%BA%B2.pdf", pdf,
                   "&title=%E6%B1%87%E6%8A%A5%E6%8F%90%E7%BA%B2");
  ASSERT_EQ(up.status, 201) << up.body;
  const auto m = json::parse(up.body).at("material");
  EXPECT_EQ(m.at("title").as_string(), "汇报提纲");
  EXPECT_EQ(m.at("current").at("type").as_string(), "pdf");
  EXPECT_EQ(m.at("current").at("file_name").as_string(), "汇报提纲.pdf");
  EXPECT_EQ(m.at("current").at("sha256").as_string(), auth::sha256_hex(pdf));
  EXPECT_EQ(m.at("current").at("version").as_int64(), 1);
  EXPECT_EQ(m.at("current").at("by").as_string(), "sec");
  const std::string pdf_id(m.at("id").as_string());
  auto up2 = upload("sec", open_, "plan.docx", docx);
  ASSERT_EQ(up2.status, 201) << up2.body;
  const std::string docx_id(json::parse(up2.body).at("material").at("id").as_string());
  EXPECT_EQ(json::parse(up2.body).at("material").at("title").as_string(), "plan");

  const auto listed = materials_of("part", open_);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].at("id").as_string(), pdf_id);
  EXPECT_EQ(listed[1].at("current").at("type").as_string(), "docx");

  auto got = download("part", open_, pdf_id);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(auth::sha256_hex(got.body), auth::sha256_hex(pdf));
  EXPECT_EQ(got.body, pdf);
  EXPECT_EQ(got.content_type, "application/pdf");
  const auto& cd = got.headers["content-disposition"];
  EXPECT_EQ(cd.rfind("attachment;", 0), 0u) << cd;
  EXPECT_NE(cd.find("filename*=UTF-8''%E6%B1%87%E6%8A%A5%E6%8F%90%E7%BA%B2.pdf"), std::string::npos)
      << cd;
  EXPECT_NE(cd.find("filename=\"material-" + pdf_id + "-v1.pdf\""), std::string::npos) << cd;
  EXPECT_EQ(got.headers["x-content-type-options"], "nosniff");
  auto shown = download("part", open_, pdf_id, "&inline=1");
  EXPECT_EQ(shown.headers["content-disposition"].rfind("inline;", 0), 0u);
  auto word = download("low", open_, docx_id);
  ASSERT_EQ(word.status, 200) << word.body;
  EXPECT_EQ(word.body, docx);
  EXPECT_EQ(word.content_type,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");

  // Every download is in the audit log: who, which file, which version.
  auto audit = http_get(server_.port(), "/api/audit?action=material_download");
  ASSERT_EQ(audit.status, 200) << audit.body;
  const auto entries = json::parse(audit.body).at("entries").as_array();
  ASSERT_EQ(entries.size(), 3u) << audit.body;
  bool found = false;
  for (const auto& e : entries) {
    const std::string detail(e.at("detail").as_string());
    if (e.at("actor").as_string() == "low") {
      found = true;
      EXPECT_EQ(e.at("target").as_string(), "meeting " + meeting_);
      EXPECT_NE(detail.find("material " + docx_id), std::string::npos) << detail;
      EXPECT_NE(detail.find("version 1"), std::string::npos) << detail;
      EXPECT_NE(detail.find("plan.docx"), std::string::npos) << detail;
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(MaterialTest, ReplacingKeepsEveryVersionAndTheSameBytesAreStoredOnce) {
  const auto v1_bytes = sample("outline.docx");
  const auto v2_bytes = sample("outline.pdf");
  auto up = upload("sec", open_, "a.docx", v1_bytes, "&title=%E6%96%B9%E6%A1%88");
  ASSERT_EQ(up.status, 201) << up.body;
  const std::string id(json::parse(up.body).at("material").at("id").as_string());
  auto re = upload("sec", open_, "b.pdf", v2_bytes, "&material=" + id);
  ASSERT_EQ(re.status, 201) << re.body;
  const auto m = json::parse(re.body).at("material");
  EXPECT_EQ(m.at("id").as_string(), id);
  EXPECT_EQ(m.at("title").as_string(), "方案");  // kept when no new title is given
  ASSERT_EQ(m.at("versions").as_array().size(), 2u);
  EXPECT_EQ(m.at("current").at("version").as_int64(), 2);
  EXPECT_EQ(download("part", open_, id).body, v2_bytes);
  EXPECT_EQ(download("part", open_, id, "&v=1").body, v1_bytes);
  EXPECT_EQ(download("part", open_, id, "&v=3").status, 404);
  // The same bytes again, as another material: one blob on disk.
  ASSERT_EQ(upload("sec", open_, "c.docx", v1_bytes).status, 201);
  EXPECT_EQ(blobs_in(dir_), 2u);

  // Removed: gone from the list and from downloads, kept in the meeting's history.
  v1::Change rm;
  rm.mutable_remove_material()->set_item_id(open_);
  rm.mutable_remove_material()->set_material_id(id);
  ws_client by_part(server_.port(), "c-part", tokens_["part"]);
  by_part.join(meeting_);
  EXPECT_EQ(by_part.command(meeting_, rm).error().code(), v1::ERROR_FORBIDDEN);  // not theirs
  ASSERT_TRUE(ws_->command(meeting_, rm).has_ack());
  for (const auto& x : materials_of("part", open_)) EXPECT_NE(x.at("id").as_string(), id);
  EXPECT_EQ(download("part", open_, id).status, 404);
  const auto s = ws_->join(meeting_).snapshot();
  const auto& kept = s.agenda(0).materials(0);
  EXPECT_EQ(kept.id(), id);
  EXPECT_TRUE(kept.removed());
  EXPECT_EQ(kept.removed_by(), "sec");
  EXPECT_EQ(kept.versions_size(), 2);
  EXPECT_EQ(ws_->command(meeting_, rm).error().code(), v1::ERROR_NOT_FOUND);  // already gone
}

TEST_F(MaterialTest, WrongTypesAndTooLargeFilesAreRefusedAndNothingIsStored) {
  for (const auto& [name, file] :
       std::vector<std::pair<std::string, std::string>>{{"setup.pdf", "setup.exe.pdf"},
                                                        {"notes.docx", "notes.txt.docx"},
                                                        {"x.docx", "plain.zip.docx"},
                                                        {"macro.docm", "macro.docm"}}) {
    auto r = upload("sec", open_, name, sample(file));
    EXPECT_EQ(r.status, 415) << file << r.body;
    EXPECT_EQ(code(r), "unsupported_type") << r.body;
    EXPECT_NE(r.body.find("its content decides, not its name"), std::string::npos);
  }
  // Over the configured limit (256 KiB here): refused from the declared length, with the
  // limit in the answer; the connection is drained so the client reads it.
  std::string big = sample("outline.pdf");
  big.resize(limit + 1, ' ');
  auto r = upload("sec", open_, "big.pdf", big);
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_EQ(code(r), "too_large");
  EXPECT_NE(r.body.find("over the limit of 262144 bytes"), std::string::npos) << r.body;
  EXPECT_EQ(r.headers["x-huiwu-limit-bytes"], std::to_string(limit));
  auto empty = upload("sec", open_, "a.pdf", "");
  EXPECT_EQ(empty.status, 400);
  auto nameless = upload("sec", open_, "", sample("outline.pdf"));
  EXPECT_EQ(nameless.status, 400);
  EXPECT_EQ(blobs_in(dir_), 0u);
  EXPECT_EQ(list("sec").body.find("\"versions\":[{"), std::string::npos) << list("sec").body;
  EXPECT_NE(list("sec").body.find("\"limit_bytes\":" + std::to_string(limit)), std::string::npos);
  // A file at the limit is fine.
  big.resize(limit);
  EXPECT_EQ(upload("sec", open_, "big.pdf", big).status, 201);
}

TEST_F(MaterialTest, OnlyTheSecretariatUploadsAndHiddenMeansMissing) {
  const auto pdf = sample("outline.pdf");
  auto up = upload("sec", secret_, "secret.pdf", pdf);
  ASSERT_EQ(up.status, 201) << up.body;
  const std::string id(json::parse(up.body).at("material").at("id").as_string());

  // A participant may read but not upload.
  auto by_part = upload("part", open_, "x.pdf", pdf);
  EXPECT_EQ(by_part.status, 403) << by_part.body;
  EXPECT_EQ(download("part", secret_, id).status, 200);

  // Below the item's level: the item and its materials do not exist for them.
  const auto low_list = list("low");
  ASSERT_EQ(low_list.status, 200);
  EXPECT_EQ(low_list.body.find(secret_), std::string::npos) << low_list.body;
  EXPECT_EQ(low_list.body.find("secret.pdf"), std::string::npos) << low_list.body;
  auto hidden = download("low", secret_, id);
  auto missing = download("low", secret_, "f999");
  EXPECT_EQ(hidden.status, 404);
  EXPECT_EQ(hidden.body, missing.body);  // byte for byte: no probing
  // Not a secretary: refused for its role, the same for a hidden and a missing item.
  auto low_up = upload("low", secret_, "x.pdf", pdf);
  EXPECT_EQ(low_up.status, 403);
  EXPECT_EQ(low_up.body, upload("low", "i999", "x.pdf", pdf).body);

  // Not invited: the meeting itself is missing, for the list, the file and the upload.
  auto not_invited = download("out", secret_, id);
  EXPECT_EQ(not_invited.status, 404);
  EXPECT_EQ(list("out").status, 404);
  EXPECT_EQ(list("out").body, http_request(server_.port(), "/api/meetings/materials?m=m-nothere",
                                           "GET", {}, as("out"))
                                  .body);
  EXPECT_EQ(upload("out", open_, "x.pdf", pdf).status, 404);
  EXPECT_EQ(blobs_in(dir_), 1u);

  // The WebSocket does not take uploads: the bytes come through the route.
  v1::Change forged;
  auto* add = forged.mutable_add_material();
  add->set_item_id(open_);
  add->set_title("x");
  add->mutable_version()->set_sha256(std::string(64, 'a'));
  EXPECT_EQ(ws_->command(meeting_, forged).error().code(), v1::ERROR_FORBIDDEN);
}

TEST_F(MaterialTest, PagesSeeUploadsLiveAndARaisedItemsMaterialsDisappear) {
  ws_client low(server_.port(), "c-low", tokens_["low"]);
  low.join(meeting_);
  auto up = upload("sec", open_, "a.png", sample("seal.png"));
  ASSERT_EQ(up.status, 201) << up.body;
  const auto version = json::parse(up.body).at("version").as_int64();
  auto e = low.event(meeting_, static_cast<std::uint64_t>(version));
  ASSERT_TRUE(e) << "no live event";
  ASSERT_TRUE(e->change().has_add_material()) << e->DebugString();
  EXPECT_EQ(e->change().add_material().material().versions(0).type(), "png");

  // Raised above the reader's clearance: the item (with its materials) leaves its page.
  auto snap = ws_->join(meeting_).snapshot();
  v1::Change raise;
  *raise.mutable_edit_item()->mutable_item() = snap.agenda(0);
  // 秘密, above "low"'s 内部 (at 机密 the file would also become view only: material_view_test).
  raise.mutable_edit_item()->mutable_item()->set_level(v1::LEVEL_CONFIDENTIAL);
  auto ack = ws_->command(meeting_, raise);
  ASSERT_TRUE(ack.has_ack());
  auto gone = low.event(meeting_, ack.ack().version());
  ASSERT_TRUE(gone);
  ASSERT_TRUE(gone->change().has_remove_item()) << gone->DebugString();
  EXPECT_EQ(gone->change().remove_item().item_id(), open_);
  const std::string id(json::parse(up.body).at("material").at("id").as_string());
  EXPECT_EQ(download("part", open_, id).status, 200);
  EXPECT_EQ(download("low", open_, id).status, 404);
  EXPECT_EQ(list("low").body.find("a.png"), std::string::npos);
  // The edit kept the materials for those who still see the item.
  EXPECT_EQ(materials_of("part", open_).size(), 1u);
}

TEST_F(MaterialTest, TwoInstancesOnOneDirectoryServeTheSameFile) {
  server_process second(redis_.port(), {"--materials-dir", dir_.string(), "--max-material-bytes",
                                        std::to_string(limit)});
  const auto xlsx = sample("budget.xlsx");
  auto up = upload("sec", open_, "budget.xlsx", xlsx, {}, second.port());
  ASSERT_EQ(up.status, 201) << up.body << second.log_tail();
  const std::string id(json::parse(up.body).at("material").at("id").as_string());
  auto got = download("part", open_, id);  // from the first instance
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.body, xlsx);
  EXPECT_EQ(got.content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  auto pptx = upload("sec", open_, "slides.pptx", sample("slides.pptx"));
  ASSERT_EQ(pptx.status, 201) << pptx.body;
  const std::string pid(json::parse(pptx.body).at("material").at("id").as_string());
  EXPECT_EQ(download("part", open_, pid, {}, second.port()).body, sample("slides.pptx"));
}

// A limit that is not a positive number is refused before anything starts, named.
TEST(MaterialFlags, ABadSizeLimitIsRefusedWithExitCode2) {
  for (const std::string& prefix : {std::string("HUIWU_MAX_MATERIAL_BYTES=lots "),
                                    std::string("HUIWU_MAX_MATERIAL_BYTES=-5 ")}) {
    for (const std::string& flag : {std::string(), std::string(" --max-material-bytes 0")}) {
      const std::string cmd = (flag.empty() ? prefix : std::string()) + "'" + HUIWU_SERVER_BIN +
                              "'" + flag + " --listen 127.0.0.1:1 2>&1";
      std::string out;
      FILE* p = ::popen(cmd.c_str(), "r");
      ASSERT_TRUE(p);
      char buf[512];
      while (std::fgets(buf, sizeof buf, p)) out += buf;
      const int status = ::pclose(p);
      ASSERT_TRUE(WIFEXITED(status)) << cmd;
      EXPECT_EQ(WEXITSTATUS(status), 2) << cmd << out;
      EXPECT_NE(out.find("--max-material-bytes"), std::string::npos) << out;
    }
  }
}

}  // namespace
}  // namespace huiwu::test
