#include "store/audit_store.hpp"

#include <charconv>

#include "store/keys.hpp"
#include "store/reply_util.hpp"

namespace huiwu::store {
namespace {

// KEYS: stream, head (one slot: the head's tag is the stream's name). ARGV: expected head, new
// head, then the entry's field/value pairs.
constexpr const char* audit_append_script = R"lua(
local head = redis.call('GET', KEYS[2]) or ''
if head ~= ARGV[1] then return {0, head} end
local args = {'XADD', KEYS[1], '*'}
for i = 3, #ARGV do args[#args + 1] = ARGV[i] end
local id = redis.call(unpack(args))
redis.call('SET', KEYS[2], ARGV[2])
return {1, id}
)lua";

using detail::to_u64;

std::int64_t to_i64(std::string_view s) {
  std::int64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

// ["id", ["k", "v", ...]] -> entry.
auth::audit_entry parse_entry(const redis::reply& r) {
  auth::audit_entry e;
  if (r.elements.size() != 2) return e;
  e.id = r.elements[0].str;
  const auto& f = r.elements[1].elements;
  for (std::size_t i = 0; i + 1 < f.size(); i += 2) {
    const auto& k = f[i].str;
    const auto& v = f[i + 1].str;
    if (k == "seq")
      e.seq = to_u64(v);
    else if (k == "at")
      e.at_ms = to_i64(v);
    else if (k == "actor")
      e.actor = v;
    else if (k == "action")
      e.action = v;
    else if (k == "target")
      e.target = v;
    else if (k == "from")
      e.from = v;
    else if (k == "detail")
      e.detail = v;
    else if (k == "prev")
      e.prev = v;
    else if (k == "hash")
      e.hash = v;
  }
  return e;
}

using detail::failed;

void read_range(redis::connection& conn, std::vector<std::string> cmd, audit_store::entries_fn cb) {
  conn.execute(std::move(cmd), [cb = std::move(cb)](std::error_code ec, redis::reply r) {
    if (!ec) ec = failed(r);
    std::vector<auth::audit_entry> out;
    if (!ec) {
      out.reserve(r.elements.size());
      for (const auto& raw : r.elements) out.push_back(parse_entry(raw));
    }
    cb(ec, std::move(out));
  });
}

}  // namespace

void audit_store::read_head(std::function<void(std::error_code, std::string)> cb) const {
  conn_->execute(
      {"GET", std::string(audit_chain_head_key)},
      [conn = conn_, cb = std::move(cb)](std::error_code ec, redis::reply r) {
        if (!ec) ec = failed(r);
        if (ec || !r.is_nil()) return cb(ec, ec ? std::string() : r.str);
        // Data of versions before decision 0037: the head under its old name, moved once
        // (SET NX: a head written meanwhile by another instance wins).
        conn->execute({"GET", std::string(audit_head_key)}, [conn, cb](std::error_code ec2,
                                                                       redis::reply old) {
          if (!ec2) ec2 = failed(old);
          if (ec2 || old.is_nil()) return cb(ec2, std::string());
          conn->execute({"SET", std::string(audit_chain_head_key), old.str, "NX"},
                        [conn, cb](std::error_code ec3, redis::reply) {
                          if (ec3) return cb(ec3, std::string());
                          conn->execute({"GET", std::string(audit_chain_head_key)},
                                        [cb](std::error_code ec4, redis::reply now) {
                                          if (!ec4) ec4 = failed(now);
                                          cb(ec4, ec4 || now.is_nil() ? std::string() : now.str);
                                        });
                        });
        });
      });
}

void audit_store::append(const auth::audit_entry& e, const std::string& expected_head,
                         const std::string& new_head,
                         std::function<void(std::error_code, bool, std::string)> cb) const {
  conn_->execute({"EVAL",
                  audit_append_script,
                  "2",
                  std::string(audit_stream_key),
                  std::string(audit_chain_head_key),
                  expected_head,
                  new_head,
                  "seq",
                  std::to_string(e.seq),
                  "at",
                  std::to_string(e.at_ms),
                  "actor",
                  e.actor,
                  "action",
                  e.action,
                  "target",
                  e.target,
                  "from",
                  e.from,
                  "detail",
                  e.detail,
                  "prev",
                  e.prev,
                  "hash",
                  e.hash},
                 [cb = std::move(cb)](std::error_code ec, redis::reply r) {
                   if (!ec && (r.is_error() || r.elements.size() != 2)) {
                     ec = std::make_error_code(std::errc::io_error);
                   }
                   if (ec) return cb(ec, false, {});
                   const bool written = r.elements[0].integer == 1;
                   cb({}, written, written ? std::string() : r.elements[1].str);
                 });
}

void audit_store::newest_first(const std::string& before, std::size_t count, entries_fn cb) const {
  read_range(*conn_,
             {"XREVRANGE", std::string(audit_stream_key), before.empty() ? "+" : "(" + before, "-",
              "COUNT", std::to_string(count)},
             std::move(cb));
}

void audit_store::oldest_first(const std::string& after, std::size_t count, entries_fn cb) const {
  read_range(*conn_,
             {"XRANGE", std::string(audit_stream_key), after.empty() ? "-" : "(" + after, "+",
              "COUNT", std::to_string(count)},
             std::move(cb));
}

}  // namespace huiwu::store
