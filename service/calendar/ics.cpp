#include "calendar/ics.hpp"

#include <algorithm>
#include <cstdio>

#include "base/utf8.hpp"
#include "followup/civil_date.hpp"

namespace huiwu::calendar {
namespace {

using followup::floor_div;

constexpr std::int64_t day_s = 86400;

// 20261210T090000: the wall-clock time of unix second `s` at `offset`.
std::string local_stamp(std::int64_t s, std::int32_t offset) {
  const std::int64_t local = s + offset;
  const auto d = followup::from_days(floor_div(local, day_s));
  const std::int64_t sec = local - floor_div(local, day_s) * day_s;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02d", d.year, d.month, d.day,
                static_cast<int>(sec / 3600), static_cast<int>(sec / 60 % 60),
                static_cast<int>(sec % 60));
  return buf;
}

std::string utc_stamp(std::int64_t ms) {
  return local_stamp(floor_div(ms, 1000), 0) + "Z";
}

// +0800, -0330, +053730 (seconds only when there are any).
std::string offset_text(std::int32_t offset) {
  const char sign = offset < 0 ? '-' : '+';
  const std::int32_t a = offset < 0 ? -offset : offset;
  char buf[16];
  if (a % 60 != 0) {
    std::snprintf(buf, sizeof buf, "%c%02d%02d%02d", sign, a / 3600, a / 60 % 60, a % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%c%02d%02d", sign, a / 3600, a / 60 % 60);
  }
  return buf;
}

struct change {
  std::int64_t at_s;  // the first second of the new offset
  std::int32_t from, to;
};

// The zone's offset changes in [lo, hi]: sampled a day apart (zones do not change twice
// a day), each found to the second by bisection.
std::vector<change> changes_between(const followup::time_zone& zone, std::int64_t lo,
                                    std::int64_t hi) {
  std::vector<change> out;
  std::int32_t prev = zone.offset_at(lo);
  for (std::int64_t t = lo; t < hi;) {
    const std::int64_t next = std::min(t + day_s, hi);
    const std::int32_t at_next = zone.offset_at(next);
    if (at_next != prev) {
      std::int64_t a = t, b = next;  // offset_at(a) == prev, offset_at(b) != prev
      while (b - a > 1) {
        const std::int64_t mid = a + (b - a) / 2;
        (zone.offset_at(mid) == prev ? a : b) = mid;
      }
      const std::int32_t to = zone.offset_at(b);
      out.push_back({b, prev, to});
      prev = to;
      t = b;
      continue;
    }
    t = next;
  }
  return out;
}

class lines {
 public:
  void add(std::string_view name, std::string_view value) {
    std::string l(name);
    l += ':';
    l += value;
    out_ += fold_line(l);
    out_ += "\r\n";
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

void write_zone(lines& out, const followup::time_zone& zone, std::int64_t lo, std::int64_t hi) {
  out.add("BEGIN", "VTIMEZONE");
  out.add("TZID", zone.name());
  // The offset in effect when the range opens, then every change inside it. An
  // observance's DTSTART is wall-clock time in the offset before it (TZOFFSETFROM).
  const std::int32_t first = zone.offset_at(lo);
  out.add("BEGIN", "STANDARD");
  out.add("DTSTART", local_stamp(lo, first));
  out.add("TZOFFSETFROM", offset_text(first));
  out.add("TZOFFSETTO", offset_text(first));
  out.add("END", "STANDARD");
  for (const auto& c : changes_between(zone, lo, hi)) {
    const char* kind = c.to > c.from ? "DAYLIGHT" : "STANDARD";
    out.add("BEGIN", kind);
    out.add("DTSTART", local_stamp(c.at_s, c.from));
    out.add("TZOFFSETFROM", offset_text(c.from));
    out.add("TZOFFSETTO", offset_text(c.to));
    out.add("END", kind);
  }
  out.add("END", "VTIMEZONE");
}

std::string param_text(std::string_view s) {
  // A parameter value is quoted; DQUOTE and control characters cannot appear in it.
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || (static_cast<unsigned char>(c) < 0x20)) continue;
    out += c;
  }
  return out + "\"";
}

std::string account_address(std::string_view id) {
  return "urn:huiwu:account:" + std::string(id);
}

const char* method_name(method m) {
  switch (m) {
    case method::request:
      return "REQUEST";
    case method::cancel:
      return "CANCEL";
    case method::publish:
      break;
  }
  return "PUBLISH";
}

}  // namespace

std::string escape_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        if (i + 1 < s.size() && s[i + 1] == '\n') break;  // CRLF is one line end
        out += "\\n";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t') break;  // no controls
        out += c;
    }
  }
  return out;
}

