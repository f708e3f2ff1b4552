#include "core/room_steps.hpp"

namespace huiwu::core::steps {

domain::maybe_rejection decide_event(const v1::Meeting& state, const std::string& meeting_id,
                                     const principal& who, const v1::Command& cmd,
                                     std::int64_t now_ms, const std::vector<v1::Event>& since_base,
                                     v1::Event& event) {
  if (auto r = domain::decide(state, cmd.change(), now_ms, *event.mutable_change(), since_base,
                              who.account_id)) {
    return r;
  }
  event.set_meeting_id(meeting_id);
  event.set_version(state.version() + 1);
  event.set_at_ms(now_ms);
  event.set_client_id(cmd.client_id());
  event.set_client_seq(cmd.client_seq());
  event.set_client_name(who.client_name);
  event.set_account_id(who.account_id);
  return std::nullopt;
}

store::append_request append_request_for(const v1::Meeting& state, const std::string& epoch,
                                         const v1::Command& cmd, const v1::Event& event,
                                         std::string fresh_epoch) {
  store::append_request q;
  q.expected_version = state.version();
  q.epoch = epoch;
  q.client_id = cmd.client_id();
  q.client_seq = cmd.client_seq();
  q.event = event.SerializeAsString();
  q.fresh_epoch = std::move(fresh_epoch);
  return q;
}

domain::logged_event apply_event(v1::Meeting& state, const v1::Event& event) {
  auto note = domain::note_before(state, event);
  domain::apply(state, event);
  return {event, std::move(note)};
}

frame_ptr event_frame(v1::Event event) {
  v1::Envelope env;
  *env.mutable_event() = std::move(event);
  return make_frame(std::move(env));
}

}  // namespace huiwu::core::steps
