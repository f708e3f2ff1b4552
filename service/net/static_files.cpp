#include "net/static_files.hpp"

#include <boost/url/pct_string_view.hpp>
#include <system_error>

namespace huiwu::net {

std::optional<std::filesystem::path> resolve_static(const std::filesystem::path& root,
                                                    std::string_view target) {
  const auto q = target.find_first_of("?#");
  if (q != std::string_view::npos) target = target.substr(0, q);
  if (target.empty() || target[0] != '/') return std::nullopt;
  // Decode once, then judge the decoded path: "%2e%2e" is "..". A second round of
  // decoding never happens, so "%252e" stays the harmless literal "%2e".
  // A '%' not followed by two hex digits makes no path. In a path '+' is itself.
  const auto encoded = boost::urls::make_pct_string_view(target);
  if (!encoded) return std::nullopt;
  const std::string decoded = encoded->decode();
  std::filesystem::path rel;
  std::size_t start = 1;
  while (start <= decoded.size()) {
    auto end = decoded.find('/', start);
    if (end == std::string::npos) end = decoded.size();
    const std::string_view seg(decoded.data() + start, end - start);
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
