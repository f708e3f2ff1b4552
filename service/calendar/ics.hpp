// iCalendar (RFC 5545) for meetings: an invitation per meeting and a feed of the meetings
// an account is invited to. Pure: events and the office's zone in, text out. Times are
// written in the office's zone (DTSTART;TZID=…) with a VTIMEZONE built from that zone's
// own rules, so a calendar that does not know the zone's name still shows the right hour.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "followup/time_zone.hpp"

namespace huiwu::calendar {

// What the calendar is for (RFC 5546 iTIP): a feed publishes, an invitation requests, a
// cancelled meeting's invitation cancels.
enum class method { publish, request, cancel };

struct attendee {
  std::string name;        // CN
  std::string account_id;  // the address is urn:huiwu:account:<id>; empty: a guest
  bool chair = false;      // ROLE=CHAIR, else REQ-PARTICIPANT
};

struct event {
  std::string uid;             // stable across re-issues: the meeting's id and the host
  std::uint32_t sequence = 0;  // raised on every re-issue (RFC 5545 §3.8.7.4)
  bool cancelled = false;      // STATUS:CANCELLED
  std::int64_t starts_at_ms = 0;
  std::int64_t ends_at_ms = 0;  // 0: no end given (the event is the instant it starts)
  std::string summary, location, description;
  std::string organizer_name, organizer_account;
  std::vector<attendee> attendees;
  bool confidential = false;  // CLASS:CONFIDENTIAL
  std::string url;
};

struct calendar {
  method m = method::publish;
  std::string name;           // X-WR-CALNAME, shown by clients for a subscribed feed
  std::int64_t stamp_ms = 0;  // DTSTAMP: when this text was made
  std::vector<event> events;
};

// The whole VCALENDAR, CRLF line ends, lines folded at 75 octets without splitting a
// UTF-8 sequence. Events without a start time are left out (nothing to put in a calendar).
std::string write_ics(const calendar& cal, const followup::time_zone& zone);

// TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, newline.
std::string escape_text(std::string_view s);

// Folds one content line (without its CRLF) at 75 octets.
std::string fold_line(std::string_view line);

}  // namespace huiwu::calendar
