// The fixed cost of one change on the server, with no viewers (issue 15, docs/performance.md
// "The per-command path"): the steps a room takes for an edit of the minutes, in process,
// in the order the server takes them —
//   decode the frame (core::decode_request, JSON text or protobuf binary)
//   → access check (core::access_policy::may_change) and decide, the event stamped
//     (core::steps::decide_event, as room::decide_and_append calls it)
//   → the append request built (core::steps::append_request_for: the event serialized)
//   → apply (core::steps::apply_event, as room::accept calls it)
//   → encode the author's ack (core::replies::ack) and the event frame
//     (core::steps::event_frame, core::frame::encoded).
// Every step after the decoding is the function the room calls (core/room_steps.hpp), so
// the benchmark follows service/core/room*.cpp when they change.
// The Redis append itself is measured separately (`--redis PORT`): the store's append
// script (store::meeting_store::append) against a real redis-server, one in flight.
//
//   path_bench [--format json|binary] [--iterations N] [--minutes CHARS] [--redis PORT]
//              [--codec util]   (JSON through protobuf's JSON util only: the path before
//                                the hand-written codec of the hot frames, for comparison)
//              [--text ascii]   the minutes all ASCII ('x'), as the peer harness types
//                                them; default: every third character 会
//              [--join 1]       instead of a change: a join's reply, as room::do_join
//                                builds it (the reader's cut of the meeting, the joined
//                                envelope) and encoded (docs/performance.md, the join)
// One JSON line on stdout: ns per change, CPU time of the process and wall time (steady_clock),
// over N iterations.
// For instruction counts run it under `valgrind --tool=callgrind` with a small N and
// divide (bench/path/run.sh does both).
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <string>

#include "core/access_policy.hpp"
#include "core/frame.hpp"
#include "core/room_replies.hpp"
#include "core/room_steps.hpp"
#include "domain/access_rules.hpp"
#include "domain/meeting_logic.hpp"
#include "domain/resume_rules.hpp"
#include "huiwu.pb.h"
#include "redis/connection.hpp"
#include "store/meeting_store.hpp"

namespace {

using namespace huiwu;
using clock_type = std::chrono::steady_clock;

// CPU time of this process (the machine is shared: wall time includes others' work).
std::int64_t cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

constexpr std::int64_t t0_ms = 1'780'000'000'000;

struct options {
  core::wire_format format = core::wire_format::json;
  long iterations = 20'000;
  int minutes = 2'000;
  int redis_port = 0;
  bool util = false;   // --codec util: JSON through protobuf's util alone, as before issue 15
  bool join = false;   // --join 1: a join's reply instead of a change
  bool ascii = false;  // --text ascii: minutes of 'x' only
};

options parse(int argc, char** argv) {
  options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--format") {
      o.format = v == "binary" ? core::wire_format::binary : core::wire_format::json;
    } else if (k == "--iterations") {
      o.iterations = std::max(1L, std::atol(v.c_str()));
    } else if (k == "--minutes") {
      o.minutes = std::max(0, std::atoi(v.c_str()));
    } else if (k == "--codec") {
      o.util = v == "util";
    } else if (k == "--text") {
      o.ascii = v == "ascii";
    } else if (k == "--join") {
      o.join = v == "1";
    } else if (k == "--redis") {
      o.redis_port = std::atoi(v.c_str());
    } else {
      std::cerr << "path_bench: unknown option " << k << '\n';
      std::exit(2);
    }
  }
  return o;
}

core::principal writer() {
  core::principal p;
  p.client_id = "bench-writer";
  p.client_name = "秘书 王";
  p.account_id = "acct-writer";
  p.clearance = v1::LEVEL_SECRET;
  return p;
}

