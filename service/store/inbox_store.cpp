#include "store/inbox_store.hpp"

#include <algorithm>
#include <set>

#include "store/keys.hpp"
#include "store/reply_util.hpp"
#include "store/scripts.hpp"

namespace huiwu::store {
namespace {

// KEYS seq entries; ARGV entry bytes, channel, account. One round trip, atomic: the id and
// the entry are written together, then the pages are told.
const script& deliver_script() {
  static const script s(R"lua(
local id = redis.call('INCR', KEYS[1])
redis.call('HSET', KEYS[2], tostring(id), ARGV[1])
redis.call('PUBLISH', ARGV[2], ARGV[3])
return id
)lua");
  return s;
}

// KEYS entries read; ARGV id, channel, account. 0 when there is no such entry.
const script& read_script() {
  static const script s(R"lua(
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
if redis.call('SADD', KEYS[2], ARGV[1]) == 1 then redis.call('PUBLISH', ARGV[2], ARGV[3]) end
return 1
)lua");
  return s;
}

}  // namespace

inbox_store::inbox_store(std::shared_ptr<meeting_store> meetings)
    : meetings_(std::move(meetings)) {}

void inbox_store::deliver(const std::string& account_id, v1::InboxEntry entry,
                          std::function<void(std::error_code, std::string)> cb) {
  entry.clear_id();
  entry.clear_read();
  const inbox_keys k(account_id);
  meetings_->eval(deliver_script(), {k.seq, k.entries},
                  {entry.SerializeAsString(), std::string(inbox_channel), account_id},
                  [cb = std::move(cb)](std::error_code ec, redis::reply r) {
                    if (!ec) ec = detail::failed(r);
                    if (ec) return cb(ec, {});
                    cb({}, std::to_string(r.integer));
                  });
}

void inbox_store::list(const std::string& account_id, std::size_t max,
                       std::function<void(std::error_code, std::vector<v1::InboxEntry>)> cb) {
  const inbox_keys k(account_id);
  auto store = meetings_;
  store->timed({"SMEMBERS", k.read}, [store, k, max, cb = std::move(cb)](std::error_code ec,
                                                                         redis::reply rd) {
    if (!ec) ec = detail::failed(rd);
    if (ec) return cb(ec, {});
    std::set<std::string> read;
    for (const auto& e : rd.elements) read.insert(e.str);
    store->timed({"HGETALL", k.entries}, [read = std::move(read), max, cb](std::error_code ec2,
                                                                           redis::reply r) {
      if (!ec2) ec2 = detail::failed(r);
      if (ec2) return cb(ec2, {});
      std::vector<v1::InboxEntry> out;
      for (std::size_t i = 0; i + 1 < r.elements.size(); i += 2) {
        v1::InboxEntry e;
        if (!e.ParseFromString(r.elements[i + 1].str)) return cb(errc::corrupt, {});
        e.set_id(r.elements[i].str);
        e.set_read(read.count(e.id()) > 0);
        out.push_back(std::move(e));
      }
      std::sort(out.begin(), out.end(), [](const v1::InboxEntry& a, const v1::InboxEntry& b) {
        return detail::to_u64(a.id()) > detail::to_u64(b.id());
      });
      if (out.size() > max) out.resize(max);
      cb({}, std::move(out));
    });
  });
}

void inbox_store::mark_read(const std::string& account_id, const std::string& id,
                            std::function<void(std::error_code, bool)> cb) {
  const inbox_keys k(account_id);
  meetings_->eval(read_script(), {k.entries, k.read}, {id, std::string(inbox_channel), account_id},
                  [cb = std::move(cb)](std::error_code ec, redis::reply r) {
                    if (!ec) ec = detail::failed(r);
                    if (ec) return cb(ec, false);
                    cb({}, r.integer == 1);
                  });
}

}  // namespace huiwu::store
