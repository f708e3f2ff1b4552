// Why the follow-up core refused something, or could not do it: the error side of
// followup::result (result.hpp). The code is the stable contract and an error_code enum of
// its own category, so a caller can log or compare it like any std::error_code; the field
// names the offending input where there is one; the message is a sentence for people.
// The server maps the workflow's codes to the wire: invalid_field → ERROR_INVALID_FIELD,
// too_large → ERROR_TOO_LARGE, forbidden → ERROR_FORBIDDEN, the rest → ERROR_CONFLICT.
#pragma once

#include <string>
#include <system_error>
#include <type_traits>

namespace huiwu::followup {

enum class rejection_code {
  // The workflow (state_machine.hpp): a request the rules refuse.
  invalid_field = 1,     // a missing or malformed input (see field)
  too_large,             // a text, a table or an archive over its limit
  forbidden,             // the role may not take this action
  wrong_state,           // the action does not apply in the item's state
  finished,              // the item is closed or cancelled: its record is final
  extension_pending,     // an extension request is already waiting for a decision
  no_extension_pending,  // approve/refuse with nothing to approve or refuse
  deadline_passed,       // an extension asked for on or after the end of the deadline day
  // What the library reads and writes: settings, zone files, calendars, packages.
  malformed,  // bytes or text that are not what they claim (TZif data, settings JSON)
  not_found,  // a named thing that is not there (a time zone, a deadline rule)
  failed,     // a step that should not fail did (deflate)
};

const std::error_category& rejection_category() noexcept;
std::error_code make_error_code(rejection_code c) noexcept;

struct rejection {
  rejection_code code = rejection_code::invalid_field;
  std::string field;  // the offending input: "text", "date", "role", "state", …
  std::string message;

  std::error_code error_code() const noexcept { return make_error_code(code); }
  friend bool operator==(const rejection&, const rejection&) = default;
};

inline rejection reject(rejection_code code, std::string message, std::string field = {}) {
  return rejection{code, std::move(field), std::move(message)};
}

}  // namespace huiwu::followup

template <>
struct std::is_error_code_enum<huiwu::followup::rejection_code> : std::true_type {};
