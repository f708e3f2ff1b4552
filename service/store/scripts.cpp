#include "store/scripts.hpp"

#include <openssl/evp.h>

#include <cstdio>
#include <stdexcept>

#include "store/keys.hpp"

namespace huiwu::store {

bool valid_meeting_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// The SHA-1 Redis names a script by (EVALSHA, SCRIPT LOAD): lowercase hex of the text's
// digest. OpenSSL's public EVP interface, not a library's private detail whose digest type
// may change under us (boost::uuids::detail::sha1 did in Boost 1.86); the EVAL fallback
// would hide a wrong hash, so tests/redis/script_hash_test.cpp checks it against Redis.
std::string sha1_hex(std::string_view text) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(text.data(), text.size(), md, &len, EVP_sha1(), nullptr) != 1 || len != 20) {
    throw std::runtime_error("SHA-1 is not available from OpenSSL");
  }
  static constexpr char hex[] = "0123456789abcdef";
  std::string out(40, '0');
  for (unsigned i = 0; i < len; ++i) {
    out[2 * i] = hex[md[i] >> 4];
    out[2 * i + 1] = hex[md[i] & 0xF];
  }
  return out;
}

script::script(std::string_view t) : text(t), sha1(sha1_hex(t)) {}

namespace {

// KEYS: meta log snap dedupe pending (all of the meeting's hash tag)
// ARGV: epoch, snapshot, summary, client_id, client_seq, created_at_ms, meeting id,
//       then one pending field per account the summary names ("r:<account>")
// Creates the meeting at version 0 unless it exists. A retried create (same client_id and
// client_seq, recorded in dedupe) answers "exists" with the stored epoch; any other
// existing meeting is a collision. The cross-meeting work (the meetings index "i" and the
// readers' meeting sets) is only recorded in `pending`, done by store/cross_meeting.cpp.
constexpr std::string_view create_lua = R"lua(
if redis.call('EXISTS', KEYS[1]) == 1 then
  -- The id derives from (client_id, client_seq), so the same client having reached this
  -- sequence number or a later one in this meeting means the meeting is this create's.
  local d = ARGV[4] ~= '' and redis.call('HGET', KEYS[4], ARGV[4])
  local seq = d and tonumber(string.match(d, '^(%d+):'))
  if seq and seq >= tonumber(ARGV[5]) then
    return {'exists', redis.call('HGET', KEYS[1], 'epoch')}
  end
  return {'collision'}
end
redis.call('HSET', KEYS[1], 'version', 0, 'epoch', ARGV[1], 'snap_version', 0,
           'created_at', ARGV[6], 'summary', ARGV[3])
redis.call('SET', KEYS[3], ARGV[2])
if ARGV[4] ~= '' then redis.call('HSET', KEYS[4], ARGV[4], ARGV[5] .. ':0') end
redis.call('HSET', KEYS[5], 'i', '0')
for k = 8, #ARGV do redis.call('HSET', KEYS[5], ARGV[k], '0') end
return {'ok', ARGV[1]}
)lua";

// KEYS: meta log snap dedupe pending board decisions (all of the meeting's hash tag)
// ARGV: expected_version, epoch, client_id, client_seq, event, snapshot|'', summary|'',
//       channel, fresh_epoch, board ('1': the n triples below are board records),
//       n, claim|'' ("<number> <token>": the 纪要 issue number the event takes, claimed on
//       the counter by store/cross_meeting.cpp under that token),
//       n x (member, DecisionRecord, due score|'0'),
//       then one pending field per reader index entry ("r:<account>", "n:<account> <member>")
// The single writer of a meeting's history. Checks, in this order:
//  - the meeting exists                                  -> {'missing'}
//  - (client_id, client_seq) was applied before          -> {'dup', version, epoch}
//  - the caller's epoch is current                       -> {'epoch', version, epoch}
//  - the caller is ahead of the log: Redis lost writes   -> new epoch, {'rewound', ...}
//  - the caller is behind (another instance appended)    -> {'moved', version, epoch}
//  - the number's claim was voided by another issuer     -> {'number', '0', epoch}
// then appends the event as version+1, records the client's sequence number, writes the
// snapshot and summary when given, marks the claim done, writes the board records into
// the meeting's own board and the cross-meeting work into `pending` (decision 0037), and
// publishes the new version as a wake-up. It touches no key outside the meeting's tag.
constexpr std::string_view append_lua = R"lua(
local meta = redis.call('HMGET', KEYS[1], 'version', 'epoch')
if not meta[1] then return {'missing'} end
local version = tonumber(meta[1])
if ARGV[3] ~= '' then
  local d = redis.call('HGET', KEYS[4], ARGV[3])
  if d then
    local seq, at = string.match(d, '^(%d+):(%d+)$')
    if seq and tonumber(seq) >= tonumber(ARGV[4]) then return {'dup', at, meta[2]} end
  end
end
if meta[2] ~= ARGV[2] then return {'epoch', meta[1], meta[2]} end
local expected = tonumber(ARGV[1])
if expected > version then
  redis.call('HSET', KEYS[1], 'epoch', ARGV[9])
  return {'rewound', meta[1], ARGV[9]}
