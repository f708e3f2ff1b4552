// Live minutes, end to end under trouble: 3-5 simulated secretaries type into one agenda
// item through the real huiwu-server and a real redis-server (appendonly, fsync on every
// write), over a simulated network that holds frames for random times and drops
// connections at random, while the server is killed (SIGKILL) and restarted mid-run.
//
// At the end:
//   - every secretary's text is the server's text (a fresh join);
//   - that text is the replay, from empty, of the server's stored log (history pages);
//   - every operation a secretary gave a client_seq is in the log exactly once;
// and on the way every secretary checks that each of its operations comes back from the
// server exactly as it rebased it itself (sim_secretary.cpp).
//
// Seeded: HUIWU_SIM_SEED=<n> reruns a failure (the seed is in every failure message),
// HUIWU_SIM_SEED=random draws one. The network timing is real, so a rerun takes the same
// decisions but not necessarily the same interleaving. HUIWU_SIM_SCALE multiplies the
// amount of typing; HUIWU_SANITIZED=1 (the CI's sanitizer run) or a sanitizer build
// scales it down. No timing is asserted: every wait is a generous "eventually".
#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "ot/proto_codec.hpp"
#include "ot/text_operation.hpp"
#include "random_source.hpp"
#include "server_fixture.hpp"
#include "sim_secretary.hpp"
#include "support/redis_process.hpp"
#include "test_config.hpp"

