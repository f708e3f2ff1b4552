// Group commit (decision 0034): the commands that queued on a room while its previous append
// was in flight are decided one after another on the state each leaves, and appended with
// the command in hand in one script call, so that Redis fsyncs once for all of them. Each
// keeps its own version, event and ack, in queue order; a failure refuses them all and
// changes nothing here, and a refusal by the script sends them again one by one.
#include <boost/asio/post.hpp>

#include "core/room.hpp"
#include "core/room_replies.hpp"
#include "core/room_steps.hpp"
#include "domain/access_rules.hpp"
#include "domain/decision_logic.hpp"
#include "domain/meeting_logic.hpp"
#include "redis/connection.hpp"

namespace huiwu::core {
namespace {

constexpr std::size_t max_batch_events = 64;  // events per script call

}  // namespace

std::optional<std::shared_ptr<v1::Event>> room::decide_follower(const v1::Meeting& spec,
                                                                const std::vector<batched>& batch,
                                                                const pending_command& c) {
  const auto& cmd = c.cmd;
  const auto& change = cmd.change();
  // Anything that is not plainly "decide it on the state before it" runs alone, later.
  if (change.has_jiyao_action()) return std::nullopt;
  if (auto it = last_seq_.find(cmd.client_id());
      it != last_seq_.end() && it->second.seq >= cmd.client_seq()) {
    return std::nullopt;  // a retry: answered as a duplicate by the usual path
  }
  for (const auto& b : batch) {
    if (b.event->client_id() == cmd.client_id() && b.event->client_seq() >= cmd.client_seq()) {
      return std::nullopt;
    }
  }
  if (cmd.expected_version() != 0 && cmd.expected_version() != spec.version()) return std::nullopt;
  if (svc_.policy.may_change(c.who, spec, change)) return std::nullopt;
  std::vector<v1::Event> since;
  if (change.has_edit_minutes() && change.edit_minutes().base_version() < spec.version()) {
    const auto base = change.edit_minutes().base_version();
    const auto oldest = tail_.empty() ? state_.version() + 1 : tail_.front().event.version();
    if (base + 1 < oldest || spec.version() - base > replies::max_transform_span)
      return std::nullopt;
    for (const auto& l : tail_) {
      if (l.event.version() > base) since.push_back(l.event);
    }
    for (const auto& b : batch) {
      if (b.event->version() > base) since.push_back(*b.event);
    }
  }
  auto event = std::make_shared<v1::Event>();
  if (steps::decide_event(spec, id_, c.who, cmd, svc_.now_ms(), since, *event)) {
    return std::nullopt;  // refused: the usual path says why, on the state it will see
  }
  // Snapshots, summaries and board records are written by the single append only.
  if (event->version() % svc_.snapshot_every == 0 || domain::changes_summary(event->change()) ||
      domain::changes_decision_records(spec, event->change())) {
    return std::nullopt;
  }
  return event;
}

bool room::append_with_followers(principal& who, v1::Command& cmd, reply_fn& done,
                                 const std::shared_ptr<v1::Event>& first) {
  if (tasks_.empty() || !tasks_.front().command) return false;
  v1::Meeting spec = state_;  // copied only when a command is waiting behind this one
  domain::apply(spec, *first);
  std::vector<batched> batch;
  batch.push_back({nullptr, first});
  while (batch.size() < max_batch_events && !tasks_.empty() && tasks_.front().command) {
    auto event = decide_follower(spec, batch, *tasks_.front().command);
    if (!event) break;
    domain::apply(spec, **event);
    batch.push_back({std::move(tasks_.front().command), std::move(*event)});
    tasks_.pop_front();
  }
  if (batch.size() == 1) return false;
  batch.front().command = std::make_shared<pending_command>(
      pending_command{std::move(who), std::move(cmd), std::move(done)});

  store::append_batch_request q;
  q.expected_version = state_.version();
  q.epoch = epoch_;
  q.fresh_epoch = svc_.new_token();
  q.entries.reserve(batch.size());
  // No board records: an event that writes them runs alone (decide_follower), so no entry
  // leaves cross-meeting work and the store's second step has nothing to do (0037).
  for (const auto& b : batch) {
    q.entries.push_back({b.command->cmd.client_id(),
                         b.command->cmd.client_seq(),
                         b.event->SerializeAsString(),
                         {}});
  }
  svc_.store->append_batch(id_, q,
                           [self = shared_from_this(), batch = std::move(batch)](
                               std::error_code ec, store::append_result r) mutable {
                             boost::asio::post(self->strand_, [self, batch = std::move(batch), ec,
                                                               r = std::move(r)]() mutable {
                               self->on_batch_appended(std::move(batch), ec, std::move(r));
                             });
                           });
  return true;
}

void room::on_batch_appended(std::vector<batched> batch, std::error_code ec,
                             store::append_result r) {
  if (ec) {
    // As for a single append: nothing applied for certain, every command of the batch told so.
    if (ec != redis::errc::not_connected) stale_ = true;
    for (auto& b : batch) b.command->done(replies::unavailable());
    return task_done();
  }
  if (r.status == store::append_status::ok) {
    // In version order, each ack just before its own event, as a single append does.
    for (auto& b : batch) {
      if (svc_.stats) svc_.stats->count_command(b.event->change().kind_case());
      b.command->done(replies::ack(id_, b.event->version(), false, b.command->cmd.client_seq()));
      record_accepted(b.command->who, *b.event);
    }
    return task_done();
  }
  // Someone else wrote first, a retry was in the log, the log was rewound or is gone: the
  // script wrote nothing. Catch up, then run the commands again, one by one, in order.
  for (auto it = batch.rbegin(); it != batch.rend(); ++it) enqueue_command(it->command, true);
  stale_ = true;
  task_done();
}

}  // namespace huiwu::core