end
if expected < version then return {'moved', meta[1], meta[2]} end
local claim = ARGV[12] ~= '' and ('claim:' .. string.match(ARGV[12], '^%d+ (.+)$'))
if claim then
  if redis.call('HGET', KEYS[1], claim) == 'void' then return {'number', '0', meta[2]} end
  redis.call('HSET', KEYS[1], claim, 'done')
end
version = version + 1
local v = tostring(version)
redis.call('XADD', KEYS[2], v .. '-0', 'e', ARGV[5])
redis.call('HSET', KEYS[1], 'version', v)
if ARGV[3] ~= '' then redis.call('HSET', KEYS[4], ARGV[3], ARGV[4] .. ':' .. v) end
if ARGV[6] ~= '' then
  redis.call('SET', KEYS[3], ARGV[6])
  redis.call('HSET', KEYS[1], 'snap_version', v)
end
if ARGV[7] ~= '' then redis.call('HSET', KEYS[1], 'summary', ARGV[7]) end
redis.call('PUBLISH', ARGV[8], v)
-- Follow-up: the meeting's board records move with the event; the cross-meeting board,
-- reader sets and reminder schedule are copied from them after this script.
local i = 13
if ARGV[10] == '1' then
  for _ = 1, tonumber(ARGV[11]) do
    redis.call('HSET', KEYS[6], ARGV[i], v .. ' ' .. ARGV[i + 2] .. ' ' .. ARGV[i + 1])
    redis.call('SADD', KEYS[7], ARGV[i])
    redis.call('HSET', KEYS[5], 'b:' .. ARGV[i], v)
    i = i + 3
  end
end
for k = i, #ARGV do redis.call('HSET', KEYS[5], ARGV[k], v) end
return {'ok', v, meta[2]}
)lua";

// KEYS: meta log dedupe pending board decisions (all of the meeting's hash tag)
// ARGV: expected_version, epoch, fresh_epoch, channel, n, then n entries, each
//       client_id, client_seq, event, b, p, b x (member, DecisionRecord, due score|'0'),
//       p x pending field ("r:<account>", "n:<account> <member>")
// Group commit (decision 0034): the events a room decided while its previous append was in
// flight, appended in order as versions expected+1 .. expected+n in one call, so that one
// fsync covers them all. The same checks as append_lua, all before any write: any refusal
// writes nothing, and the room sends the commands again one by one. Like append_lua it
// touches only the meeting's tag (decision 0037): an entry's board records go to the
// meeting's own board and its cross-meeting work into `pending`, stamped with the entry's
// own version, for store/cross_meeting.cpp to copy after this call.
constexpr std::string_view append_batch_lua = R"lua(
local meta = redis.call('HMGET', KEYS[1], 'version', 'epoch')
if not meta[1] then return {'missing'} end
local n = tonumber(ARGV[5])
local at = {}
local i = 6
for j = 1, n do
  at[j] = i
  local c = ARGV[i]
  if c ~= '' then
    local d = redis.call('HGET', KEYS[3], c)
    if d then
      local seq, was = string.match(d, '^(%d+):(%d+)$')
      if seq and tonumber(seq) >= tonumber(ARGV[i + 1]) then return {'dup', was, meta[2]} end
    end
  end
  i = i + 5 + 3 * tonumber(ARGV[i + 3]) + tonumber(ARGV[i + 4])
end
if meta[2] ~= ARGV[2] then return {'epoch', meta[1], meta[2]} end
local version = tonumber(meta[1])
local expected = tonumber(ARGV[1])
if expected > version then
  redis.call('HSET', KEYS[1], 'epoch', ARGV[3])
  return {'rewound', meta[1], ARGV[3]}
end
if expected < version then return {'moved', meta[1], meta[2]} end
for j = 1, n do
  i = at[j]
  version = version + 1
  local v = tostring(version)
  redis.call('XADD', KEYS[2], v .. '-0', 'e', ARGV[i + 2])
  local c = ARGV[i]
  if c ~= '' then redis.call('HSET', KEYS[3], c, ARGV[i + 1] .. ':' .. v) end
  local b, p = tonumber(ARGV[i + 3]), tonumber(ARGV[i + 4])
  i = i + 5
  for _ = 1, b do
    redis.call('HSET', KEYS[5], ARGV[i], v .. ' ' .. ARGV[i + 2] .. ' ' .. ARGV[i + 1])
    redis.call('SADD', KEYS[6], ARGV[i])
    redis.call('HSET', KEYS[4], 'b:' .. ARGV[i], v)
    i = i + 3
  end
  for _ = 1, p do
    redis.call('HSET', KEYS[4], ARGV[i], v)
    i = i + 1
  end
end
local v = tostring(version)
redis.call('HSET', KEYS[1], 'version', v)
redis.call('PUBLISH', ARGV[4], v)
return {'ok', v, meta[2]}
)lua";

