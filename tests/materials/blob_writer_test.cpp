// Streaming a file into the blob directory (decision 0032) and sweeping what no meeting
// names, on a real disk: hashed while written, kept under its hash or gone, stored once, and
// the sweep spares referenced blobs and anything younger than its grace.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "materials/blob_store.hpp"
#include "materials/blob_writer.hpp"

namespace huiwu::materials {
namespace {
namespace fs = std::filesystem;

constexpr const char* abc_digest =
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

class BlobWriter : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("huiwu-writer-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    ASSERT_FALSE(blob_store(root_).open());
  }
  void TearDown() override { fs::remove_all(root_); }
  std::size_t files_under(const fs::path& p) {
    std::size_t n = 0;
    for (const auto& e : fs::recursive_directory_iterator(p)) n += e.is_regular_file();
    return n;
  }
  std::unique_ptr<blob_writer> begin() {
    std::error_code ec;
    auto w = blob_writer::begin(root_, ec);
    EXPECT_FALSE(ec) << ec.message();
    return w;
  }
  fs::path root_;
};

TEST_F(BlobWriter, ChunksAreHashedWhileWrittenAndKeptUnderTheirHashOnce) {
  auto w = begin();
  ASSERT_FALSE(w->write("a"));
  ASSERT_FALSE(w->write("bc"));
  EXPECT_EQ(fs::file_size(w->part_path()), 3u);  // on disk before the end
  EXPECT_EQ(w->size(), 3u);
  EXPECT_EQ(w->sha256(), abc_digest);
  ASSERT_FALSE(w->keep());
  w.reset();
  const auto blob = root_ / "ba" / abc_digest;
  EXPECT_EQ(fs::file_size(blob), 3u);
  EXPECT_EQ(files_under(root_), 1u);
  auto again = begin();  // the same bytes again: the blob stays, the second copy goes
  ASSERT_FALSE(again->write("abc"));
  ASSERT_FALSE(again->keep());
  again.reset();
  EXPECT_EQ(files_under(root_), 1u);
}

TEST_F(BlobWriter, AWriterDroppedBeforeKeepLeavesNothingAndTheTypeComesFromTheBytes) {
  auto w = begin();
  ASSERT_FALSE(w->write("%PDF-1.7\n"));
  EXPECT_EQ(w->sniff().type, "pdf");
  const auto part = w->part_path();
  EXPECT_TRUE(fs::exists(part));
  w.reset();  // refused, or the client went away
  EXPECT_FALSE(fs::exists(part));
  EXPECT_EQ(files_under(root_), 0u);
  auto text = begin();
  ASSERT_FALSE(text->write("just text"));
  EXPECT_EQ(text->sniff().type, "");
}

TEST_F(BlobWriter, TheSweepRemovesOnlyOldBlobsNoMeetingNames) {
  auto put = [&](std::string_view bytes) {
    auto w = begin();
    EXPECT_FALSE(w->write(bytes));
    EXPECT_FALSE(w->keep());
    return w->sha256();
  };
  const auto named = put("named"), orphan = put("orphan"), young = put("young");
  const auto old = fs::file_time_type::clock::now() - std::chrono::hours(48);
  for (const auto& sha : {named, orphan}) fs::last_write_time(root_ / sha.substr(0, 2) / sha, old);
  const auto stale_part = root_ / "tmp" / "upload.1.part";
  std::ofstream(stale_part) << "half";
  fs::last_write_time(stale_part, old);
  auto in_flight = begin();  // an upload being written now
  ASSERT_FALSE(in_flight->write("in flight"));
  std::ofstream(root_ / "README") << "not ours";  // anything else is left alone

  blob_store s(root_);
  std::error_code ec;
  const auto r = s.sweep({named}, fs::file_time_type::clock::now() - std::chrono::hours(24), ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(r.removed, 1u);
  EXPECT_EQ(r.bytes_removed, 6u);
  EXPECT_EQ(r.kept, 2u);
  EXPECT_FALSE(fs::exists(root_ / orphan.substr(0, 2) / orphan));
  EXPECT_TRUE(fs::exists(root_ / named.substr(0, 2) / named));
  EXPECT_TRUE(fs::exists(root_ / young.substr(0, 2) / young));
  EXPECT_FALSE(fs::exists(stale_part));
  EXPECT_TRUE(fs::exists(in_flight->part_path()));
  EXPECT_TRUE(fs::exists(root_ / "README"));
}

}  // namespace
}  // namespace huiwu::materials
