// The content-addressed blob directory on a real disk: stored once, complete or not at all,
// and file names made safe.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "materials/blob_store.hpp"

namespace huiwu::materials {
namespace {
namespace fs = std::filesystem;

// sha256("abc")
constexpr const char* abc_sha = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

class BlobStore : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("huiwu-blobs-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  std::size_t files_under(const fs::path& p) {
    std::size_t n = 0;
    for (const auto& e : fs::recursive_directory_iterator(p)) n += e.is_regular_file();
    return n;
  }
  fs::path root_;
};

TEST_F(BlobStore, TheSameBytesAreStoredOnceUnderTheirHash) {
  blob_store s(root_);
  ASSERT_FALSE(s.open());
  ASSERT_FALSE(s.put(abc_sha, "abc"));
  ASSERT_FALSE(s.put(abc_sha, "abc"));
  const auto p = s.find(abc_sha, 3);
  ASSERT_FALSE(p.empty());
  EXPECT_EQ(p, root_ / "ba" / abc_sha);
  std::ifstream in(p, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "abc");
  EXPECT_EQ(files_under(root_), 1u);  // nothing left in tmp/
  // Two stores on one directory (two instances) see the same blob.
  blob_store other(root_);
  ASSERT_FALSE(other.open());
  EXPECT_EQ(other.find(abc_sha, 3), p);
  EXPECT_TRUE(other.find(abc_sha, 4).empty());  // a size that does not match is not it
}

TEST_F(BlobStore, BadNamesAndUnwritableDirectoriesAreErrors) {
  blob_store s(root_);
  ASSERT_FALSE(s.open());
  EXPECT_TRUE(s.put("../../etc/passwd", "x"));
  EXPECT_TRUE(s.find("../../etc/passwd", 1).empty());
  EXPECT_EQ(files_under(root_), 0u);
  std::ofstream(root_ / "file") << "x";
  blob_store under_a_file(root_ / "file" / "sub");
  EXPECT_TRUE(under_a_file.open());
}

TEST_F(BlobStore, AStaleHalfWrittenFileIsSweptAtOpen) {
  fs::create_directories(root_ / "tmp");
  const auto stale = root_ / "tmp" / "x.part";
  std::ofstream(stale) << "half";
  fs::last_write_time(stale, fs::file_time_type::clock::now() - std::chrono::hours(2));
  const auto fresh = root_ / "tmp" / "y.part";  // another instance, writing now
  std::ofstream(fresh) << "half";
  blob_store s(root_);
  ASSERT_FALSE(s.open());
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_TRUE(fs::exists(fresh));
}

TEST(CleanFileName, KeepsChineseDropsPathsAndControls) {
  EXPECT_EQ(clean_file_name("C:\\Users\\张华\\汇报提纲.docx"), "汇报提纲.docx");
  EXPECT_EQ(clean_file_name("../../etc/passwd"), "passwd");
  EXPECT_EQ(clean_file_name("a\r\nb\"c.pdf"), "abc.pdf");
  EXPECT_EQ(clean_file_name("  .hidden.pdf "), "hidden.pdf");
  EXPECT_EQ(clean_file_name("\xff\xfe.pdf"), "\xEF\xBF\xBD\xEF\xBF\xBD.pdf");
  EXPECT_EQ(clean_file_name("/"), "");
  const auto long_name = clean_file_name(std::string(300, 'a') + ".pptx");
  EXPECT_EQ(long_name.size(), 120u);
  EXPECT_EQ(long_name.substr(115), ".pptx");
}

}  // namespace
}  // namespace huiwu::materials
