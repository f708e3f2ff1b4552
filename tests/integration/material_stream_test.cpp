// An upload is streamed to disk while it is read (decision 0032), through the real server on
// a real socket: the .part file grows before the body is complete, a client that goes away
// mid-body leaves no file, and a chunked body over the limit is stopped while it is read
// (413 naming the field) with nothing kept.
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "material_upload_fixture.hpp"
#include "raw_socket.hpp"
#include "support/eventually.hpp"

namespace huiwu::test {
namespace stream_tests {  // named: unity builds merge the test files
namespace fs = std::filesystem;
namespace json = boost::json;

constexpr std::size_t limit = 1024 * 1024;

std::string pdf_of(std::size_t size) {
  std::ifstream in(std::string(HUIWU_MATERIAL_SAMPLES) + "/outline.pdf", std::ios::binary);
  std::string b{std::istreambuf_iterator<char>(in), {}};
  b.resize(size, ' ');
  return b;
}

class MaterialStreamTest : public material_upload_fixture {
 protected:
  MaterialStreamTest()
      : material_upload_fixture("huiwu-stream-", {"--max-material-bytes", std::to_string(limit)}) {}
  std::size_t materials_listed() {
    auto r = http_get(server_.port(), "/api/meetings/materials?m=" + meeting_);
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body).at("items").at(0).at("materials").as_array().size();
  }
};

TEST_F(MaterialStreamTest, TheBodyReachesTheDiskWhileItIsReadAndACutUploadLeavesNothing) {
  const auto body = pdf_of(800 * 1024);
  raw_socket s(server_.port());
  s.send(head("Content-Length: " + std::to_string(body.size())));
  s.send(std::string_view(body).substr(0, 400 * 1024));
  // Half the body sent, the request not complete: its bytes are already in a .part file.
  ASSERT_TRUE(eventually([&] {
    for (const auto& p : files_under(dir_ / "tmp")) {
      if (p.extension() == ".part" && fs::file_size(p) >= 400 * 1024) return true;
    }
    return false;
  })) << "no .part file with the bytes sent so far";
  s.close();  // the client goes away mid-body
  EXPECT_TRUE(eventually([&] { return files_under(dir_).empty(); }))
      << "left behind: " << (files_under(dir_).empty() ? "" : files_under(dir_)[0].string());
  EXPECT_EQ(materials_listed(), 0u);

  // The same file sent whole afterwards is stored, once, under its hash.
  raw_socket whole(server_.port());
  whole.send(head("Content-Length: " + std::to_string(body.size())) + body);
  const auto answer = whole.read_all();
  ASSERT_NE(answer.find("HTTP/1.1 201"), std::string::npos) << answer.substr(0, 300);
  const auto files = files_under(dir_);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(fs::file_size(files[0]), body.size());
  EXPECT_NE(answer.find(files[0].filename().string()), std::string::npos)  // its SHA-256
      << answer.substr(answer.find("\r\n\r\n"));
  EXPECT_EQ(materials_listed(), 1u);
}

TEST_F(MaterialStreamTest, AChunkedBodyOverTheLimitIsStoppedWhileReadAndNothingIsKept) {
  raw_socket s(server_.port());
  s.send(head("Transfer-Encoding: chunked"));
  const std::string chunk(64 * 1024, 'x');
  char size_line[32];
  std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
  s.send(std::string(size_line) + "%PDF-1.4\n" + chunk.substr(9) + "\r\n");
  for (std::size_t sent = chunk.size(); sent <= limit; sent += chunk.size()) {
    s.send(std::string(size_line) + chunk + "\r\n");
  }
  const auto answer = s.read_all();
  ASSERT_NE(answer.find("HTTP/1.1 413"), std::string::npos) << answer.substr(0, 300);
  const auto body = json::parse(answer.substr(answer.find("\r\n\r\n") + 4));
  EXPECT_EQ(body.at("error").at("code").as_string(), "too_large");
  EXPECT_EQ(body.at("error").at("field").as_string(), "file");
  EXPECT_TRUE(eventually([&] { return files_under(dir_).empty(); }));
  EXPECT_EQ(materials_listed(), 0u);
}

// The sweep command against the real Redis: a blob a meeting names stays, an old one no
// meeting names goes, a young one (an upload whose metadata is not in yet) stays.
TEST_F(MaterialStreamTest, TheSweepCommandRemovesOnlyOldBlobsNoMeetingNames) {
  const auto body = pdf_of(64 * 1024);
  raw_socket s(server_.port());
  s.send(head("Content-Length: " + std::to_string(body.size())) + body);
  ASSERT_NE(s.read_all().find("HTTP/1.1 201"), std::string::npos);
  const auto named = files_under(dir_).at(0);
  const auto orphan = dir_ / "ab" / ("ab" + std::string(62, '1'));
  const auto young = dir_ / "cd" / ("cd" + std::string(62, '2'));
  for (const auto& p : {orphan, young}) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << "bytes no meeting names";
  }
  const auto old = fs::file_time_type::clock::now() - std::chrono::hours(30);
  fs::last_write_time(named, old);
  fs::last_write_time(orphan, old);
  const std::string cmd =
      std::string("'") + HUIWU_SERVER_BIN + "' --redis 127.0.0.1:" + std::to_string(redis_.port()) +
      " --materials-dir '" + dir_.string() + "' --sweep-materials --sweep-grace-hours 24";
  FILE* p = ::popen(cmd.c_str(), "r");
  ASSERT_TRUE(p);
  std::string out;
  char buf[256];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  const int status = ::pclose(p);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << out;
  EXPECT_NE(out.find("removed 1 unreferenced blobs"), std::string::npos) << out;
  EXPECT_FALSE(fs::exists(orphan));
  EXPECT_TRUE(fs::exists(named));
  EXPECT_TRUE(fs::exists(young));
  EXPECT_EQ(materials_listed(), 1u);
  auto r = http_get(server_.port(), "/api/meetings/materials/file?m=" + meeting_ +
                                        "&item=" + item_ + "&material=" +
                                        std::string(json::parse(http_get(server_.port(),
                                                                         "/api/meetings/"
                                                                         "materials?m=" +
                                                                             meeting_)
                                                                    .body)
                                                        .at("items")
                                                        .at(0)
                                                        .at("materials")
                                                        .at(0)
                                                        .at("id")
                                                        .as_string()));
  EXPECT_EQ(r.body, body);  // still served
}

}  // namespace stream_tests
}  // namespace huiwu::test