namespace huiwu::test {
namespace {

using namespace std::chrono_literals;

bool sanitized() {
  const char* env = std::getenv("HUIWU_SANITIZED");
  return ot::testing::sanitized_build || (env != nullptr && std::string(env) == "1");
}

std::uint64_t sim_seed() {
  const char* env = std::getenv("HUIWU_SIM_SEED");
  if (env == nullptr || *env == '\0') return 20261123;
  if (std::string(env) == "random") {
    return static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  }
  return std::strtoull(env, nullptr, 10);
}

double sim_scale() {
  double scale = sanitized() ? 0.4 : 1.0;
  if (const char* env = std::getenv("HUIWU_SIM_SCALE"); env != nullptr && *env != '\0') {
    scale = std::strtod(env, nullptr);
  }
  return scale;
}

struct plan {
  std::size_t secretaries;
  std::size_t edits_each;
  std::vector<double> restarts;  // when, as fractions of all typing
  std::chrono::seconds run_limit, settle_limit;
};

plan make_plan(std::uint64_t seed) {
  const double scale = sim_scale();
  plan p;
  p.secretaries = sanitized() ? 3 : 3 + seed % 3;
  p.edits_each = std::max<std::size_t>(20, static_cast<std::size_t>(160 * scale));
  p.restarts = sanitized() ? std::vector<double>{0.5} : std::vector<double>{0.3, 0.65};
  p.run_limit = sanitized() ? 150s : 90s;
  p.settle_limit = sanitized() ? 120s : 60s;
  return p;
}

// Pages through the stored log with `history` requests: every event, version 1 on.
std::vector<v1::Event> stored_log(ws_client& c, const std::string& meeting) {
  std::vector<v1::Event> out;
  std::uint64_t from = 1;
  while (from != 0) {
    v1::Envelope h;
    h.mutable_history()->set_meeting_id(meeting);
    h.mutable_history()->set_from_version(from);
    h.mutable_history()->set_limit(1000);
    auto r = c.call(h, true);
    if (!r.has_history_page()) {
      ADD_FAILURE() << "history: " << r.ShortDebugString();
      break;
    }
    for (const auto& e : r.history_page().events()) out.push_back(e);
    from = r.history_page().next_version();
  }
  return out;
}

TEST(MinutesSimulation, SecretariesConvergeThroughDelaysDropsAndServerCrashes) {
  const std::uint64_t seed = sim_seed();
  const plan p = make_plan(seed);
  SCOPED_TRACE("rerun with HUIWU_SIM_SEED=" + std::to_string(seed));
  std::printf("minutes simulation: seed %llu, %zu secretaries x %zu edits, %zu server restarts%s\n",
              static_cast<unsigned long long>(seed), p.secretaries, p.edits_each, p.restarts.size(),
              sanitized() ? " (sanitized: scaled down)" : "");

  redis_process redis({"--appendonly", "yes", "--appendfsync", "always"});
  server_process server(redis.port());
  struct dump_on_failure {
    server_process& s;
    ~dump_on_failure() {
      if (::testing::Test::HasFailure())
        std::cerr << "--- server log ---\n" << s.log_tail() << '\n';
    }
  } dump{server};

  // The meeting and its one item, made by an organiser who then leaves.
  std::string meeting_id, item_id;
  {
    ws_client organiser(server.port(), "sim-organiser");
    meeting_id = organiser.create_meeting("会务模拟 · simulation").id();
    organiser.join(meeting_id);
    auto r = organiser.command(meeting_id, add_item_change("议题一：预算调整"));
    ASSERT_TRUE(r.has_ack()) << r.ShortDebugString();
    auto e = organiser.event(meeting_id, 1);
    ASSERT_TRUE(e);
    item_id = e->change().add_item().item().id();
  }

  ot::testing::random_source rng(seed);
  boost::asio::io_context ioc;
  std::vector<std::unique_ptr<sim_secretary>> team;
  for (std::size_t i = 0; i < p.secretaries; ++i) {
    sim_behaviour b;
    b.max_delay = std::chrono::milliseconds(5 + rng.below(40));
    b.stall_percent = static_cast<unsigned>(1 + rng.below(6));
    team.push_back(std::make_unique<sim_secretary>(
        ioc, server.port(), "sim-" + std::to_string(seed % 100000) + "-" + std::to_string(i),
        meeting_id, item_id, rng.percent(50), rng.next(), b));
  }
  // The loop steps when the network has something (a frame read, a write done) or after at
  // most 1 ms, for the simulated holds and the typing; it never sleeps blind. The guard
  // keeps run_one_for() waiting even while every connection is down.
  auto work = boost::asio::make_work_guard(ioc);
  auto pump = [&] {
    ioc.restart();
    ioc.run_one_for(1ms);
    ioc.poll();
    const auto now = sim_clock::now();
    for (auto& s : team) s->tick(now);
  };
  auto describe_all = [&] {
    std::string d;
    for (auto& s : team) d += "\n  " + s->describe();
    return d;
  };

  // --- typing, with delays, drops and crashes -------------------------------------------
  // Before each restart one secretary goes away (typing on offline) until the server is
  // back, and the restart waits until the others have carried the meeting past a stored
  // snapshot (one every 100 versions) since she left. The restarted server's memory then
  // begins after her version: she resumes through a snapshot plus the stored history, and
  // her unacknowledged operation, re-sent on its old base, is rebased from the stored log.
  const std::size_t total = p.edits_each * p.secretaries;
  const std::size_t edit_cap = 4 * p.edits_each;  // typing goes on until the restarts are done
  std::size_t next_restart = 0, restarts = 0;
  constexpr std::size_t nobody = SIZE_MAX;
  std::size_t away = nobody;
  std::uint64_t away_since = 0;
  const auto run_deadline = sim_clock::now() + p.run_limit;
  auto restart_server = [&] {
    // SIGKILL with operations in flight: acks may be lost for appended operations, which
    // the secretaries then re-send under the same client_seq.
    server.kill();
    pump();
    server.start();
    ++restarts;
    ++next_restart;
    if (away != nobody) team[away]->come_back(sim_clock::now());
    away = nobody;
  };
  while (true) {
    pump();
    std::size_t typed = 0, busy = 0;
    std::uint64_t newest = 0;
    const auto now = sim_clock::now();
    const bool restarts_left = next_restart < p.restarts.size();
    for (auto& s : team) {
      typed += s->stats().edits;
      newest = std::max(newest, s->revision());
      if (s->stats().edits >= (restarts_left ? edit_cap : p.edits_each)) continue;
      ++busy;
      if (rng.percent(4)) {
        // Mostly single keystrokes; sometimes a quick burst that piles up in the buffer.
        const std::size_t burst = rng.percent(8) ? 2 + rng.below(12) : 1;
        for (std::size_t k = 0; k < burst; ++k) s->type(now);
      }
      if (rng.below(1000) < 1) s->drop(now);
    }
    if (::testing::Test::HasFatalFailure()) return;
    if (restarts_left) {
      const auto at = static_cast<double>(typed) / static_cast<double>(total);
      if (away == nobody && at >= std::max(0.02, p.restarts[next_restart] - 0.2)) {
        const std::size_t who = rng.below(team.size());
        if (team[who]->has_text()) {
          away = who;
          away_since = team[who]->revision();
          team[who]->go_away(now);
        }
      }
      const bool past_snapshot = away != nobody && newest >= (away_since / 100 + 1) * 100 + 3;
      if (at >= p.restarts[next_restart] && (past_snapshot || busy == 0)) restart_server();
    } else if (busy == 0) {
      break;
    }
    ASSERT_LT(sim_clock::now(), run_deadline) << "typing did not finish:" << describe_all();
  }

  // --- quiet: everyone reconnects, drains, and catches up -------------------------------
  std::uint64_t server_version = 0;
  std::string server_text;
  const auto settle_deadline = sim_clock::now() + p.settle_limit;
  auto next_look = sim_clock::now();
  while (true) {
    pump();
    bool settled = true;
    for (auto& s : team) settled = settled && s->settled() && s->revision() == team[0]->revision();
    if (settled && sim_clock::now() >= next_look) {
      next_look = sim_clock::now() + 200ms;
      ws_client look(server.port());
      auto j = look.join(meeting_id);
      server_version = j.version();
      server_text = j.snapshot().agenda_size() ? j.snapshot().agenda(0).minutes() : "";
      if (server_version == team[0]->revision()) break;
    }
    ASSERT_LT(sim_clock::now(), settle_deadline)
        << "the secretaries did not settle (server at " << server_version << "):" << describe_all();
  }

  // --- every copy is the server's text ---------------------------------------------------
  for (auto& s : team) {
    EXPECT_EQ(s->revision(), server_version) << s->client_id();
    EXPECT_EQ(s->text(), server_text) << s->client_id();
  }

  // --- the server's text is the replay of its stored log ---------------------------------
  ws_client auditor(server.port(), "sim-auditor");
  auditor.join(meeting_id);
  const auto log = stored_log(auditor, meeting_id);
  ASSERT_EQ(log.size(), server_version);
  EXPECT_EQ(redis.command({"XLEN", "hw:{m:" + meeting_id + "}:log"}),
            std::to_string(server_version));
  std::string replay;
  bool have_item = false;
  std::map<std::string, std::map<std::uint64_t, int>> seen;  // client_id -> seq -> times
  for (std::size_t i = 0; i < log.size(); ++i) {
    const auto& e = log[i];
    ASSERT_EQ(e.version(), i + 1) << "the stored log skips or repeats a version";
    if (e.change().has_add_item()) {
      have_item = have_item || e.change().add_item().item().id() == item_id;
      continue;
    }
    ASSERT_TRUE(e.change().has_edit_minutes()) << e.ShortDebugString();
    ASSERT_TRUE(have_item);
    const auto& m = e.change().edit_minutes();
    EXPECT_EQ(m.item_id(), item_id);
    EXPECT_EQ(m.base_version(), e.version() - 1) << "a stored edit applies at version - 1";
    auto op = ot::from_proto(m.op());
    ASSERT_TRUE(op) << "stored edit " << e.version() << " does not parse";
    auto next = op->apply(replay);
    ASSERT_TRUE(next) << "stored edit " << e.version() << " (" << *op
                      << ") does not fit the replayed text";
    replay = std::move(*next);
    ++seen[e.client_id()][e.client_seq()];
  }
  EXPECT_EQ(replay, server_text) << "the server's text is not the replay of its log";

  // --- every operation exactly once -------------------------------------------------------
  sim_stats all;
  std::size_t produced = 0;
  for (auto& s : team) {
    all += s->stats();
    produced += s->produced().size();
    auto& mine = seen[s->client_id()];
    for (auto seq : s->produced()) {
      auto it = mine.find(seq);
      if (it == mine.end()) {
        ADD_FAILURE() << s->client_id() << " operation " << seq << " is not in the log (lost)";
      } else {
        EXPECT_EQ(it->second, 1) << s->client_id() << " operation " << seq
                                 << " is in the log more than once";
        mine.erase(it);
      }
    }
    for (const auto& [seq, n] : mine) {
      ADD_FAILURE() << s->client_id() << " has operation " << seq << " in the log " << n
                    << " time(s), which it never produced";
    }
  }
  EXPECT_EQ(restarts, p.restarts.size());

  std::printf(
      "minutes simulation: %zu edits typed -> %zu operations (%zu commands sent, %zu re-sent, "
      "%zu of them as first sent; %zu acked as duplicates), %zu drops, %zu connections lost to "
      "%zu server restarts, %zu joins (%zu resumed through a snapshot + history), %zu storage "
      "retries, %zu version gaps; final text %zu bytes at version %llu\n",
      all.edits, produced, all.commands, all.resent, all.resent_original, all.duplicate_acks,
      all.drops, all.lost, restarts, all.joins, all.snapshot_joins, all.storage_retries, all.gaps,
      server_text.size(), static_cast<unsigned long long>(server_version));
  if (HasFailure())
    std::printf("rerun with HUIWU_SIM_SEED=%llu\n", static_cast<unsigned long long>(seed));
}

}  // namespace
}  // namespace huiwu::test
