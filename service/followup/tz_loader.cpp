#include "followup/tz_loader.hpp"

#include <cctype>
#include <fstream>

namespace huiwu::followup {

bool valid_zone_name(std::string_view name) {
  if (name.empty() || name.size() > 255 || name.front() == '/') return false;
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = name.find('/', start);
    if (end == std::string_view::npos) end = name.size();
    const std::string_view seg = name.substr(start, end - start);
    if (seg.empty() || seg == "." || seg == "..") return false;
    for (char c : seg) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '+' &&
          c != '-') {
        return false;
      }
    }
    start = end + 1;
  }
  return true;
}

result<time_zone> load_time_zone(std::string_view name, std::string_view dir) {
  if (!valid_zone_name(name))
    return reject(rejection_code::invalid_field,
                  "invalid time zone name \"" + std::string(name) + "\"");
  const std::string path = std::string(dir) + "/" + std::string(name);
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return reject(rejection_code::not_found,
                  "unknown time zone \"" + std::string(name) + "\" (no " + path + ")");
  // Real TZif files are under 4 KB; refuse anything absurd rather than read it all.
  constexpr std::size_t max_bytes = 1 << 20;
  std::string bytes;
  char buf[4096];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    bytes.append(buf, static_cast<std::size_t>(in.gcount()));
    if (bytes.size() > max_bytes)
      return reject(rejection_code::too_large, "time zone file too large: " + path);
  }
  return time_zone::from_tzif(std::string(name), bytes);
}

}  // namespace huiwu::followup
