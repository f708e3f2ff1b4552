// The steps a room takes for one command, as plain functions with no I/O and no room state,
// so that the room (room.cpp, room_batch.cpp) and the per-change benchmark (bench/path) run
// the same code and cannot drift apart:
//   decide_event      the change decided on the state and stamped as an event;
//   append_request_for what the store's append script is sent for it;
//   apply_event       the event applied to the state, with what the room keeps of it;
//   event_frame       the event as the frame every recipient shares.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/frame.hpp"
#include "core/peer.hpp"
#include "domain/meeting_logic.hpp"
#include "domain/resume_rules.hpp"
#include "huiwu.pb.h"
#include "store/meeting_store.hpp"

namespace huiwu::core::steps {

// Decides `cmd` on `state` at `now_ms` (an edit of the minutes transformed over
// `since_base`) and fills `event`: its change, the next version, the time and who sent it.
// A rejection leaves `event` unspecified.
domain::maybe_rejection decide_event(const v1::Meeting& state, const std::string& meeting_id,
                                     const principal& who, const v1::Command& cmd,
                                     std::int64_t now_ms, const std::vector<v1::Event>& since_base,
                                     v1::Event& event);

// The single append of `event` on `state` (expected version, epoch, the command's id and
// sequence, the event's bytes). Snapshot, summary, board records and counters are the
// room's to add.
store::append_request append_request_for(const v1::Meeting& state, const std::string& epoch,
                                         const v1::Command& cmd, const v1::Event& event,
                                         std::string fresh_epoch);

// Applies an event Redis has accepted and returns what the room's tail keeps of it (the
// event and the access values it replaced, for resume).
domain::logged_event apply_event(v1::Meeting& state, const v1::Event& event);

// The event as a frame, encoded once per format for every recipient that gets it as is.
frame_ptr event_frame(v1::Event event);

}  // namespace huiwu::core::steps
