// Zones for the tests, read once from the system's tz database (Debian's tzdata).
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "followup/tz_loader.hpp"

namespace huiwu::followup::testing {

inline const time_zone& zone(const std::string& name) {
  static std::map<std::string, time_zone> cache;
  auto it = cache.find(name);
  if (it == cache.end()) {
    auto z = load_time_zone(name);
    if (!z) {
      ADD_FAILURE() << z.error().message << " (install Debian's tzdata)";
      return cache.emplace(name, time_zone::fixed(name, 0)).first->second;
    }
    it = cache.emplace(name, std::move(z).value()).first;
  }
  return it->second;
}

// Unix ms of a UTC wall-clock time.
inline std::int64_t utc_ms(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) {
  return (to_days(civil_date{y, mo, d}) * 86400 + h * 3600 + mi * 60 + s) * 1000;
}

}  // namespace huiwu::followup::testing
