#pragma once
// What the streamed-upload tests share (material_stream_test, material_upload_test): a
// real server with its own materials directory, a meeting with one item, the raw head of an
// upload into it, and the files under the directory.
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "server_fixture.hpp"

namespace huiwu::test {

inline std::vector<std::filesystem::path> files_under(const std::filesystem::path& d) {
  std::vector<std::filesystem::path> out;
  if (!std::filesystem::exists(d)) return out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(d)) {
    if (e.is_regular_file()) out.push_back(e.path());
  }
  return out;
}

class material_upload_fixture : public ::testing::Test {
 protected:
  // `prefix` names the directory (one per process and test); `args` go to the server after
  // --materials-dir.
  material_upload_fixture(const std::string& prefix, std::vector<std::string> args)
      : dir_(std::filesystem::temp_directory_path() /
             (prefix + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name())),
        server_(redis_.port(), with_dir(dir_, std::move(args))) {}
  void SetUp() override {
    ws_ = std::make_unique<ws_client>(server_.port(), "c-sec");
    meeting_ = ws_->create_meeting("专题会议").id();
    ws_->join(meeting_);
    ASSERT_TRUE(ws_->command(meeting_, add_item_change("预算")).has_ack());
    item_ = ws_->join(meeting_).snapshot().agenda(0).id();
  }
  void TearDown() override {
    if (HasFailure()) std::cerr << "--- server log ---\n" << server_.log_tail() << '\n';
    std::filesystem::remove_all(dir_);
  }
  // The head of an upload of "a.pdf" into the item; `more` adds query parameters.
  std::string head(const std::string& length_or_chunked, const std::string& more = {}) {
    return "POST /api/meetings/materials?m=" + meeting_ + "&item=" + item_ + "&name=a.pdf" + more +
           " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + server_.token() + "\r\n" +
           length_or_chunked + "\r\n\r\n";
  }

  std::filesystem::path dir_;
  redis_process redis_;
  server_process server_;
  std::unique_ptr<ws_client> ws_;
  std::string meeting_, item_;

 private:
  static std::vector<std::string> with_dir(const std::filesystem::path& dir,
                                           std::vector<std::string> args) {
    std::filesystem::remove_all(dir);
    args.insert(args.begin(), {"--materials-dir", dir.string()});
    return args;
  }
};

}  // namespace huiwu::test
