// Group commit (decision 0034): edits that queue on a meeting while its append is in flight
// reach Redis in one script call, each with its own version, event and ack, in order; a
// failure refuses them all and changes nothing. Redis's own counters (INFO commandstats,
// errorstats) show how many appends were made; CLIENT PAUSE WRITE holds the first append so
// that the others queue behind it, and /metrics says when they all arrived.
#include <set>

#include "ot/proto_codec.hpp"
#include "ot/text_operation.hpp"
#include "server_fixture.hpp"
#include "store/keys.hpp"
#include "support/eventually.hpp"

namespace huiwu::test {
namespace {

constexpr int writers = 6;

v1::Change insert_at_start(const std::string& item, std::uint64_t base, const std::string& s) {
  v1::Change c;
  c.mutable_edit_minutes()->set_item_id(item);
  c.mutable_edit_minutes()->set_base_version(base);
  ot::to_proto(ot::text_operation().insert(s), *c.mutable_edit_minutes()->mutable_op());
  return c;
}

class GroupCommitTest : public ServerTest {
 protected:
  void SetUp() override {
    meeting_ = owner_->create_meeting("m");
    owner_->join(meeting_.id());
    auto r = owner_->command(meeting_.id(), add_item_change("议题一"));
    ASSERT_TRUE(r.has_ack());
    item_ = owner_->event(meeting_.id(), 1)->change().add_item().item().id();
    for (int i = 0; i < writers; ++i) {
      clients_.push_back(client("gc-writer-" + std::to_string(i)));
      clients_.back()->join(meeting_.id());
    }
  }

  // A number from INFO `section`, e.g. ("commandstats", "cmdstat_publish", "calls"). No
  // std::regex: GCC 12 warns inside it under the sanitizer build's -O1
  // (-Werror=maybe-uninitialized).
  long stat(const std::string& section, const std::string& line, const std::string& field) {
    return number_after(redis_.command({"INFO", section}), line + ":", field + "=");
  }

  long commands_received() {
    return number_after(http_get(server_.port(), "/metrics").body,
                        "huiwu_requests_total{type=\"command\"} ", "");
  }

  // The digits after `field` on the line of `text` that starts with `head` (field "" : right
  // after head; otherwise after ":" or "," and field), or 0 when there is none.
  static long number_after(const std::string& text, const std::string& head,
                           const std::string& field) {
    for (std::size_t at = 0; at < text.size();) {
      const auto end = std::min(text.find('\n', at), text.size());
      if (text.compare(at, head.size(), head) == 0) {
        const std::string rest = text.substr(at + head.size(), end - at - head.size());
        std::size_t pos = 0;
        if (!field.empty()) {
          pos = std::string::npos;
          for (std::size_t f = rest.find(field); f != std::string::npos;
               f = rest.find(field, f + 1)) {
            if (f == 0 || rest[f - 1] == ',') {
              pos = f + field.size();
              break;
            }
          }
          if (pos == std::string::npos) return 0;
        }
        long n = 0;
        bool any = false;
        for (; pos < rest.size() && rest[pos] >= '0' && rest[pos] <= '9'; ++pos, any = true) {
          n = n * 10 + (rest[pos] - '0');
        }
        return any ? n : 0;
      }
      at = end + 1;
    }
    return 0;
  }

  // Writer 0's edit is held in Redis by a write pause; the others are sent meanwhile and
  // queue on the meeting. Returns the request ids, writer by writer.
  std::vector<std::uint64_t> send_behind_a_paused_append() {
    const auto before = commands_received();
    EXPECT_EQ(redis_.command({"CLIENT", "PAUSE", "20000", "WRITE"}), "OK");
    std::vector<std::uint64_t> ids;
    for (int i = 0; i < writers; ++i) {
      ids.push_back(clients_[static_cast<std::size_t>(i)]->send_command(
          meeting_.id(), insert_at_start(item_, 1, std::to_string(i))));
    }
    EXPECT_TRUE(eventually([&] { return commands_received() >= before + writers; }));
    return ids;
  }