// A meeting with one agenda item whose minutes hold `chars` characters (mixed CJK/ASCII),
// created and filled through decide/apply as the server would.
v1::Meeting meeting(int chars, bool ascii) {
  v1::MeetingInfo info;
  info.set_title("周例会");
  info.set_level(v1::LEVEL_INTERNAL);
  auto m = domain::new_meeting("mbench", info, t0_ms);
  m.set_created_by("acct-writer");
  auto step = [&m](const v1::Change& in) {
    v1::Event e;
    if (auto r = domain::decide(m, in, t0_ms, *e.mutable_change(), {}, "acct-writer")) {
      std::cerr << "path_bench: setup refused: " << r->message << '\n';
      std::exit(1);
    }
    e.set_version(m.version() + 1);
    domain::apply(m, e);
  };
  v1::Change add;
  add.mutable_add_item()->mutable_item()->set_title("议题一");
  add.mutable_add_item()->set_position(-1);
  step(add);
  // In pieces of at most 4,000 characters, as typed and pasted text arrives (one insert has
  // a bound).
  for (int done = 0; done < chars;) {
    const int n = std::min(4000, chars - done);
    std::string text;
    for (int i = done; i < done + n; ++i) text += ascii ? "x" : (i % 3 == 0) ? "会" : "a";
    v1::Change fill;
    auto* em = fill.mutable_edit_minutes();
    em->set_item_id(m.agenda(0).id());
    em->set_base_version(m.version());
    if (done > 0) em->mutable_op()->add_ops()->set_retain(static_cast<std::uint32_t>(done));
    em->mutable_op()->add_ops()->set_insert(text);
    step(fill);
    done += n;
  }
  return m;
}

// The frame a browser sends for one typed character at the end of the minutes.
std::string command_frame(core::wire_format f, std::uint64_t id, const std::string& item,
                          std::uint64_t seq, std::uint64_t base, std::uint32_t len) {
  v1::Envelope env;
  env.set_id(id);
  auto* c = env.mutable_command();
  c->set_meeting_id("mbench");
  c->set_client_id("bench-writer");
  c->set_client_seq(seq);
  auto* em = c->mutable_change()->mutable_edit_minutes();
  em->set_item_id(item);
  em->set_base_version(base);
  em->mutable_op()->add_ops()->set_retain(len);
  auto* ins = em->mutable_op()->add_ops();
  ins->set_insert("字");
  ins->set_continues(true);
  if (f == core::wire_format::binary) return env.SerializeAsString();
  // What the browser's JSON.stringify makes of it (web-static/js/minutes-sync.js _command).
  return "{\"id\":" + std::to_string(id) + ",\"command\":{\"meeting_id\":\"mbench\"," +
         "\"client_id\":\"bench-writer\",\"client_seq\":" + std::to_string(seq) +
         ",\"expected_version\":0,\"change\":{\"edit_minutes\":{\"item_id\":\"" + item +
         "\",\"base_version\":" + std::to_string(base) +
         ",\"op\":{\"ops\":[{\"retain\":" + std::to_string(len) +
         "},{\"insert\":\"字\",\"continues\":true}]}}}}}";
}