// KEYS: meta log snap dedupe
// One consistent read of everything needed to hold a meeting in memory: the snapshot,
// the log after it, and the clients' last sequence numbers. nil when there is no meeting.
constexpr std::string_view load_lua = R"lua(
local meta = redis.call('HMGET', KEYS[1], 'version', 'epoch', 'snap_version')
if not meta[1] then return false end
local snap = redis.call('GET', KEYS[3]) or ''
local tail = redis.call('XRANGE', KEYS[2], tostring(tonumber(meta[3]) + 1) .. '-0', '+')
return {meta[1], meta[2], meta[3], snap, redis.call('HGETALL', KEYS[4]), tail}
)lua";

// KEYS: meta log
// ARGV: from_version (exclusive), max entries
// The events after from_version with the current epoch and version, so that a gap or a
// rewound log is seen in the same read.
constexpr std::string_view read_since_lua = R"lua(
local meta = redis.call('HMGET', KEYS[1], 'version', 'epoch')
if not meta[1] then return false end
local from = tostring(tonumber(ARGV[1]) + 1) .. '-0'
return {meta[1], meta[2], redis.call('XRANGE', KEYS[2], from, '+', 'COUNT', ARGV[2])}
)lua";

// KEYS: due   ARGV: member, score read
constexpr std::string_view drop_due_lua = R"lua(
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and tonumber(score) == tonumber(ARGV[2]) then
  return redis.call('ZREM', KEYS[1], ARGV[1])
end
return 0
)lua";

// KEYS: meta log   ARGV: trim below this version
// Drops the log's events below the given version, but never one the latest snapshot does
// not contain, so a meeting always loads. {-1, 0} when there is no meeting; otherwise
// {events removed, the version actually trimmed below}, recorded in meta.trimmed_before.
constexpr std::string_view trim_lua = R"lua(
local snap = tonumber(redis.call('HGET', KEYS[1], 'snap_version') or '-1')
if snap < 0 then return {-1, 0} end
local before = math.min(tonumber(ARGV[1]), snap + 1)
local n = redis.call('XTRIM', KEYS[2], 'MINID', tostring(before) .. '-0')
redis.call('HSET', KEYS[1], 'trimmed_before', before)
return {n, before}
)lua";

// KEYS: units hash, units seq   ARGV: id ("" = a new unit), name, short_name, parent_id,
//                                      the unit's JSON after its "id" member
// The unit directory's write, with its uniqueness check in one step (two admins adding the
// same unit at once: one wins, the other is refused): no other unit may have this name or
// short name as its name or short name; the parent must exist; an id given must exist. A
// new unit takes the next id of the counter. {"ok", id} or {"conflict"|"invalid"|"missing",
// field}.
constexpr std::string_view unit_put_lua = R"lua(
local id, name, short, parent = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
if id ~= '' and redis.call('HEXISTS', KEYS[1], id) == 0 then return {'missing', 'id'} end
if parent ~= '' and redis.call('HEXISTS', KEYS[1], parent) == 0 then
  return {'invalid', 'parent_id'}
end
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  if all[i] ~= id then
    local ok, u = pcall(cjson.decode, all[i + 1])
    if ok and type(u) == 'table' then
      local n = type(u.name) == 'string' and u.name or ''
      local s = type(u.short_name) == 'string' and u.short_name or ''
      if n == name or (s ~= '' and s == name) then return {'conflict', 'name'} end
      if short ~= '' and (s == short or n == short) then return {'conflict', 'short_name'} end
    end
  end
end
if id == '' then
  -- The next number: past the counter, the old counter's value (ARGV[6], read before) and
  -- every id in the directory, so that an id is never given twice.
  local n = tonumber(redis.call('GET', KEYS[2]) or '0') or 0
  local old = tonumber(ARGV[6]) or 0
  if old > n then n = old end
  for i = 1, #all, 2 do
    local k = tonumber(string.sub(all[i], 2))
    if k and k > n then n = k end
  end
  n = n + 1
  redis.call('SET', KEYS[2], n)
  id = 'u' .. n
end
redis.call('HSET', KEYS[1], id, '{"id":' .. cjson.encode(id) .. ARGV[5])
return {'ok', id}
)lua";

}  // namespace

const script& unit_put_script() {
  static const script s(unit_put_lua);
  return s;
}
const script& trim_script() {
  static const script s(trim_lua);
  return s;
}
const script& drop_due_script() {
  static const script s(drop_due_lua);
  return s;
}
const script& create_script() {
  static const script s(create_lua);
  return s;
}
const script& append_script() {
  static const script s(append_lua);
  return s;
}
const script& append_batch_script() {
  static const script s(append_batch_lua);
  return s;
}
const script& load_script() {
  static const script s(load_lua);
  return s;
}
const script& read_since_script() {
  static const script s(read_since_lua);
  return s;
}

std::vector<const script*> all_scripts() {
  return {&create_script(),  &append_script(),       &append_batch_script(),
          &load_script(),    &read_since_script(),   &drop_due_script(),
          &trim_script(),    &pending_read_script(), &pending_done_script(),
          &claim_script(),   &settle_script(),       &resolve_script(),
          &unit_put_script()};
}

}  // namespace huiwu::store
