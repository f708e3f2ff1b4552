// The bytes of materials, content-addressed on disk (decision 0027): a file's name is its
// SHA-256, so the same bytes are stored once, a stored file never changes, and any number
// of instances can share one directory (NFS, CephFS, a mounted volume) without locks: two
// instances writing the same blob write the same bytes and the last rename wins.
//
//   ROOT/ab/abcdef...   the blob (first two hex digits fan the directory out)
//   ROOT/tmp/*.part     a write in progress; renamed into place only when complete
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_set>

namespace huiwu::materials {

class blob_store {
 public:
  explicit blob_store(std::filesystem::path root) : root_(std::move(root)) {}

  // Creates ROOT and ROOT/tmp, and removes .part files older than an hour (an instance
  // that died mid-write); an error when the directory cannot be written.
  std::error_code open();

  // Stores `bytes` under `sha256` (the caller computed it over exactly these bytes): written
  // to ROOT/tmp, flushed to disk, then renamed into place. A blob already there with the
  // same size is kept as is (stored once).
  std::error_code put(std::string_view sha256, std::string_view bytes);

  // Where the blob is, when it is there with `size` bytes; empty otherwise.
  std::filesystem::path find(std::string_view sha256, std::int64_t size) const;

  const std::filesystem::path& root() const { return root_; }

  // Garbage collection (decision 0032): removes every blob whose name is not in `keep` and
  // every .part file, when last written before `cutoff` (an upload in flight, or a blob
  // written just before its metadata was committed, is younger and stays).
  struct sweep_result {
    std::size_t removed = 0, kept = 0;
    std::uintmax_t bytes_removed = 0;
  };
  sweep_result sweep(const std::unordered_set<std::string>& keep,
                     std::filesystem::file_time_type cutoff, std::error_code& ec) const;

 private:
  std::filesystem::path path_of(std::string_view sha256) const;
  std::filesystem::path root_;
};

// A file name as given by a browser, made safe to keep and to send back: the last path
// component only, control characters and quotes dropped, invalid UTF-8 replaced, at most
// 120 code points (the extension kept). "" when nothing is left.
std::string clean_file_name(std::string_view raw);

}  // namespace huiwu::materials
