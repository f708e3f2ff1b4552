// The follow-up board's cost as the store grows (issue 14, docs/performance.md): seeds a
// private Redis through the store's own create and append scripts, in steps up to 10k
// meetings and 50k decisions, and at each step times one reader's board request and counts
// its Redis commands, both as built (store::followup_store::board, the per-reader index
// query, docs/decisions/0018-*) and as it was before (the whole decision hash plus the 500
// newest meeting summaries), for contrast. One JSON line per step on stdout.
//   board_bench <redis port> [repeats] [indexed]   ("indexed": skip the old query)
#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "app/followup_board.hpp"
#include "huiwu.pb.h"
#include "redis/connection.hpp"
#include "store/followup_store.hpp"
#include "store/keys.hpp"
#include "store/meeting_store.hpp"

namespace {

using namespace huiwu;
using clock_type = std::chrono::steady_clock;

constexpr int decisions_per_meeting = 5;
constexpr int accounts = 200;    // everyone else, invited and named at random
constexpr int reader_every = 5;  // the reader is invited to every 5th of the first 100 meetings

boost::asio::io_context ioc;
long long commands = 0;  // commands sent through the store, counted by its latency observer

template <class Pred>
void run_until(Pred done) {
  while (!done()) ioc.run_one();
}

std::string account(int i) {
  return "a" + std::to_string(i);
}

// Meeting i: created by a0, attendees a(i%200), a((i*7)%200); the reader is invited to every
// 5th meeting among the first 100 and leads the first decision of every 10th of them.
v1::Meeting meeting(int i) {
  v1::Meeting m;
  m.set_id("m" + std::to_string(i));
  m.mutable_info()->set_title("例会 " + std::to_string(i));
  m.mutable_info()->set_level(v1::LEVEL_INTERNAL);
  m.set_created_by(account(0));
  m.set_created_at_ms(1'700'000'000'000 + i);
  std::vector<std::string> invited{account(1 + i % (accounts - 1)),
                                   account(1 + (i * 7) % (accounts - 1))};
  if (i < 100 && i % reader_every == 0) invited.emplace_back("reader");
  int n = 0;
  for (const auto& a : invited) {
    auto* at = m.add_attendees();
    at->set_id("p" + std::to_string(++n));
    at->set_name(a);
    at->set_account_id(a);
    at->set_role(v1::ROLE_PARTICIPANT);
  }
  return m;
}

std::vector<huiwu::store::append_request::decision_index_entry> records(int i) {
  std::vector<huiwu::store::append_request::decision_index_entry> out;
  for (int d = 0; d < decisions_per_meeting; ++d) {
    v1::DecisionRecord r;
    r.set_meeting_id("m" + std::to_string(i));
    r.set_meeting_title("例会 " + std::to_string(i));
    r.set_meeting_level(v1::LEVEL_INTERNAL);
    r.set_item_title("议题");
    r.set_item_level(v1::LEVEL_INTERNAL);
    auto* dec = r.mutable_decision();
    dec->set_id("d" + std::to_string(d + 1));
    dec->set_text("完成第 " + std::to_string(i) + " 号会议第 " + std::to_string(d + 1) + " 项决定");
    const bool reader_leads = i < 100 && i % 10 == 0 && d == 0;
    dec->set_lead_account(reader_leads ? "reader" : account(1 + (i + d) % (accounts - 1)));
    dec->set_supervisor_account(account(1 + (i + d + 3) % (accounts - 1)));
    dec->add_co_accounts(account(1 + (i * 3 + d) % (accounts - 1)));
    dec->set_state("assigned");
    dec->set_deadline("2027-01-31");
    dec->set_time_zone("Asia/Shanghai");
    out.push_back({r.meeting_id() + '/' + dec->id(), r.SerializeAsString(), 0});
  }
  return out;
}

// Creates meetings [from, to) and appends their decisions, at most 256 writes in flight.
void seed(store::meeting_store& ms, int from, int to) {
  int in_flight = 0, failed = 0;
  for (int i = from; i < to; ++i) {
    run_until([&] { return in_flight < 256; });
    ++in_flight;
    const auto m = meeting(i);
    ms.create(m, "e1", "bench", static_cast<std::uint64_t>(i + 1),
              [&, i](std::error_code ec, store::create_status st, std::string) {
                if (ec || st != store::create_status::created) {
                  ++failed;
                  --in_flight;
                  return;
                }
                store::append_request q;
                q.expected_version = 0;
                q.epoch = "e1";
                q.client_id = "bench";
                q.client_seq = static_cast<std::uint64_t>(i + 1'000'000);
                q.event = "seed";  // the log's bytes are not read here
                q.fresh_epoch = "e2";
                q.index_decisions = true;
                q.decisions = records(i);
                ms.append("m" + std::to_string(i), q,
                          [&](std::error_code ec2, store::append_result r) {
                            if (ec2 || r.status != store::append_status::ok) ++failed;
                            --in_flight;
                          });
              });
  }
  run_until([&] { return in_flight == 0; });
  if (failed) {
    std::cerr << "board_bench: " << failed << " seeding writes failed\n";
    std::exit(1);
  }
}

struct sample {
  double ms = 0;
  long long commands = 0;
  std::size_t rows = 0;
};

// As built: the store's candidates for the reader, filtered by the access rule app/ uses.
sample indexed(std::shared_ptr<store::meeting_store> ms) {
  const domain::viewer v{"reader", v1::LEVEL_SECRET};
  sample s;
  const auto c0 = commands;
  const auto t0 = clock_type::now();
  bool done = false;
  store::followup_store(ms).board(
      "reader", [&](std::error_code ec, store::followup_store::board_candidates c) {
        if (ec) std::exit(1);
        std::map<std::string, const v1::MeetingSummary*> by_id;
        for (const auto& m : c.summaries) by_id[m.id()] = &m;
        for (const auto& r : c.records) {
          auto it = by_id.find(r.meeting_id());
          if (app::may_see_record(r, it == by_id.end() ? nullptr : it->second, v)) ++s.rows;
        }
        done = true;
      });
  run_until([&] { return done; });
  s.ms = std::chrono::duration<double, std::milli>(clock_type::now() - t0).count();
  s.commands = commands - c0;
  return s;
}

// As it was before 0018: HGETALL of every record, the 500 newest summaries, then the filter.
sample scan_all(std::shared_ptr<store::meeting_store> ms) {
  const domain::viewer v{"reader", v1::LEVEL_SECRET};
  sample s;
  const auto c0 = commands;
  const auto t0 = clock_type::now();
  bool done = false;
  ms->timed({"HGETALL", std::string(store::decisions_index_key)},
            [&](std::error_code ec, redis::reply all) {
              if (ec) std::exit(1);
              ms->list(true, [&, all = std::move(all)](std::error_code ec2,
                                                       std::vector<v1::MeetingSummary> sums) {
                if (ec2) std::exit(1);
                std::map<std::string, const v1::MeetingSummary*> by_id;
                for (const auto& m : sums) by_id[m.id()] = &m;
                for (std::size_t i = 0; i + 1 < all.elements.size(); i += 2) {
                  v1::DecisionRecord r;
                  if (!r.ParseFromString(all.elements[i + 1].str)) std::exit(1);
                  auto it = by_id.find(r.meeting_id());
                  if (app::may_see_record(r, it == by_id.end() ? nullptr : it->second, v)) {
                    ++s.rows;
                  }
                }
                done = true;
              });
            });
  run_until([&] { return done; });
  s.ms = std::chrono::duration<double, std::milli>(clock_type::now() - t0).count();
  s.commands = commands - c0;
  return s;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: board_bench <redis port on 127.0.0.1> [repeats]\n";
    return 2;
  }
  const int repeats = argc > 2 ? std::max(1, std::atoi(argv[2])) : 21;
  const bool old_too = !(argc > 3 && std::string(argv[3]) == "indexed");
  redis::options ro;
  ro.host = "127.0.0.1";
  ro.port = static_cast<std::uint16_t>(std::atoi(argv[1]));
  auto conn = redis::connection::create(ioc.get_executor(), ro);
  bool connected = false;
  conn->set_on_connected([&] { connected = true; });
  conn->start();
  const auto deadline = clock_type::now() + std::chrono::seconds(10);
  while (!connected && clock_type::now() < deadline) ioc.run_for(std::chrono::milliseconds(50));
  if (!connected) {
    std::cerr << "board_bench: no Redis on port " << argv[1] << '\n';
    return 1;
  }
  auto ms =
      std::make_shared<store::meeting_store>(conn, [](std::chrono::nanoseconds) { ++commands; });
  int seeded = 0;
  for (const int n : {100, 1'000, 10'000}) {
    const auto t0 = clock_type::now();
    seed(*ms, seeded, n);
    seeded = n;
    const double seed_s = std::chrono::duration<double>(clock_type::now() - t0).count();
    std::vector<double> a_ms, b_ms;
    sample a, b;
    for (int r = 0; r < repeats; ++r) {
      a = indexed(ms);
      a_ms.push_back(a.ms);
      if (!old_too) continue;
      b = scan_all(ms);
      b_ms.push_back(b.ms);
    }
    std::printf(
        "{\"meetings\":%d,\"decisions\":%d,\"seed_s\":%.1f,\"repeats\":%d,"
        "\"indexed\":{\"median_ms\":%.3f,\"commands\":%lld,\"rows\":%zu},"
        "\"scan_all\":{\"median_ms\":%.3f,\"commands\":%lld,\"rows\":%zu}}\n",
        n, n * decisions_per_meeting, seed_s, repeats, median(a_ms), a.commands, a.rows,
        b_ms.empty() ? 0.0 : median(b_ms), b.commands, b.rows);
    std::fflush(stdout);
  }
  conn->stop();
  return 0;
}
