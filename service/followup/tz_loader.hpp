// The one place the follow-up core touches the file system: reading a zone's TZif file
// from the system's tz database (Debian's tzdata package, /usr/share/zoneinfo). Call it
// at start-up or when a meeting names a new zone, and keep the result; every computation
// after that is pure.
#pragma once

#include <string>
#include <string_view>

#include "followup/result.hpp"
#include "followup/time_zone.hpp"

namespace huiwu::followup {

inline constexpr std::string_view default_zoneinfo_dir = "/usr/share/zoneinfo";
inline constexpr std::string_view default_zone_name = "Asia/Shanghai";

// True for a plausible IANA name ("Asia/Shanghai", "America/Argentina/Buenos_Aires",
// "Etc/GMT+5", "UTC"): no empty, "." or ".." segment, no leading '/', only letters,
// digits and "._+-". Guards the path built from it.
bool valid_zone_name(std::string_view name);

result<time_zone> load_time_zone(std::string_view name,
                                 std::string_view dir = default_zoneinfo_dir);

}  // namespace huiwu::followup