std::string fold_line(std::string_view line) {
  std::string out;
  std::size_t width = 0;  // octets on the current physical line
  std::size_t limit = 75;
  for (std::size_t i = 0; i < line.size();) {
    std::size_t next = i;  // past the code point starting here: a fold never splits one
    utf8::skip(line, next, 1);
    const std::size_t n = next - i;
    if (width + n > limit) {
      out += "\r\n ";
      width = 0;
      limit = 74;  // the leading space counts
    }
    out.append(line.substr(i, n));
    width += n;
    i += n;
  }
  return out;
}

std::string write_ics(const calendar& cal, const followup::time_zone& zone) {
  std::vector<const event*> shown;
  for (const auto& e : cal.events) {
    if (e.starts_at_ms != 0) shown.push_back(&e);
  }
  lines out;
  out.add("BEGIN", "VCALENDAR");
  out.add("VERSION", "2.0");
  out.add("PRODID", "-//Huiwu//Meetings//ZH");
  out.add("CALSCALE", "GREGORIAN");
  out.add("METHOD", method_name(cal.m));
  if (!cal.name.empty()) out.add("X-WR-CALNAME", escape_text(cal.name));
  out.add("X-WR-TIMEZONE", zone.name());
  if (!shown.empty()) {
    std::int64_t lo = shown.front()->starts_at_ms, hi = lo;
    for (const auto* e : shown) {
      lo = std::min(lo, e->starts_at_ms);
      hi = std::max({hi, e->starts_at_ms, e->ends_at_ms});
    }
    // A year either side: a client may show a repeated or moved meeting there.
    write_zone(out, zone, floor_div(lo, 1000) - 366 * day_s, floor_div(hi, 1000) + 366 * day_s);
  }
  const std::string tz = ";TZID=" + zone.name();
  for (const auto* e : shown) {
    out.add("BEGIN", "VEVENT");
    out.add("UID", escape_text(e->uid));
    out.add("DTSTAMP", utc_stamp(cal.stamp_ms));
    out.add("SEQUENCE", std::to_string(e->sequence));
    const auto start_s = floor_div(e->starts_at_ms, 1000);
    out.add("DTSTART" + tz, local_stamp(start_s, zone.offset_at(start_s)));
    if (e->ends_at_ms > e->starts_at_ms) {
      const auto end_s = floor_div(e->ends_at_ms, 1000);
      out.add("DTEND" + tz, local_stamp(end_s, zone.offset_at(end_s)));
    }
    out.add("SUMMARY", escape_text(e->summary));
    if (!e->location.empty()) out.add("LOCATION", escape_text(e->location));
    if (!e->description.empty()) out.add("DESCRIPTION", escape_text(e->description));
    if (!e->url.empty()) out.add("URL", e->url);
    if (!e->organizer_account.empty()) {
      out.add("ORGANIZER;CN=" + param_text(e->organizer_name),
              account_address(e->organizer_account));
    }
    for (const auto& a : e->attendees) {
      if (a.account_id.empty()) continue;  // no address to send a reply to
      out.add("ATTENDEE;CN=" + param_text(a.name) +
                  (a.chair ? ";ROLE=CHAIR" : ";ROLE=REQ-PARTICIPANT") + ";PARTSTAT=NEEDS-ACTION",
              account_address(a.account_id));
    }
    out.add("CLASS", e->confidential ? "CONFIDENTIAL" : "PUBLIC");
    out.add("STATUS", e->cancelled || cal.m == method::cancel ? "CANCELLED" : "CONFIRMED");
    out.add("TRANSP", "OPAQUE");
    out.add("END", "VEVENT");
  }
  out.add("END", "VCALENDAR");
  return out.take();
}

}  // namespace huiwu::calendar
