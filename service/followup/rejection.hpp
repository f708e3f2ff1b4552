#pragma once

#include <string>

namespace huiwu::followup {

// Why the follow-up core refused something. The code is the stable contract (the server
// maps it: invalid_field → ERROR_INVALID_FIELD, too_large → ERROR_TOO_LARGE, forbidden →
// ERROR_FORBIDDEN, the rest → ERROR_CONFLICT); the message is a sentence for people.
enum class rejection_code {
  invalid_field,         // a missing or malformed input (see field)
  too_large,             // a text over its limit
  forbidden,             // the role may not take this action
  wrong_state,           // the action does not apply in the item's state
  finished,              // the item is closed or cancelled: its record is final
  extension_pending,     // an extension request is already waiting for a decision
  no_extension_pending,  // approve/refuse with nothing to approve or refuse
  deadline_passed,       // an extension asked for on or after the end of the deadline day
};

struct rejection {
  rejection_code code = rejection_code::invalid_field;
  std::string field;  // the offending input: "text", "date", "role", "state", …
  std::string message;

  friend bool operator==(const rejection&, const rejection&) = default;
};

}  // namespace huiwu::followup
