#include "store/followup_store.hpp"

#include <charconv>
#include <map>
#include <set>

#include "store/keys.hpp"
#include "store/scripts.hpp"

namespace huiwu::store {
namespace {

std::vector<std::string> strings_of(const redis::reply& r) {
  std::vector<std::string> out;
  if (r.type != redis::reply::kind::array) return out;
  for (const auto& e : r.elements) {
    if (e.type == redis::reply::kind::string) out.push_back(e.str);
  }
  return out;
}

// Gathers the replies of commands sent together; `done` runs once, after the last.
// Counts the replies of a round of commands (they all complete on the connection's
// strand) and runs `done` after the last. `done` may hold the gather itself (it reads
// `ec`): it is moved out before it runs, which breaks that cycle.
struct gather {
  std::size_t pending = 0;
  std::error_code ec;
  std::function<void()> done;
  void one(std::error_code e) {
    if (e) ec = e;
    if (--pending == 0) {
      auto f = std::move(done);
      done = nullptr;
      f();
    }
  }
};

}  // namespace

followup_store::followup_store(std::shared_ptr<meeting_store> meetings)
    : meetings_(std::move(meetings)) {}

void followup_store::board(const std::string& account_id,
                           std::function<void(std::error_code, board_candidates)> cb) {
  struct state {
    std::vector<std::string> meeting_ids, named;
    std::vector<std::optional<v1::MeetingSummary>> summaries;
    std::vector<std::vector<std::string>> members;  // per meeting, parallel to meeting_ids
  };
  auto st = std::make_shared<state>();
  auto store = meetings_;
  const reader_keys rk(account_id);

  // Round 3: the records of every candidate, in one HMGET.
  auto read_records = [st, store, cb](std::error_code ec) {
    if (ec) return cb(ec, {});
    board_candidates out;
    for (auto& s : st->summaries) {
      if (s) out.summaries.push_back(std::move(*s));
    }
    std::set<std::string> members(st->named.begin(), st->named.end());
    for (const auto& m : st->members) members.insert(m.begin(), m.end());
    if (members.empty()) return cb({}, std::move(out));
    std::vector<std::string> args{"HMGET", std::string(decisions_index_key)};
    args.insert(args.end(), members.begin(), members.end());
    store->timed(std::move(args),
                 [out = std::move(out), cb](std::error_code ec2, redis::reply r) mutable {
                   if (ec2) return cb(ec2, {});
                   if (r.type != redis::reply::kind::array) return cb(errc::script_failed, {});
                   for (const auto& e : r.elements) {
                     if (e.type != redis::reply::kind::string) continue;  // never written
                     v1::DecisionRecord rec;
                     if (!rec.ParseFromString(e.str)) return cb(errc::corrupt, {});
                     out.records.push_back(std::move(rec));
                   }
                   cb({}, std::move(out));
                 });
  };

  // Round 2: per meeting the reader was invited to, its summary and its board members.
  auto read_meetings = [st, store, read_records](std::error_code ec) {
    if (ec) return read_records(ec);
    std::erase_if(st->meeting_ids, [](const std::string& id) { return !valid_meeting_id(id); });
    const auto n = st->meeting_ids.size();
    if (n == 0) return read_records({});
    st->summaries.resize(n);
    st->members.resize(n);
    auto g = std::make_shared<gather>();
    g->pending = 2 * n;
    g->done = [g, read_records] { read_records(g->ec); };
    for (std::size_t i = 0; i < n; ++i) {
      const meeting_keys k(st->meeting_ids[i]);
      store->timed({"HMGET", k.meta, "summary", "version"},
                   [st, g, i](std::error_code e, redis::reply r) {
                     if (!e && r.type == redis::reply::kind::array && r.elements.size() == 2 &&
                         r.elements[0].type == redis::reply::kind::string) {
                       v1::MeetingSummary s;
                       if (s.ParseFromString(r.elements[0].str)) {
                         std::uint64_t v = 0;
                         const auto& vs = r.elements[1].str;
                         std::from_chars(vs.data(), vs.data() + vs.size(), v);
                         s.set_version(v);
                         st->summaries[i] = std::move(s);
                       }
                     }
                     g->one(e);
                   });
      store->timed({"SMEMBERS", k.decisions}, [st, g, i](std::error_code e, redis::reply r) {
        if (!e) st->members[i] = strings_of(r);
        g->one(e);
      });
    }
  };

  // Round 1: the reader's two index sets.
  auto g = std::make_shared<gather>();
  g->pending = 2;
  g->done = [g, read_meetings] { read_meetings(g->ec); };
  store->timed({"SMEMBERS", rk.meetings}, [st, g](std::error_code e, redis::reply r) {
    if (!e) st->meeting_ids = strings_of(r);
    g->one(e);
  });
  store->timed({"SMEMBERS", rk.named}, [st, g](std::error_code e, redis::reply r) {
    if (!e) st->named = strings_of(r);
    g->one(e);
  });
}

void followup_store::due(std::int64_t now_ms, std::size_t max,
                         std::function<void(std::error_code, std::vector<due_reminder>)> cb) {
  auto store = meetings_;
  store->timed({"ZRANGEBYSCORE", std::string(due_index_key), "-inf", std::to_string(now_ms),
                "WITHSCORES", "LIMIT", "0", std::to_string(max)},
               [store, cb = std::move(cb)](std::error_code ec, redis::reply r) {
                 if (ec) return cb(ec, {});
                 if (r.type != redis::reply::kind::array) return cb(errc::script_failed, {});
                 if (r.elements.size() < 2) return cb({}, {});
                 struct state {
                   std::vector<due_reminder> found;
                   std::vector<bool> present;
                 };
                 auto st = std::make_shared<state>();
                 const auto n = r.elements.size() / 2;
                 st->found.resize(n);
                 st->present.resize(n);
                 auto g = std::make_shared<gather>();
                 g->pending = n;
                 g->done = [g, st, cb] {
                   std::vector<due_reminder> out;
                   for (std::size_t i = 0; i < st->found.size(); ++i) {
                     if (st->present[i]) out.push_back(std::move(st->found[i]));
                   }
                   cb(g->ec, std::move(out));
                 };
                 for (std::size_t i = 0; i < n; ++i) {
                   st->found[i].member = r.elements[2 * i].str;
                   st->found[i].score = r.elements[2 * i + 1].str;
                   store->timed({"HGET", std::string(decisions_index_key), st->found[i].member},
                                [st, g, i](std::error_code e, redis::reply rec) {
                                  if (!e && rec.type == redis::reply::kind::string &&
                                      st->found[i].record.ParseFromString(rec.str)) {
                                    st->present[i] = true;
                                  }
                                  g->one(e);
                                });
                 }
               });
}

void followup_store::backfill(std::function<void(std::error_code, bool)> cb) {
  auto store = meetings_;
  struct state {
    std::vector<std::string> meeting_ids;
    redis::reply records;
    std::map<std::string, std::set<std::string>> sets;  // index key -> members to add
  };
  auto st = std::make_shared<state>();

  // Last: every set in one SADD each, then the mark.
  auto write = [st, store, cb](std::error_code ec) {
    if (ec) return cb(ec, true);
    auto g = std::make_shared<gather>();
    g->pending = st->sets.size() + 1;
    g->done = [g, store, cb] {
      if (g->ec) return cb(g->ec, true);
      store->timed({"SET", std::string(board_indexed_key), "1"},
                   [cb](std::error_code e, redis::reply) { cb(e, true); });
    };
    for (auto& [key, members] : st->sets) {
      std::vector<std::string> args{"SADD", key};
      args.insert(args.end(), members.begin(), members.end());
      store->timed(std::move(args), [g](std::error_code e, redis::reply r) {
        g->one(e ? e : r.is_error() ? make_error_code(errc::script_failed) : e);
      });
    }
    g->one({});
  };

  // Then every meeting's summary, and what the records say.
  auto read = [st, store, write](std::error_code ec) {
    if (ec) return write(ec);
    const auto& rs = st->records.elements;
    for (std::size_t i = 0; i + 1 < rs.size(); i += 2) {
      v1::DecisionRecord r;
      if (!r.ParseFromString(rs[i + 1].str) || !valid_meeting_id(r.meeting_id())) continue;
      st->sets[meeting_keys(r.meeting_id()).decisions].insert(rs[i].str);
      for (const auto& a : named_on(r.decision())) st->sets[reader_keys(a).named].insert(rs[i].str);
    }
    st->records = {};
    std::erase_if(st->meeting_ids, [](const std::string& id) { return !valid_meeting_id(id); });
    auto g = std::make_shared<gather>();
    g->pending = st->meeting_ids.size() + 1;
    g->done = [g, write] { write(g->ec); };
    for (const auto& id : st->meeting_ids) {
      store->timed({"HGET", meeting_keys(id).meta, "summary"},
                   [st, g, id](std::error_code e, redis::reply r) {
                     v1::MeetingSummary s;
                     if (!e && r.type == redis::reply::kind::string && s.ParseFromString(r.str)) {
                       for (const auto& a : readers_of(s))
                         st->sets[reader_keys(a).meetings].insert(id);
                     }
                     g->one(e);
                   });
    }
    g->one({});
  };

  store->timed({"GET", std::string(board_indexed_key)},
               [st, store, read, cb](std::error_code ec, redis::reply r) {
                 if (ec) return cb(ec, false);
                 if (r.type == redis::reply::kind::string && r.str == "1") return cb({}, false);
                 auto g = std::make_shared<gather>();
                 g->pending = 2;
                 g->done = [g, read] { read(g->ec); };
                 store->timed({"ZRANGE", std::string(meetings_index_key), "0", "-1"},
                              [st, g](std::error_code e, redis::reply ids) {
                                if (!e) st->meeting_ids = strings_of(ids);
                                g->one(e);
                              });
                 store->timed({"HGETALL", std::string(decisions_index_key)},
                              [st, g](std::error_code e, redis::reply all) {
                                if (!e) st->records = std::move(all);
                                g->one(e);
                              });
               });
}

void followup_store::drop_due(const std::string& member, const std::string& score) {
  meetings_->eval(drop_due_script(), {std::string(due_index_key)}, {member, score},
                  [](std::error_code, redis::reply) {});
}

}  // namespace huiwu::store
