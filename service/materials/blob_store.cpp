#include "materials/blob_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <random>

#include "base/utf8.hpp"

namespace huiwu::materials {
namespace fs = std::filesystem;
namespace {

std::error_code last_error() {
  return {errno, std::generic_category()};
}

std::error_code write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const auto n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return last_error();
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

std::string unique_suffix() {
  static std::atomic<std::uint64_t> counter{0};
  static const auto seed = std::random_device{}();
  return std::to_string(::getpid()) + '-' + std::to_string(seed) + '-' +
         std::to_string(counter.fetch_add(1));
}

bool valid_sha(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

std::error_code blob_store::open() {
  std::error_code ec;
  fs::create_directories(root_ / "tmp", ec);
  if (ec) return ec;
  if (::access((root_ / "tmp").c_str(), W_OK) != 0) return last_error();
  const auto cutoff = fs::file_time_type::clock::now() - std::chrono::hours(1);
  for (const auto& e : fs::directory_iterator(root_ / "tmp", ec)) {
    std::error_code ignore;
    if (e.path().extension() == ".part" && e.last_write_time(ignore) < cutoff) {
      fs::remove(e.path(), ignore);
    }
  }
  return {};
}

fs::path blob_store::path_of(std::string_view sha) const {
  return root_ / std::string(sha.substr(0, 2)) / std::string(sha);
}

fs::path blob_store::find(std::string_view sha, std::int64_t size) const {
  if (!valid_sha(sha)) return {};
  std::error_code ec;
  auto p = path_of(sha);
  const auto n = fs::file_size(p, ec);
  if (ec || static_cast<std::int64_t>(n) != size) return {};
  return p;
}

std::error_code blob_store::put(std::string_view sha, std::string_view bytes) {
  if (!valid_sha(sha)) return std::make_error_code(std::errc::invalid_argument);
  if (!find(sha, static_cast<std::int64_t>(bytes.size())).empty()) return {};
  std::error_code ec;
  const auto dir = root_ / std::string(sha.substr(0, 2));
  fs::create_directories(dir, ec);
  if (ec) return ec;
  const auto part = root_ / "tmp" / (std::string(sha) + '.' + unique_suffix() + ".part");
  const int fd = ::open(part.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) return last_error();
  ec = write_all(fd, bytes);
  if (!ec && ::fsync(fd) != 0) ec = last_error();
  ::close(fd);
  if (!ec) fs::rename(part, path_of(sha), ec);
  if (ec) {
    std::error_code ignore;
    fs::remove(part, ignore);
    return ec;
  }
  // The rename itself must survive a crash before the metadata names the blob.
  if (const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return {};
}

blob_store::sweep_result blob_store::sweep(const std::unordered_set<std::string>& keep,
                                           fs::file_time_type cutoff, std::error_code& ec) const {
  sweep_result r;
  ec = {};
  for (const auto& fan : fs::directory_iterator(root_, ec)) {
    if (!fan.is_directory()) continue;
    const auto name = fan.path().filename().string();
    const bool tmp = name == "tmp";
    if (!tmp && (name.size() != 2 || !valid_sha(name + std::string(62, '0')))) continue;
    for (const auto& f : fs::directory_iterator(fan.path(), ec)) {
      std::error_code e;
      const auto file = f.path().filename().string();
      const bool blob = !tmp && valid_sha(file) && file.starts_with(name);
      if (!(blob || (tmp && f.path().extension() == ".part")) || !f.is_regular_file(e)) continue;
      if ((blob && keep.count(file)) || f.last_write_time(e) >= cutoff || e) {
        r.kept += blob;
        continue;
      }
      const auto size = f.file_size(e);
      if (fs::remove(f.path(), e)) {
        r.removed += blob;
        r.bytes_removed += blob ? size : 0;
      }
    }
    if (ec) return r;
  }
  return r;
}

std::string clean_file_name(std::string_view raw) {
  if (const auto slash = raw.find_last_of("/\\"); slash != std::string_view::npos) {
    raw.remove_prefix(slash + 1);
  }
  std::string kept;
  for (unsigned char c : raw) {
    if (c < 0x20 || c == 0x7F || c == '"') continue;
    kept += static_cast<char>(c);
  }
  auto cps = utf8::decode(utf8::replace_invalid(kept));
  if (!cps) return {};
  std::u32string s = std::move(*cps);
  while (!s.empty() && (s.front() == U' ' || s.front() == U'.')) s.erase(s.begin());
  while (!s.empty() && s.back() == U' ') s.pop_back();
  constexpr std::size_t max_cps = 120;
  if (s.size() > max_cps) {
    const auto dot = s.rfind(U'.');
    std::u32string ext = dot != std::u32string::npos && s.size() - dot <= 10 ? s.substr(dot) : U"";
    s = s.substr(0, max_cps - ext.size()) + ext;
  }
  return utf8::encode(s);
}

}  // namespace huiwu::materials
