// Redis faults under load (issue 16), on loopback, bounded in time, no sleeping:
//  - Redis killed and restarted mid-meeting (AOF always) while writers type: the server
//    recovers by itself, nothing acknowledged is lost, and every writer was told
//    ERROR_STORAGE_UNAVAILABLE while Redis was down — an answer, never silence.
//  - A partition: one of two instances loses Redis (a TCP proxy between it and Redis is
//    cut) while keeping its clients; it refuses their writes with the documented error,
//    and once the proxy heals it catches up, with both instances showing the same meeting.
#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "server_fixture.hpp"
#include "support/eventually.hpp"
#include "tcp_proxy.hpp"

namespace huiwu::test {
namespace {

using namespace std::chrono_literals;

// A writer on its own connection and thread: adds agenda items "<name>-<n>" to a meeting
// one after another, recording what was acknowledged and what was refused. A refused item
// is sent again under a new title (nothing of it was applied).
class writer {
 public:
  writer(std::uint16_t port, std::string meeting, std::string name)
      : client_(std::make_unique<ws_client>(port)),
        meeting_(std::move(meeting)),
        name_(std::move(name)) {
    client_->join(meeting_);
    thread_ = std::thread([this] { run(); });
  }
  ~writer() { stop(); }
  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  int acked() const { return acked_; }
  int unavailable() const { return unavailable_; }
  int silent() const { return silent_; }
  int other() const { return other_; }
  std::set<std::string> acked_titles() const {
    std::lock_guard lock(mutex_);
    return titles_;
  }

 private:
  void run() {
    for (int n = 0; !stop_; ++n) {
      const auto title = name_ + "-" + std::to_string(n);
      const auto id = client_->send_command(meeting_, add_item_change(title));
      // The server answers every command: an ack, or an error within its own timeouts
      // (the Redis command timeout is 3 s), far inside this bound.
      auto r = client_->reply_to(id, 20s);
      if (!r) {
        ++silent_;
        return;
      }
      if (r->has_ack()) {
        std::lock_guard lock(mutex_);
        titles_.insert(title);
        ++acked_;
      } else if (r->has_error() && r->error().code() == v1::ERROR_STORAGE_UNAVAILABLE) {
        ++unavailable_;
      } else {
        ++other_;  // e.g. ERROR_CONFLICT under contention: refused, nothing applied
      }
    }
  }

  std::unique_ptr<ws_client> client_;
  std::string meeting_, name_;
  std::atomic<bool> stop_{false};
  std::atomic<int> acked_{0}, unavailable_{0}, silent_{0}, other_{0};
  mutable std::mutex mutex_;
  std::set<std::string> titles_;
  std::thread thread_;
};

std::set<std::string> agenda_titles(const v1::Meeting& m) {
  std::set<std::string> out;
  for (const auto& i : m.agenda()) out.insert(i.title());
  return out;
}

TEST_F(ServerTest, RedisRestartMidMeetingUnderLoadLosesNothingAcknowledged) {
  // Four writers in two meetings, on one instance.
  std::vector<std::string> meetings{client()->create_meeting("甲").id(),
                                    client()->create_meeting("乙").id()};
  std::vector<std::unique_ptr<writer>> writers;
  for (int w = 0; w < 4; ++w) {
    writers.push_back(
        std::make_unique<writer>(server_.port(), meetings[w % 2], "w" + std::to_string(w)));
  }
  auto all = [&](auto pred) {
    for (auto& w : writers) {
      if (!pred(*w)) return false;
    }
    return true;
  };
  ASSERT_TRUE(eventually([&] { return all([](writer& w) { return w.acked() >= 5; }); }, 60s));

  redis_.kill();  // mid-meeting, under load: only what the AOF fsynced survives
  // While it is down every writer hears "storage unavailable".
  ASSERT_TRUE(eventually([&] { return all([](writer& w) { return w.unavailable() >= 1; }); }, 60s));
  redis_.start();
  std::vector<int> before;
  for (auto& w : writers) before.push_back(w->acked());
  // The service recovers by itself: every writer is acknowledged again.
  ASSERT_TRUE(eventually(
      [&] {
        for (std::size_t i = 0; i < writers.size(); ++i) {
          if (writers[i]->acked() < before[i] + 5) return false;
        }
        return true;
      },
      60s));
  for (auto& w : writers) w->stop();

  // Nothing acknowledged is lost, and no command went unanswered.
  for (std::size_t i = 0; i < writers.size(); ++i) {
    EXPECT_EQ(writers[i]->silent(), 0);
    auto state = client()->join(meetings[i % 2]).snapshot();
    const auto stored = agenda_titles(state);
    for (const auto& t : writers[i]->acked_titles()) EXPECT_TRUE(stored.count(t)) << t;
  }
}

TEST_F(ServerTest, AnInstanceCutOffFromRedisRefusesWritesThenCatchesUpWithoutDivergence) {
  tcp_proxy proxy(redis_.port());
  server_process other(proxy.port());
  auto m = client()->create_meeting("分区").id();
  auto a = client();
  auto b = std::make_unique<ws_client>(other.port());
  a->join(m);
  b->join(m);
  ASSERT_TRUE(a->command(m, add_item_change("甲-1")).has_ack());
  ASSERT_TRUE(b->command(m, add_item_change("乙-1")).has_ack());
  ASSERT_TRUE(a->event(m, 2));

  proxy.cut();  // the other instance loses Redis; its clients stay connected to it
  auto refused = b->command(m, add_item_change("乙-refused"));
  ASSERT_TRUE(refused.has_error()) << refused.DebugString();
  EXPECT_EQ(refused.error().code(), v1::ERROR_STORAGE_UNAVAILABLE);
  EXPECT_EQ(http_get(other.port(), "/healthz").status, 503);
  EXPECT_TRUE(b->open());
  // Meanwhile the first instance goes on.
  for (int i = 2; i <= 4; ++i) {
    ASSERT_TRUE(a->command(m, add_item_change("甲-" + std::to_string(i))).has_ack());
  }

  proxy.heal();
  ASSERT_TRUE(eventually([&] { return http_get(other.port(), "/healthz").status == 200; }, 30s));
  // Its client's write goes through once it has caught up with what it missed.
  auto after = b->command(m, add_item_change("乙-2"));
  ASSERT_TRUE(after.has_ack()) << after.DebugString();
  EXPECT_EQ(after.ack().version(), 6u);
  // b heard the changes it missed; a heard b's.
  ASSERT_TRUE(b->event(m, 5));
  ASSERT_TRUE(a->event(m, 6));

  // No divergence: both instances show the same meeting to a fresh reader.
  auto via_a = client()->join(m).snapshot();
  auto via_b = ws_client(other.port()).join(m).snapshot();
  EXPECT_EQ(via_a.version(), 6u);
  EXPECT_EQ(via_b.version(), 6u);
  EXPECT_EQ(agenda_titles(via_a), agenda_titles(via_b));
  EXPECT_EQ(agenda_titles(via_a),
            (std::set<std::string>{"甲-1", "乙-1", "甲-2", "甲-3", "甲-4", "乙-2"}));
}

}  // namespace
}  // namespace huiwu::test
