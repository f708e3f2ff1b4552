#include "materials/blob_writer.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <random>

namespace huiwu::materials {
namespace fs = std::filesystem;
namespace {

std::error_code writer_errno() {
  return {errno, std::generic_category()};
}

std::string part_suffix() {
  static std::atomic<std::uint64_t> counter{0};
  static const auto seed = std::random_device{}();
  return std::to_string(::getpid()) + '-' + std::to_string(seed) + '-' +
         std::to_string(counter.fetch_add(1));
}

EVP_MD_CTX* ctx_of(void* md) {
  return static_cast<EVP_MD_CTX*>(md);
}

}  // namespace

std::unique_ptr<blob_writer> blob_writer::begin(const fs::path& root, std::error_code& ec) {
  auto part = root / "tmp" / ("upload." + part_suffix() + ".part");
  const int fd = ::open(part.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) {
    ec = writer_errno();
    return nullptr;
  }
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  if (!md || EVP_DigestInit_ex(md, EVP_sha256(), nullptr) != 1) {
    EVP_MD_CTX_free(md);
    ::close(fd);
    ::unlink(part.c_str());
    ec = std::make_error_code(std::errc::not_enough_memory);
    return nullptr;
  }
  ec = {};
  return std::unique_ptr<blob_writer>(new blob_writer(root, std::move(part), fd, md));
}

blob_writer::blob_writer(fs::path root, fs::path part, int fd, void* md)
    : root_(std::move(root)), part_(std::move(part)), fd_(fd), md_(md) {}

blob_writer::~blob_writer() {
  EVP_MD_CTX_free(ctx_of(md_));
  if (fd_ >= 0) ::close(fd_);
  if (!kept_) ::unlink(part_.c_str());
}

std::error_code blob_writer::write(std::string_view bytes) {
  if (!sha_.empty()) return std::make_error_code(std::errc::bad_file_descriptor);
  if (EVP_DigestUpdate(ctx_of(md_), bytes.data(), bytes.size()) != 1) {
    return std::make_error_code(std::errc::io_error);
  }
  size_ += bytes.size();
  while (!bytes.empty()) {
    const auto n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return writer_errno();
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

sniffed blob_writer::sniff() const {
  if (size_ == 0) return {};
  void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd_, 0);
  if (p == MAP_FAILED) return {};
  auto kind = materials::sniff({static_cast<const char*>(p), size_});
  ::munmap(p, size_);
  return kind;
}

const std::string& blob_writer::sha256() {
  if (!sha_.empty()) return sha_;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_DigestFinal_ex(ctx_of(md_), digest, &n);
  static constexpr char hex[] = "0123456789abcdef";
  for (unsigned int i = 0; i < n; ++i) {
    sha_ += hex[digest[i] >> 4];
    sha_ += hex[digest[i] & 15];
  }
  return sha_;
}

std::error_code blob_writer::keep() {
  const auto& sha = sha256();
  const auto dir = root_ / sha.substr(0, 2);
  const auto target = dir / sha;
  std::error_code ec;
  if (fs::file_size(target, ec) == size_ && !ec) return {};  // stored once: ours goes
  fs::create_directories(dir, ec);
  if (ec) return ec;
  if (::fsync(fd_) != 0) return writer_errno();
  fs::rename(part_, target, ec);
  if (ec) return ec;
  kept_ = true;
  // The rename itself must survive a crash before the metadata names the blob.
  if (const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return {};
}

}  // namespace huiwu::materials