  std::unique_ptr<ws_client> owner_ = client("gc-owner");
  std::vector<std::unique_ptr<ws_client>> clients_;
  v1::Meeting meeting_;
  std::string item_;
};

TEST_F(GroupCommitTest, EditsQueuedBehindAnAppendShareOneScriptCallAndEachIsAcked) {
  const auto publishes = stat("commandstats", "cmdstat_publish", "calls");
  // The meeting's own log, not Redis's XADD count: the audit entries of the joins above are
  // written without waiting and may still be landing (in the audit stream) meanwhile.
  const auto log_key = store::meeting_keys(meeting_.id()).log;
  const auto entries = std::stol(redis_.command({"XLEN", log_key}));
  const auto ids = send_behind_a_paused_append();
  EXPECT_EQ(redis_.command({"CLIENT", "UNPAUSE"}), "OK");

  std::set<std::uint64_t> versions;
  for (int i = 0; i < writers; ++i) {
    auto r = clients_[static_cast<std::size_t>(i)]->reply_to(ids[static_cast<std::size_t>(i)]);
    ASSERT_TRUE(r && r->has_ack()) << i << (r ? r->DebugString() : " no reply");
    EXPECT_FALSE(r->ack().duplicate());
    versions.insert(r->ack().version());
  }
  // Each its own version, 2 .. writers + 1, and writer 0 first.
  ASSERT_EQ(versions.size(), static_cast<std::size_t>(writers));
  EXPECT_EQ(*versions.begin(), 2u);
  EXPECT_EQ(*versions.rbegin(), static_cast<std::uint64_t>(writers) + 1);
  // Two appends: writer 0's alone, then the other five together (one PUBLISH per script
  // call); every event its own stream entry.
  EXPECT_EQ(stat("commandstats", "cmdstat_publish", "calls") - publishes, 2);
  EXPECT_EQ(std::stol(redis_.command({"XLEN", log_key})) - entries, writers);

  // The owner saw every event in version order, each written by its writer.
  for (std::uint64_t v = 2; v <= static_cast<std::uint64_t>(writers) + 1; ++v) {
    auto e = owner_->event(meeting_.id(), v);
    ASSERT_TRUE(e) << v;
    EXPECT_EQ(e->change().edit_minutes().base_version(), v - 1);
  }
  // Nothing acknowledged is lost to a crash of the server.
  const auto minutes = client()->join(meeting_.id()).snapshot().agenda(0).minutes();
  EXPECT_EQ(minutes.size(), static_cast<std::size_t>(writers));
  server_.kill();
  server_.start();
  auto after = client()->join(meeting_.id()).snapshot();
  EXPECT_EQ(after.version(), static_cast<std::uint64_t>(writers) + 1);
  EXPECT_EQ(after.agenda(0).minutes(), minutes);
  for (int i = 0; i < writers; ++i) {
    EXPECT_NE(minutes.find(std::to_string(i)), std::string::npos) << minutes;
  }
}

TEST_F(GroupCommitTest, AFailedBatchRefusesEveryEditInItAndChangesNothing) {
  const auto ooms = stat("errorstats", "errorstat_OOM", "count");
  const auto ids = send_behind_a_paused_append();
  // Every write Redis is asked for from now on is refused (out of memory).
  EXPECT_EQ(redis_.command({"CONFIG", "SET", "maxmemory", "1"}), "OK");
  EXPECT_EQ(redis_.command({"CLIENT", "UNPAUSE"}), "OK");
  for (int i = 0; i < writers; ++i) {
    auto r = clients_[static_cast<std::size_t>(i)]->reply_to(ids[static_cast<std::size_t>(i)]);
    ASSERT_TRUE(r && r->has_error()) << i << (r ? r->DebugString() : " no reply");
    EXPECT_EQ(r->error().code(), v1::ERROR_STORAGE_UNAVAILABLE) << i;
  }
  // Two refused script calls: writer 0's, and the batch of the other five.
  EXPECT_EQ(stat("errorstats", "errorstat_OOM", "count") - ooms, 2);
  EXPECT_EQ(redis_.command({"CONFIG", "SET", "maxmemory", "0"}), "OK");
  auto state = client()->join(meeting_.id()).snapshot();
  EXPECT_EQ(state.version(), 1u);
  EXPECT_EQ(state.agenda(0).minutes(), "");
  // The same edit, sent again, now goes through.
  auto again = clients_[1]->command(meeting_.id(), insert_at_start(item_, 1, "1"));
  EXPECT_TRUE(again.has_ack()) << again.DebugString();
}

}  // namespace
}  // namespace huiwu::test
