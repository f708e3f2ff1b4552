// The materials upload sink (app/material_store.hpp, decision 0039): what the HTTP session
// stages on its network thread is written and hashed on the store's pool, in order, and
// dropping the sink before it is kept leaves no file.
#include <gtest/gtest.h>

#include <filesystem>
#include <future>
#include <thread>

#include "app/material_store.hpp"

namespace huiwu::app {
namespace {
namespace fs = std::filesystem;

class BlobSink : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("huiwu-sink-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    store_ = std::make_shared<material_store>(root_.string());
    ASSERT_FALSE(store_->open());
    std::error_code ec;
    auto w = materials::blob_writer::begin(store_->blobs.root(), ec);
    ASSERT_FALSE(ec) << ec.message();
    part_ = w->part_path();
    sink_ = std::make_shared<blob_sink>(std::move(w), store_);
  }
  void TearDown() override {
    sink_.reset();
    store_.reset();
    fs::remove_all(root_);
  }
  // Flushes what is staged and waits for the write: the thread it ran on, and its error.
  std::pair<std::thread::id, std::error_code> flush() {
    std::promise<std::pair<std::thread::id, std::error_code>> done;
    auto f = done.get_future();
    sink_->flush([&done](std::error_code ec) { done.set_value({std::this_thread::get_id(), ec}); });
    EXPECT_EQ(sink_->staged(), 0u) << "flush() must take everything staged";
    return f.get();
  }

  fs::path root_, part_;
  std::shared_ptr<material_store> store_;
  std::shared_ptr<blob_sink> sink_;
};

TEST_F(BlobSink, StagedBytesAreWrittenOnThePoolInOrderAndHashedWhole) {
  sink_->stage("a");
  EXPECT_EQ(sink_->staged(), 1u);
  EXPECT_EQ(fs::file_size(part_), 0u) << "staging must not touch the disk";
  const auto [first_thread, first_error] = flush();
  EXPECT_FALSE(first_error);
  EXPECT_NE(first_thread, std::this_thread::get_id()) << "written on the caller's thread";
  sink_->stage("b");
  sink_->stage("c");
  const auto [second_thread, second_error] = flush();
  EXPECT_FALSE(second_error);
  EXPECT_NE(second_thread, std::this_thread::get_id());
  EXPECT_EQ(fs::file_size(part_), 3u);
  EXPECT_EQ(sink_->size(), 3u);
  EXPECT_EQ(sink_->writer->sha256(),  // SHA-256 of "abc"
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(BlobSink, DroppingTheSinkBeforeItIsKeptRemovesThePartFile) {
  sink_->stage(std::string(100'000, 'x'));
  EXPECT_FALSE(flush().second);
  EXPECT_TRUE(fs::exists(part_));
  sink_.reset();
  EXPECT_FALSE(fs::exists(part_));
}

}  // namespace
}  // namespace huiwu::app
