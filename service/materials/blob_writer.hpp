// One file being stored into the blob directory while its bytes arrive (decision 0032):
// written to ROOT/tmp/upload.*.part and hashed (SHA-256, OpenSSL EVP) chunk by chunk, so an
// upload is never held in memory; kept under its hash only when the caller says so, and
// removed otherwise — an upload cut short, refused or failing leaves nothing behind.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>

#include "materials/sniff.hpp"

namespace huiwu::materials {

class blob_writer {
 public:
  // Opens a new .part file under root/tmp (which must exist: blob_store::open).
  static std::unique_ptr<blob_writer> begin(const std::filesystem::path& root, std::error_code& ec);
  ~blob_writer();  // closes the file and removes it unless kept
  blob_writer(const blob_writer&) = delete;
  blob_writer& operator=(const blob_writer&) = delete;

  std::error_code write(std::string_view chunk);
  std::uint64_t size() const { return size_; }
  // What the bytes written are (sniff over the file, mapped, not read into memory).
  sniffed sniff() const;
  // The SHA-256 of everything written, as 64 hex digits; no write may follow.
  const std::string& sha256();
  // Flushes the file to disk and renames it to ROOT/ab/<sha256>, or drops it when that blob
  // is already there with the same size (stored once); the directory entry is flushed too.
  std::error_code keep();
  const std::filesystem::path& part_path() const { return part_; }

 private:
  blob_writer(std::filesystem::path root, std::filesystem::path part, int fd, void* md);
  std::filesystem::path root_, part_;
  int fd_ = -1;
  void* md_ = nullptr;  // EVP_MD_CTX
  std::uint64_t size_ = 0;
  std::string sha_;
  bool kept_ = false;
};

}  // namespace huiwu::materials
