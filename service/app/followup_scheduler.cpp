#include "app/followup_scheduler.hpp"

#include "base/log.hpp"
#include "store/cross_meeting.hpp"
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
  if (!pending_repaired_) {
    // Second duty: the cross-meeting index work a crash left between a meeting's script
    // and its second step (docs/decisions/0037-one-hash-tag-per-script.md).
    store::repair_pending(
        svc_.store, [self = shared_from_this()](std::error_code ec, std::size_t meetings) {
          if (ec) {
            log::warn("pending index repair failed; retried", {{"error", ec.message()}});
            return self->arm();
          }
          if (meetings > 0) log::info("pending index work repaired", {{"meetings", meetings}});
          self->pending_repaired_ = true;
          self->on_tick();
        });
    return;
  }
  // One reading of the clock per tick: the schedule is read and the reminder kinds chosen
  // at the same instant.
  const auto now = svc_.now_ms();
  store::followup_store(svc_.store)
      .due(now, batch,
           [self = shared_from_this(), now](std::error_code ec,
                                            std::vector<store::followup_store::due_reminder> due) {
             if (ec) return self->arm();  // read again next tick; not a completed tick
             std::vector<reminder_planner::due_entry> entries;
             entries.reserve(due.size());
             for (auto& d : due) {
               entries.push_back({std::move(d.member), std::move(d.score), std::move(d.record)});
             }
             self->on_due(now, std::move(entries));
             self->arm();
           });
}

void reminder_scheduler::on_due(std::int64_t now_ms, std::vector<reminder_planner::due_entry> due) {
  std::vector<reminder_planner::job> jobs;
  std::uint64_t n = 0;
  {
    std::lock_guard lock(mutex_);
    jobs = planner_.plan(now_ms, std::move(due));
    n = ++begun_;
  }
  // The tick is complete when every submission of it is answered (what could be read is
  // reminded; the rest is read again next tick).
  auto left = std::make_shared<std::atomic<std::size_t>>(jobs.size() + 1);
  auto one_done = [self = shared_from_this(), left, n] {
    if (--*left == 0) self->tick_done(n);
  };
  for (auto& j : jobs) submit(std::move(j), one_done);
  one_done();
}

void reminder_scheduler::submit(reminder_planner::job job, std::function<void()> done) {
  core::principal who;
  who.client_id = job.command.client_id();
  who.client_name = "督办提醒";
  rooms_.get(job.meeting_id)
      ->submit(who, std::move(job.command),
               [self = shared_from_this(), member = std::move(job.member),
                score = std::move(job.score), done = std::move(done)](v1::Envelope e) {
                 reminder_planner::verdict v;
                 {
                   std::lock_guard lock(self->mutex_);
                   v = self->planner_.answered(member, e);
                 }
                 if (v == reminder_planner::verdict::drop) {
                   log::info("reminder dropped: refused as moot",
                             {{"reminder", member}, {"reason", e.error().message()}});
                   store::followup_store(self->svc_.store).drop_due(member, score);
                 }
                 done();
               });
}

void reminder_scheduler::tick_done(std::uint64_t n) {
  // A submission may outlive its tick (the next ticks skip it while in flight): the count
  // moves only over ticks whose predecessors are all complete, so "k more ticks" means every
  // reminder sent before them was answered.
  std::uint64_t advanced = 0;
  {
    std::lock_guard lock(mutex_);
    finished_.insert(n);
    while (!finished_.empty() && *finished_.begin() == ticks_.load() + 1) {
      finished_.erase(finished_.begin());
      ++ticks_;
      ++advanced;
    }
  }
  if (svc_.stats) svc_.stats->reminder_ticks += advanced;
}

}  // namespace huiwu::app