// One change through the whole path. Returns the bytes produced (kept so nothing is elided).
std::size_t one_change(v1::Meeting& state, const core::principal& who,
                       const core::access_policy& policy, core::wire_format f,
                       const std::string& bytes, std::uint32_t& len, bool util) {
  v1::Envelope req;
  if (util && f == core::wire_format::json) {
    google::protobuf::util::JsonParseOptions po;
    if (!google::protobuf::util::JsonStringToMessage(bytes, &req, po).ok()) std::exit(1);
  } else if (auto why = core::decode_request(bytes, f, req); !why.empty()) {
    std::cerr << "path_bench: " << why << '\n';
    std::exit(1);
  }
  auto& cmd = *req.mutable_command();
  if (auto r = policy.may_change(who, state, cmd.change())) {
    std::cerr << "path_bench: refused: " << r->message << '\n';
    std::exit(1);
  }
  // From here on, the room's own steps (core/room_steps.hpp), as room::decide_and_append and
  // room::accept call them: the benchmark cannot drift from the server.
  auto event = std::make_shared<v1::Event>();
  const std::int64_t now = t0_ms + static_cast<std::int64_t>(state.version());
  if (auto r = core::steps::decide_event(state, "mbench", who, cmd, now, {}, *event)) {
    std::cerr << "path_bench: decide refused: " << r->message << '\n';
    std::exit(1);
  }
  const auto q = core::steps::append_request_for(state, "e1", cmd, *event, "e2");
  const auto logged = core::steps::apply_event(state, *event);
  ++len;
  // The author's ack as the room answers it, with the request's id as the connection adds it.
  auto ack = core::replies::ack("mbench", event->version(), false, cmd.client_seq());
  ack.set_id(req.id());
  const auto ack_frame = core::make_frame(std::move(ack));
  const auto ev_frame = core::steps::event_frame(*event);
  if (util && f == core::wire_format::json) {
    return core::to_json(ack_frame->envelope()).size() +
           core::to_json(ev_frame->envelope()).size() + q.event.size() + logged.event.version();
  }
  return ack_frame->encoded(f)->size() + ev_frame->encoded(f)->size() + q.event.size() +
         logged.event.version();
}

int redis_append(const options& o, const v1::Meeting& start) {
  boost::asio::io_context ioc;
  redis::options ro;
  ro.host = "127.0.0.1";
  ro.port = static_cast<std::uint16_t>(o.redis_port);
  auto conn = redis::connection::create(ioc.get_executor(), ro);
  bool connected = false;
  conn->set_on_connected([&] { connected = true; });
  conn->start();
  const auto deadline = clock_type::now() + std::chrono::seconds(10);
  while (!connected && clock_type::now() < deadline) ioc.run_for(std::chrono::milliseconds(50));
  if (!connected) {
    std::cerr << "path_bench: no Redis on port " << o.redis_port << '\n';
    return 1;
  }
  auto ms = std::make_shared<store::meeting_store>(conn);
  v1::Meeting m = start;
  const std::string id = "mpath" + std::to_string(clock_type::now().time_since_epoch().count());
  m.set_id(id);
  m.set_version(0);
  bool done = false;
  std::string epoch;
  ms->create(m, "e1", "", 0, [&](std::error_code ec, store::create_status, std::string ep) {
    if (ec) std::exit(1);
    epoch = ep;
    done = true;
  });
  while (!done) ioc.run_one();
  v1::Event e;
  e.set_meeting_id(id);
  e.set_client_id("bench-writer");
  e.set_client_name("秘书 王");
  auto* em = e.mutable_change()->mutable_edit_minutes();
  em->set_item_id(start.agenda(0).id());
  em->mutable_op()->add_ops()->set_retain(1000);
  em->mutable_op()->add_ops()->set_insert("字");
  const auto t0 = clock_type::now();
  long failed = 0;
  for (long i = 0; i < o.iterations; ++i) {
    e.set_version(static_cast<std::uint64_t>(i + 1));
    e.set_client_seq(static_cast<std::uint64_t>(i + 1));
    store::append_request q;
    q.expected_version = static_cast<std::uint64_t>(i);
    q.epoch = epoch;
    q.client_id = "bench-writer";
    q.client_seq = static_cast<std::uint64_t>(i + 1);
    q.event = e.SerializeAsString();
    q.fresh_epoch = "e2";
    done = false;
    ms->append(id, q, [&](std::error_code ec, store::append_result r) {
      if (ec || r.status != store::append_status::ok) ++failed;
      done = true;
    });
    while (!done) ioc.run_one();
  }
  const double ns =
      std::chrono::duration<double, std::nano>(clock_type::now() - t0).count() / o.iterations;
  std::printf(
      "{\"what\":\"redis_append\",\"iterations\":%ld,\"failed\":%ld,\"ns_per_append\":%.0f}\n",
      o.iterations, failed, ns);
  conn->stop();
  return failed ? 1 : 0;
}

}  // namespace

