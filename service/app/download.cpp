#include "app/download.hpp"

#include <cctype>
#include <map>
#include <mutex>

#include "followup/tz_loader.hpp"

namespace huiwu::app {

std::string attachment(std::string_view display_name, std::string_view ascii_name) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string encoded;
  for (unsigned char c : display_name) {
    if (c == '/' || c == '\\' || c < 0x20) c = '_';
    if (std::isalnum(c) ||
        std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos) {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += hex[c >> 4];
      encoded += hex[c & 15];
    }
  }
  return "attachment; filename=\"" + std::string(ascii_name) + "\"; filename*=UTF-8''" + encoded;
}

const followup::time_zone& office_zone(const std::string& name) {
  static std::mutex mu;
  static std::map<std::string, followup::time_zone> zones;  // node-based: references stay
  std::lock_guard lock(mu);
  auto it = zones.find(name);
  if (it == zones.end()) {
    auto z = followup::load_time_zone(name);
    it = zones.emplace(name, z ? *z : followup::time_zone::fixed(name, 8 * 3600)).first;
  }
  return it->second;
}

}  // namespace huiwu::app
