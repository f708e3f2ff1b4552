#include "app/followup_scheduler.hpp"

#include <iostream>

#include "domain/decision_logic.hpp"
#include "store/keys.hpp"
#include "store/scripts.hpp"

namespace huiwu::app {

namespace {
constexpr int batch = 100;  // reminders read per tick
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
  const auto now = svc_.now_ms();
  auto conn = svc_.store->connection();
  conn->execute({"ZRANGEBYSCORE", std::string(store::due_index_key), "-inf", std::to_string(now),
                 "WITHSCORES", "LIMIT", "0", std::to_string(batch)},
                [self = shared_from_this(), conn](std::error_code ec, redis::reply r) {
                  if (ec || r.type != redis::reply::kind::array || r.elements.empty())
                    return self->arm();
                  auto pending = std::make_shared<std::size_t>(r.elements.size() / 2);
                  for (std::size_t i = 0; i + 1 < r.elements.size(); i += 2) {
                    const auto member = r.elements[i].str;
                    const auto score = r.elements[i + 1].str;
                    conn->execute(
                        {"HGET", std::string(store::decisions_index_key), member},
                        [self, member, score, pending](std::error_code ec2, redis::reply rec) {
                          if (!ec2 && rec.type == redis::reply::kind::string) {
                            self->remind(member, score, rec.str);
                          }
                          if (--*pending == 0) self->arm();
                        });
                  }
                });
}

void reminder_scheduler::remind(const std::string& member, const std::string& score,
                                const std::string& bytes) {
  v1::DecisionRecord record;
  if (!record.ParseFromString(bytes)) return;
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
        std::cerr << "followup: reminder for " << member << " refused: " << e.error().message()
                  << '\n';
        const auto& s = store::drop_due_script();
        self->svc_.store->connection()->execute(
            {"EVAL", std::string(s.text), "1", std::string(store::due_index_key), member, score},
            [](std::error_code, redis::reply) {});
      });
}

void reminder_scheduler::finished(const std::string& member) {
  std::lock_guard lock(mutex_);
  in_flight_.erase(member);
}

}  // namespace huiwu::app
