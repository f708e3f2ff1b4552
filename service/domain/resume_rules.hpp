#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/access_rules.hpp"
#include "huiwu.pb.h"

namespace huiwu::domain {

// Resuming a reader by events instead of a snapshot (docs/decisions/0015).
//
// The live broadcast cuts each event with the access state just before and just after it
// (redact_event). A resume has only the state now. It can still cut exactly like the live
// broadcast did as long as, for THIS reader, nothing in the gap moved what it may see: then
// every item keeps one visibility over its whole life in the gap (ids are never reused), so
// "visible now, or at its removal" is "visible at the time". Whether something moved is
// decided from the event and the values it replaced (`access_note`), taken when the event
// was applied (by the room; after a restart, by the store as it applies the stored tail).
// Whatever cannot be decided for certain answers "snapshot".

// The values an access-relevant event replaced, taken just before it was applied. Kept in
// the room's tail beside the event: a few bytes, not a copy of the meeting.
struct access_note {
  bool known = false;  // not taken: an access-relevant event without it means a snapshot
  v1::Level old_level = v1::LEVEL_SECRET;  // update_info: the meeting's; edit/remove_item: item's
  bool found = false;                      // the item or attendee named existed
  std::string old_account;                 // edit/remove_attendee: the link replaced
};
access_note note_before(const v1::Meeting& before, const v1::Event& e);

struct logged_event {
  v1::Event event;
  access_note note;
};

// The events after a reader's version (`gap`, oldest first, contiguous, ending at `now`'s
// version) cut for `v` as the live broadcast cut them; nullopt when the reader must get a
// snapshot instead: its role or link changed, the meeting or an item crossed its clearance,
// an item or decision above its clearance appeared or went, an item was added while some
// item is above its clearance, a kind this function does not know, or a note that is
// missing where it matters.
std::optional<std::vector<v1::Event>> resume_events(const std::vector<const logged_event*>& gap,
                                                    const v1::Meeting& now, const viewer& v);

}  // namespace huiwu::domain
