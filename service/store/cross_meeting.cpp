#include "store/cross_meeting.hpp"

#include <vector>

#include "store/keys.hpp"
#include "store/meeting_store.hpp"
#include "store/reply_util.hpp"
#include "store/scripts.hpp"

namespace huiwu::store {
namespace {

// KEYS: meta pending board (one meeting's tag)
// The meeting's version, epoch and creation time, its pending work (field, value, ...) and,
// for every board member pending, the meeting's board entry "<version> <due> <record>".
constexpr std::string_view pending_read_lua = R"lua(
local meta = redis.call('HMGET', KEYS[1], 'version', 'epoch', 'created_at')
local p = redis.call('HGETALL', KEYS[2])
local b = {}
for j = 1, #p, 2 do
  if string.sub(p[j], 1, 2) == 'b:' then
    local m = string.sub(p[j], 3)
    b[#b + 1] = m
    b[#b + 1] = redis.call('HGET', KEYS[3], m) or ''
  end
end
return {meta[1] or '', meta[2] or '', meta[3] or '', p, b}
)lua";

// KEYS: pending board (one meeting's tag)
// ARGV: pairs (field, version copied): clears the work done. A board member whose entry
// moved on since it was read (another instance copied a newer one, perhaps before this
// copy landed) stays pending and is answered, to be copied again.
constexpr std::string_view pending_done_lua = R"lua(
local again = {}
for j = 1, #ARGV, 2 do
  local f = ARGV[j]
  if string.sub(f, 1, 2) == 'b:' then
    local e = redis.call('HGET', KEYS[2], string.sub(f, 3)) or ''
    if (string.match(e, '^(%d+) ') or '') ~= ARGV[j + 1] then
      again[#again + 1] = string.sub(f, 3)
    else
      redis.call('HDEL', KEYS[1], f)
    end
  else
    redis.call('HDEL', KEYS[1], f)
  end
end
return again
)lua";

// KEYS: counter   ARGV: number, meeting id, token
// {'ok'} | {'number', last} | {'busy', claimed, meeting, token} (another issuer's claim).
constexpr std::string_view claim_lua = R"lua(
local v = redis.call('GET', KEYS[1]) or '0'
local last, claimed, m, t = string.match(v, '^(%d+) (%d+) (%S+) (%S+)$')
if not last then last = v end
if t and t ~= ARGV[3] then return {'busy', claimed, m, t} end
if tonumber(last) + 1 ~= tonumber(ARGV[1]) then return {'number', last} end
redis.call('SET', KEYS[1], last .. ' ' .. ARGV[1] .. ' ' .. ARGV[2] .. ' ' .. ARGV[3])
return {'ok'}
)lua";

// KEYS: counter   ARGV: token, '1' taken | '0' not
// Ends the claim if it is still this token's: the counter holds the number or the last.
constexpr std::string_view settle_lua = R"lua(
local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local last, claimed, m, t = string.match(v, '^(%d+) (%d+) (%S+) (%S+)$')
if t ~= ARGV[1] then return 0 end
if ARGV[2] == '1' then redis.call('SET', KEYS[1], claimed) else redis.call('SET', KEYS[1], last) end
return 1
)lua";

// KEYS: meta (the claiming meeting)   ARGV: token
// 'done' when the meeting appended the claimed event; else the claim is voided here, in the
// meeting's slot, so its append can no longer take the number: 'void'.
constexpr std::string_view resolve_lua = R"lua(
local f = 'claim:' .. ARGV[1]
local c = redis.call('HGET', KEYS[1], f)
if c then return c end
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], f, 'void') end
return 'void'
)lua";

using detail::to_u64;

const std::string* str(const redis::reply& r, std::size_t i) {
  if (r.type != redis::reply::kind::array || i >= r.elements.size()) return nullptr;
  const auto& e = r.elements[i];
  if (e.type != redis::reply::kind::string && e.type != redis::reply::kind::status) return nullptr;
  return &e.str;
}

struct round_state {
  std::shared_ptr<meeting_store> store;
  std::string id;
  std::vector<std::string> copied;  // pairs for pending_done
  std::size_t waiting = 0;
  std::error_code ec;
  bool board = false;
  std::string publish;  // follow-up channel payload "<epoch> <version>"
  std::function<void(std::error_code)> done;
};

void run_round(std::shared_ptr<meeting_store> store, std::string id, int round,
               std::function<void(std::error_code)> done);

