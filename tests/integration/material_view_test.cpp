// 仅阅读 (view-only) materials through the real server (decision 0032, protocol.md §6.6):
// a secret item's materials and flagged ones reach readers only inline, in the page's
// viewer; the download route refuses them (403, field material) and every view is audited
// with who and when; secretaries keep the file; only a PDF or an image can be view only.
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "server_fixture.hpp"

namespace huiwu::test {
namespace view_tests {  // named: unity builds merge the test files
namespace fs = std::filesystem;
namespace json = boost::json;

std::string sample(const std::string& name) {
  std::ifstream in(std::string(HUIWU_MATERIAL_SAMPLES) + "/" + name, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::size_t files_under(const fs::path& d) {
  std::size_t n = 0;
  if (!fs::exists(d)) return 0;
  for (const auto& e : fs::recursive_directory_iterator(d)) n += e.is_regular_file();
  return n;
}

class MaterialViewTest : public ::testing::Test {
 protected:
  MaterialViewTest()
      : dir_(fs::temp_directory_path() / ("huiwu-view-" + std::to_string(::getpid()))),
        server_(redis_.port(), {"--materials-dir", (fs::remove_all(dir_), dir_.string())}) {}
  void SetUp() override {
    for (const auto& id : {"sec", "part"}) {
      ASSERT_EQ(create_account(redis_.port(), id, std::string("password-") + id, "secret"), 0);
      tokens_[id] = log_in(server_.port(), id, std::string("password-") + id);
    }
    ws_ = std::make_unique<ws_client>(server_.port(), "c-sec", tokens_["sec"]);
    meeting_ = ws_->create_meeting("人事工作会议").id();
    ws_->join(meeting_);
    for (auto [title, level] :
         {std::pair{"工作汇报", v1::LEVEL_INTERNAL}, std::pair{"干部任免", v1::LEVEL_SECRET}}) {
      auto c = add_item_change(title);
      c.mutable_add_item()->mutable_item()->set_level(level);
      ASSERT_TRUE(ws_->command(meeting_, c).has_ack());
    }
    const auto s = ws_->join(meeting_).snapshot();
    open_ = s.agenda(0).id();
    secret_ = s.agenda(1).id();
    v1::Change a;
    a.mutable_add_attendee()->mutable_attendee()->set_name("李娜");
    a.mutable_add_attendee()->mutable_attendee()->set_account_id("part");
    ASSERT_TRUE(ws_->command(meeting_, a).has_ack());
  }
  void TearDown() override {
    if (HasFailure()) std::cerr << "--- server log ---\n" << server_.log_tail() << '\n';
    fs::remove_all(dir_);
  }
  std::vector<std::pair<std::string, std::string>> as(const std::string& who) {
    return {{"Authorization", "Bearer " + tokens_[who]}};
  }
  http_result upload(const std::string& item, const std::string& name, const std::string& bytes,
                     const std::string& extra = {}) {
    return http_request(
        server_.port(),
        "/api/meetings/materials?m=" + meeting_ + "&item=" + item + "&name=" + name + extra, "POST",
        bytes, as("sec"));
  }
  http_result file(const std::string& who, const std::string& item, const std::string& id,
                   const std::string& extra = {}) {
    return http_request(
        server_.port(),
        "/api/meetings/materials/file?m=" + meeting_ + "&item=" + item + "&material=" + id + extra,
        "GET", {}, as(who));
  }
  static std::string id_of(const http_result& r) {
    return std::string(json::parse(r.body).at("material").at("id").as_string());
  }
  static std::string field(const http_result& r) {
    return std::string(json::parse(r.body).at("error").at("field").as_string());
  }

  fs::path dir_;
  redis_process redis_;
  server_process server_;
  std::map<std::string, std::string> tokens_;
  std::unique_ptr<ws_client> ws_;
  std::string meeting_, open_, secret_;
};

TEST_F(MaterialViewTest, ASecretItemsMaterialIsShownNeverDownloadedAndEveryViewIsAudited) {
  const auto pdf = sample("outline.pdf");
  auto up = upload(secret_, "list.pdf", pdf);
  ASSERT_EQ(up.status, 201) << up.body;
  EXPECT_TRUE(json::parse(up.body).at("material").at("view_only").as_bool());
  const auto id = id_of(up);

  auto refused = file("part", secret_, id);
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(field(refused), "material");
  EXPECT_EQ(refused.body.find("%PDF"), std::string::npos);
  EXPECT_EQ(file("part", secret_, id, "&v=1").status, 403);  // an older version neither
  auto shown = file("part", secret_, id, "&inline=1");
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(shown.body, pdf);
  EXPECT_EQ(shown.headers["content-disposition"].rfind("inline;", 0), 0u);
  EXPECT_EQ(shown.headers["cache-control"], "private, no-store");
  EXPECT_EQ(file("sec", secret_, id).status, 200);  // the secretariat keeps the file

  // Two views by the reader, each recorded with who and when.
  ASSERT_EQ(file("part", secret_, id, "&inline=1").status, 200);
  auto audit = http_get(server_.port(), "/api/audit?action=material_download");
  ASSERT_EQ(audit.status, 200) << audit.body;
  int views = 0;
  const auto parsed = json::parse(audit.body);
  for (const auto& e : parsed.at("entries").as_array()) {
    const std::string detail(e.at("detail").as_string());
    if (e.at("actor").as_string() == "part") {
      ++views;
      EXPECT_NE(detail.find("material " + id), std::string::npos) << detail;
      EXPECT_NE(detail.find("viewed"), std::string::npos) << detail;
      EXPECT_GT(e.at("at_ms").to_number<std::int64_t>(), 0);
    }
  }
  EXPECT_EQ(views, 2) << audit.body;  // the refused downloads left no record and no file

  // Only what a browser shows can be view only: a Word file for the secret item is refused
  // and nothing is kept.
  const auto before = files_under(dir_);
  auto word = upload(secret_, "list.docx", sample("outline.docx"));
  EXPECT_EQ(word.status, 415) << word.body;
  EXPECT_EQ(field(word), "file");
  EXPECT_EQ(files_under(dir_), before);
}

TEST_F(MaterialViewTest, ASecretaryFlagsAMaterialViewOnlyAtUploadOrLaterAndLiftsIt) {
  auto up = upload(open_, "report.pdf", sample("outline.pdf"), "&view_only=1");
  ASSERT_EQ(up.status, 201) << up.body;
  const auto id = id_of(up);
  EXPECT_EQ(file("part", open_, id).status, 403);
  EXPECT_EQ(upload(open_, "x.pdf", sample("outline.pdf"), "&view_only=yes").status, 400);

  v1::Change lift;
  lift.mutable_set_material_view_only()->set_item_id(open_);
  lift.mutable_set_material_view_only()->set_material_id(id);
  lift.mutable_set_material_view_only()->set_view_only(false);
  ws_client reader(server_.port(), "c-part", tokens_["part"]);
  reader.join(meeting_);
  EXPECT_EQ(reader.command(meeting_, lift).error().code(), v1::ERROR_FORBIDDEN);
  EXPECT_EQ(file("part", open_, id).status, 403);
  ASSERT_TRUE(ws_->command(meeting_, lift).has_ack());
  EXPECT_EQ(file("part", open_, id).status, 200);  // downloadable again

  auto set = lift;
  set.mutable_set_material_view_only()->set_view_only(true);
  ASSERT_TRUE(ws_->command(meeting_, set).has_ack());
  EXPECT_EQ(file("part", open_, id).status, 403);

  // A Word file cannot be made view only; a secret item's cannot be lifted.
  auto word = upload(open_, "plan.docx", sample("outline.docx"));
  ASSERT_EQ(word.status, 201) << word.body;
  auto flag_word = set;
  flag_word.mutable_set_material_view_only()->set_material_id(id_of(word));
  const auto refused = ws_->command(meeting_, flag_word);
  EXPECT_EQ(refused.error().code(), v1::ERROR_INVALID_FIELD);
  EXPECT_EQ(refused.error().field(), "view_only");
  auto secret = upload(secret_, "names.pdf", sample("outline.pdf"));
  ASSERT_EQ(secret.status, 201) << secret.body;
  auto lift_secret = lift;
  lift_secret.mutable_set_material_view_only()->set_item_id(secret_);
  lift_secret.mutable_set_material_view_only()->set_material_id(id_of(secret));
  EXPECT_EQ(ws_->command(meeting_, lift_secret).error().field(), "view_only");
  EXPECT_EQ(file("part", secret_, id_of(secret)).status, 403);
}

}  // namespace view_tests
}  // namespace huiwu::test
