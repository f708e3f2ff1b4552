#include "net/static_files.hpp"

#include <system_error>

namespace huiwu::net {

std::optional<std::string> percent_decode(std::string_view s) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;  // "%" or "%X" at the end
    const int hi = hex(s[i + 1]);
    const int lo = hex(s[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

std::optional<std::filesystem::path> resolve_static(const std::filesystem::path& root,
                                                    std::string_view target) {
  const auto q = target.find_first_of("?#");
  if (q != std::string_view::npos) target = target.substr(0, q);
  if (target.empty() || target[0] != '/') return std::nullopt;
  // Decode once, then judge the decoded path: "%2e%2e" is "..". A second round of
  // decoding never happens, so "%252e" stays the harmless literal "%2e".
  auto decoded = percent_decode(target);
  if (!decoded) return std::nullopt;
  std::filesystem::path rel;
  std::size_t start = 1;
  while (start <= decoded->size()) {
    auto end = decoded->find('/', start);
    if (end == std::string::npos) end = decoded->size();
    const std::string_view seg(decoded->data() + start, end - start);
    if (seg == "." || seg == "..") return std::nullopt;
    for (char c : seg) {
      if (c == '\\' || c == '\0' || c == ':') return std::nullopt;
    }
    if (!seg.empty()) rel /= std::string(seg);
    start = end + 1;
  }
  std::error_code ec;
  const auto base = std::filesystem::weakly_canonical(root, ec);
  if (ec) return std::nullopt;
  auto full = base / rel;
  if (std::filesystem::is_directory(full, ec)) full /= "index.html";
  const auto canon = std::filesystem::weakly_canonical(full, ec);
  if (ec) return std::nullopt;
  // A symlink inside the root must not lead out of it.
  const auto b = base.native();
  const auto c = canon.native();
  if (c.size() <= b.size() || c.compare(0, b.size(), b) != 0 || c[b.size()] != '/') {
    return std::nullopt;
  }
  if (!std::filesystem::is_regular_file(canon, ec)) return std::nullopt;
  return canon;
}

std::string_view mime_type(const std::filesystem::path& p) {
  const auto ext = p.extension().string();
  if (ext == ".html" || ext == ".htm") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".txt" || ext == ".md") return "text/plain; charset=utf-8";
  if (ext == ".pdf") return "application/pdf";
  return "application/octet-stream";
}

}  // namespace huiwu::net