void one_written(const std::shared_ptr<round_state>& st, int round) {
  if (--st->waiting > 0) return;
  if (st->ec) return st->done(st->ec);
  meeting_keys k(st->id);
  st->store->eval(pending_done_script(), {k.pending, k.board}, st->copied,
                  [st, round](std::error_code ec, redis::reply r) {
                    if (!ec && r.is_error()) ec = errc::script_failed;
                    if (ec) return st->done(ec);
                    auto finish = [st](std::error_code e) {
                      if (st->board) st->store->publish(std::string(followup_channel), st->publish);
                      st->done(e);
                    };
                    if (!r.elements.empty() && round < 5) {
                      return run_round(st->store, st->id, round + 1, finish);
                    }
                    finish({});
                  });
}

void run_round(std::shared_ptr<meeting_store> store, std::string id, int round,
               std::function<void(std::error_code)> done) {
  meeting_keys k(id);
  store->eval(
      pending_read_script(), {k.meta, k.pending, k.board}, {},
      [store, id, round, done = std::move(done)](std::error_code ec, redis::reply r) {
        if (!ec && (r.is_error() || r.elements.size() != 5)) ec = errc::script_failed;
        if (ec) return done(ec);
        const auto& fields = r.elements[3].elements;
        if (fields.empty()) return done({});
        auto st = std::make_shared<round_state>();
        st->store = store;
        st->id = id;
        st->done = done;
        st->publish = r.elements[1].str + ' ' + r.elements[0].str;
        const auto& created = r.elements[2].str;
        std::vector<std::vector<std::string>> writes;
        for (std::size_t j = 0; j + 1 < fields.size(); j += 2) {
          const auto& f = fields[j].str;
          const auto& value = fields[j + 1].str;
          if (f == "i") {
            if (!created.empty())
              writes.push_back({"ZADD", std::string(meetings_index_key), created, id});
          } else if (f.starts_with("r:")) {
            writes.push_back({"SADD", reader_keys(f.substr(2)).meetings, id});
          } else if (f.starts_with("n:")) {
            const auto nl = f.find('\n');
            if (nl == std::string::npos) continue;
            writes.push_back({"SADD", reader_keys(f.substr(2, nl - 2)).named, f.substr(nl + 1)});
          } else if (f.starts_with("b:")) {
            continue;  // below, with the board entries
          }
          st->copied.push_back(f);
          st->copied.push_back(value);
        }
        const auto& board = r.elements[4].elements;
        for (std::size_t j = 0; j + 1 < board.size(); j += 2) {
          const auto& member = board[j].str;
          const auto& entry = board[j + 1].str;
          const auto s1 = entry.find(' ');
          const auto s2 = s1 == std::string::npos ? s1 : entry.find(' ', s1 + 1);
          st->copied.push_back("b:" + member);
          if (s2 == std::string::npos) {  // no entry: nothing to copy, clears the work
            st->copied.emplace_back();
            continue;
          }
          st->copied.push_back(entry.substr(0, s1));
          const auto due = entry.substr(s1 + 1, s2 - s1 - 1);
          writes.push_back(
              {"HSET", std::string(decisions_index_key), member, entry.substr(s2 + 1)});
          if (due == "0") {
            writes.push_back({"ZREM", std::string(due_index_key), member});
          } else {
            writes.push_back({"ZADD", std::string(due_index_key), due, member});
          }
          st->board = true;
        }
        st->waiting = writes.size() + 1;
        for (auto& w : writes) {
          store->timed(std::move(w), [st, round](std::error_code e, redis::reply wr) {
            if (!e && wr.is_error()) e = errc::script_failed;
            if (e && !st->ec) st->ec = e;
            one_written(st, round);
          });
        }
        one_written(st, round);
      });
}

struct scan_state {
  std::shared_ptr<meeting_store> store;
  std::size_t meetings = 0;
  std::error_code ec;
  std::function<void(std::error_code, std::size_t)> done;
};

