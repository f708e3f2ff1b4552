#include "app/followup_scheduler.hpp"

#include "base/log.hpp"
#include "domain/decision_logic.hpp"
#include "store/followup_store.hpp"

namespace huiwu::app {

namespace {
constexpr std::size_t batch = 100;  // reminders read per tick
}

reminder_scheduler::reminder_scheduler(boost::asio::any_io_executor ex, core::services& svc,
                                       core::room_registry& rooms, std::chrono::milliseconds tick)
    : timer_(std::move(ex)), svc_(svc), rooms_(rooms), tick_(tick) {}

void reminder_scheduler::start() {
  arm();
}

void reminder_scheduler::stop() {
  std::lock_guard lock(mutex_);
  stopped_ = true;
  timer_.cancel();
}

void reminder_scheduler::arm() {
  std::lock_guard lock(mutex_);
  if (stopped_) return;
  timer_.expires_after(tick_);
  timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    auto self = weak.lock();
    if (self && !ec) self->on_tick();
  });
}

void reminder_scheduler::on_tick() {
  if (!board_indexed_) {
    // First duty, retried every tick until done: the board's reader indexes for data
    // written before they existed (docs/decisions/0018-board-per-reader-index.md).
    store::followup_store(svc_.store)
        .backfill([self = shared_from_this()](std::error_code ec, bool ran) {
          if (ec) {
            log::warn("board index rebuild failed; retried", {{"error", ec.message()}});
            return self->arm();
          }
          if (ran) log::info("board reader indexes rebuilt");
          self->board_indexed_ = true;
          self->on_tick();
        });
    return;
  }
  store::followup_store(svc_.store)
      .due(svc_.now_ms(), batch,
           [self = shared_from_this()](std::error_code,
                                       std::vector<store::followup_store::due_reminder> due) {
             // What could be read is reminded; the rest is read again next tick.
             for (auto& d : due) self->remind(d.member, d.score, std::move(d.record));
             self->arm();
           });
}

void reminder_scheduler::remind(const std::string& member, const std::string& score,
                                v1::DecisionRecord record) {
  {
    std::lock_guard lock(mutex_);
    if (!in_flight_.insert(member).second) return;
  }
  const auto& d = record.decision();
  const auto kind = domain::reminder_kind_at(d, svc_.now_ms());
  v1::Command cmd;
  cmd.set_meeting_id(record.meeting_id());
  cmd.set_client_id("reminder:" + d.id() + ':' + kind + ':' + d.deadline());
  cmd.set_client_seq(1);
  auto* rd = cmd.mutable_change()->mutable_remind_decision();
  rd->set_decision_id(d.id());
  rd->set_kind(kind);
  rd->set_deadline(d.deadline());
  core::principal who;
  who.client_id = cmd.client_id();
  who.client_name = "督办提醒";
  rooms_.get(record.meeting_id())
      ->submit(who, std::move(cmd), [self = shared_from_this(), member, score](v1::Envelope e) {
        self->finished(member);
        if (!e.has_error()) return;
        const auto code = e.error().code();
        // Refused as no longer due (a field named) or gone: drop it. Storage trouble or a
        // busy meeting: leave it for the next tick.
        const bool moot = code == v1::ERROR_NOT_FOUND ||
                          (code == v1::ERROR_CONFLICT && !e.error().field().empty());
        if (!moot) return;
        log::info("reminder dropped: refused as moot",
                  {{"reminder", member}, {"reason", e.error().message()}});
        store::followup_store(self->svc_.store).drop_due(member, score);
      });
}

void reminder_scheduler::finished(const std::string& member) {
  std::lock_guard lock(mutex_);
  in_flight_.erase(member);
}

}  // namespace huiwu::app