// A join's reply to a reader who has nothing yet: the reader's cut of the meeting in a
// joined envelope (room::do_join), encoded once in the format (a frame of its own: each
// join's reply is encoded for that one connection).
int join_replies(const options& o, const v1::Meeting& state) {
  const auto viewer = writer().viewer();
  std::size_t sink = 0;
  const auto c0 = cpu_ns();
  const auto t0 = clock_type::now();
  for (long i = 0; i < o.iterations; ++i) {
    v1::Envelope reply;
    reply.set_id(2);
    auto* j = reply.mutable_joined();
    j->set_meeting_id(state.id());
    j->set_epoch("e1");
    j->set_version(state.version());
    j->set_server_time_ms(t0_ms);
    *j->mutable_snapshot() = domain::redact(state, viewer);
    if (o.util && o.format == core::wire_format::json) {
      sink += core::to_json(reply).size();
    } else {
      sink += core::make_frame(std::move(reply))->encoded(o.format)->size();
    }
  }
  const double ns =
      std::chrono::duration<double, std::nano>(clock_type::now() - t0).count() / o.iterations;
  const double cpu = static_cast<double>(cpu_ns() - c0) / static_cast<double>(o.iterations);
  std::printf(
      "{\"what\":\"join\",\"cpu_ns_per_join\":%.0f,\"format\":\"%s\",\"codec\":\"%s\","
      "\"iterations\":%ld,\"minutes_chars\":%d,\"text\":\"%s\",\"ns_per_join\":%.0f,"
      "\"frame_bytes\":%zu}\n",
      cpu, o.format == core::wire_format::json ? "json" : "binary", o.util ? "util" : "as built",
      o.iterations, o.minutes, o.ascii ? "ascii" : "mixed", ns,
      sink / static_cast<std::size_t>(o.iterations));
  return 0;
}

int main(int argc, char** argv) {
  const auto o = parse(argc, argv);
  auto state = meeting(o.minutes, o.ascii);
  if (o.redis_port) return redis_append(o, state);
  if (o.join) return join_replies(o, state);
  const auto who = writer();
  const core::access_policy policy;
  const std::string item = state.agenda(0).id();
  std::uint32_t len = static_cast<std::uint32_t>(o.minutes);
  // Frames prepared up front: the client's encoding is not the server's cost.
  std::vector<std::string> frames;
  frames.reserve(static_cast<std::size_t>(o.iterations));
  for (long i = 0; i < o.iterations; ++i) {
    frames.push_back(command_frame(
        o.format, static_cast<std::uint64_t>(i + 1), item, static_cast<std::uint64_t>(i + 1),
        state.version() + static_cast<std::uint64_t>(i), len + static_cast<std::uint32_t>(i)));
  }
  std::size_t sink = 0;
  const auto c0 = cpu_ns();
  const auto t0 = clock_type::now();
  for (long i = 0; i < o.iterations; ++i) {
    sink +=
        one_change(state, who, policy, o.format, frames[static_cast<std::size_t>(i)], len, o.util);
  }
  const double ns =
      std::chrono::duration<double, std::nano>(clock_type::now() - t0).count() / o.iterations;
  const double cpu = static_cast<double>(cpu_ns() - c0) / static_cast<double>(o.iterations);
  std::printf(
      "{\"what\":\"path\",\"cpu_ns_per_change\":%.0f,\"format\":\"%s\",\"codec\":\"%s\","
      "\"iterations\":%ld,\"minutes_chars\":%"
      "d,"
      "\"ns_per_change\":%.0f,\"sink\":%zu}\n",
      cpu, o.format == core::wire_format::json ? "json" : "binary", o.util ? "util" : "as built",
      o.iterations, o.minutes, ns, sink);
  return 0;
}