void scan_from(const std::shared_ptr<scan_state>& st, std::string cursor) {
  st->store->timed({"SCAN", cursor, "MATCH", "hw:{m:*}:pending", "COUNT", "1000"},
                   [st](std::error_code ec, redis::reply r) {
                     if (!ec && (r.is_error() || r.elements.size() != 2)) ec = errc::script_failed;
                     if (ec) return st->done(ec, st->meetings);
                     const auto next = r.elements[0].str;
                     std::vector<std::string> ids;
                     constexpr std::string_view prefix = "hw:{m:", suffix = "}:pending";
                     for (const auto& key : r.elements[1].elements) {
                       const std::string_view s = key.str;
                       if (s.size() <= prefix.size() + suffix.size()) continue;
                       const auto id =
                           s.substr(prefix.size(), s.size() - prefix.size() - suffix.size());
                       if (valid_meeting_id(id)) ids.emplace_back(id);
                     }
                     auto left = std::make_shared<std::size_t>(ids.size() + 1);
                     auto after = [st, left, next](std::error_code e) {
                       if (e && !st->ec) st->ec = e;
                       if (--*left > 0) return;
                       if (next == "0") return st->done(st->ec, st->meetings);
                       scan_from(st, next);
                     };
                     st->meetings += ids.size();
                     for (const auto& id : ids) run_pending(st->store, id, after);
                     after({});
                   });
}

}  // namespace

const script& pending_read_script() {
  static const script s(pending_read_lua);
  return s;
}
const script& pending_done_script() {
  static const script s(pending_done_lua);
  return s;
}
const script& claim_script() {
  static const script s(claim_lua);
  return s;
}
const script& settle_script() {
  static const script s(settle_lua);
  return s;
}
const script& resolve_script() {
  static const script s(resolve_lua);
  return s;
}

void run_pending(const std::shared_ptr<meeting_store>& store, const std::string& meeting_id,
                 std::function<void(std::error_code)> done) {
  run_round(store, meeting_id, 0, std::move(done));
}

void repair_pending(const std::shared_ptr<meeting_store>& store,
                    std::function<void(std::error_code, std::size_t)> done) {
  auto st = std::make_shared<scan_state>();
  st->store = store;
  st->done = std::move(done);
  scan_from(st, "0");
}

namespace {
void claim_attempt(std::shared_ptr<meeting_store> store, std::string key, std::int64_t number,
                   std::string meeting_id, std::string token, int attempt,
                   std::function<void(std::error_code, claim_status, std::int64_t)> done) {
  store->eval(claim_script(), {key}, {std::to_string(number), meeting_id, token},
              [=, done = std::move(done)](std::error_code ec, redis::reply r) mutable {
                const auto* status = ec ? nullptr : str(r, 0);
                if (!ec && !status) ec = errc::script_failed;
                if (ec) return done(ec, claim_status::number, 0);
                if (*status == "ok") return done({}, claim_status::ok, number - 1);
                if (*status == "number") {
                  const auto* last = str(r, 1);
                  return done({}, claim_status::number,
                              last ? static_cast<std::int64_t>(to_u64(*last)) : 0);
                }
                // busy: settle the other claim by what its meeting holds, then try again.
                const auto* other = str(r, 2);
                const auto* other_token = str(r, 3);
                if (!other || !other_token || !valid_meeting_id(*other) || attempt >= 3) {
                  return done({}, claim_status::number, number - 1);
                }
                store->eval(resolve_script(), {meeting_keys(*other).meta}, {*other_token},
                            [=, t = *other_token, done = std::move(done)](std::error_code e2,
                                                                          redis::reply c) mutable {
                              if (!e2 && c.is_error()) e2 = errc::script_failed;
                              if (e2) return done(e2, claim_status::number, 0);
                              settle_number(
                                  store, key, t, c.str == "done",
                                  [=, done = std::move(done)](std::error_code e3) mutable {
                                    if (e3) return done(e3, claim_status::number, 0);
                                    claim_attempt(store, key, number, meeting_id, token,
                                                  attempt + 1, std::move(done));
                                  });
                            });
              });
}
}  // namespace

void claim_number(const std::shared_ptr<meeting_store>& store, const std::string& key,
                  std::int64_t number, const std::string& meeting_id, const std::string& token,
                  std::function<void(std::error_code, claim_status, std::int64_t)> done) {
  claim_attempt(store, key, number, meeting_id, token, 0, std::move(done));
}

void settle_number(const std::shared_ptr<meeting_store>& store, const std::string& key,
                   const std::string& token, bool taken,
                   std::function<void(std::error_code)> done) {
  store->eval(settle_script(), {key}, {token, taken ? "1" : "0"},
              [done = std::move(done)](std::error_code ec, redis::reply r) {
                if (!ec && r.is_error()) ec = errc::script_failed;
                done(ec);
              });
}

}  // namespace huiwu::store
