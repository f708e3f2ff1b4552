// What the document routes share (export_routes, jiyao_routes, calendar_routes): the
// Content-Disposition of a download and the office's time zone.
#pragma once

#include <string>
#include <string_view>

#include "followup/time_zone.hpp"

namespace huiwu::app {

// attachment; `ascii_name` for clients that do not read filename*, `display_name` (the
// document's title, any UTF-8) as filename* (RFC 6266, RFC 5987). Path separators and
// control characters in the title become '_'.
std::string attachment(std::string_view display_name, std::string_view ascii_name);

// The office's zone by IANA name, read once per name from the system's tz database; UTC+8
// under that name when it cannot be read (the server refuses to start with such a zone, so
// this is for contexts built without main()).
const followup::time_zone& office_zone(const std::string& name);

}  // namespace huiwu::app
