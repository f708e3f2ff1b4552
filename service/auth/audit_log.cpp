#include "auth/audit_log.hpp"

#include <boost/asio/post.hpp>
#include <charconv>

#include "auth/crypto.hpp"

namespace huiwu::auth {
namespace {

constexpr const char* append_script = R"lua(
local head = redis.call('GET', KEYS[2]) or ''
if head ~= ARGV[1] then return {0, head} end
local args = {'XADD', KEYS[1], '*'}
for i = 3, #ARGV do args[#args + 1] = ARGV[i] end
local id = redis.call(unpack(args))
redis.call('SET', KEYS[2], ARGV[2])
return {1, id}
)lua";

std::uint64_t to_u64(std::string_view s) {
  std::uint64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

std::int64_t to_i64(std::string_view s) {
  std::int64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

// ["id", ["k", "v", ...]] -> entry.
audit_entry parse_entry(const redis::reply& r) {
  audit_entry e;
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

bool matches(const audit_entry& e, const audit_query& q) {
  if (!q.actor.empty() && e.actor != q.actor) return false;
  if (!q.action.empty() && e.action != q.action) return false;
  if (!q.target.empty() && e.target.find(q.target) == std::string::npos) return false;
  if (q.from_ms && e.at_ms < q.from_ms) return false;
  if (q.to_ms && e.at_ms > q.to_ms) return false;
  return true;
}

std::error_code reply_failed(const redis::reply& r) {
  return r.is_error() ? std::make_error_code(std::errc::io_error) : std::error_code{};
}

}  // namespace

std::string chain_hash(const audit_entry& e) {
  std::string s = e.prev;
  auto field = [&s](std::string_view v) {
    s += std::to_string(v.size());
    s += ':';
    s += v;
    s += '\n';
  };
  field(std::to_string(e.seq));
  field(std::to_string(e.at_ms));
  field(e.actor);
  field(e.action);
  field(e.target);
  field(e.from);
  field(e.detail);
  return sha256_hex(s);
}

audit_log::audit_log(boost::asio::any_io_executor ex, std::shared_ptr<redis::connection> conn)
    : strand_(boost::asio::make_strand(ex)), conn_(std::move(conn)), retry_timer_(strand_) {}

void audit_log::append(audit_entry e) {
  enqueue({std::move(e), {}});
}

void audit_log::append(audit_entry e, std::function<void(std::error_code)> done) {
  enqueue({std::move(e), std::move(done)});
}

void audit_log::enqueue(pending p) {
  boost::asio::post(strand_, [self = shared_from_this(), p = std::move(p)]() mutable {
    // Bounded: an outage of hours must not eat the memory. What is dropped is counted in
    // the next entry that gets through.
    if (self->queue_.size() >= 100'000) self->queue_.pop_front();
    self->queue_.push_back(std::move(p));
    self->pump();
  });
}

void audit_log::pump() {
  if (busy_ || queue_.empty()) return;
  busy_ = true;
  if (head_known_) return write_front();
  conn_->execute(
      {"GET", head_key}, [self = shared_from_this()](std::error_code ec, redis::reply r) {
        boost::asio::post(self->strand_, [self, ec, r = std::move(r)] {
          if (!ec && !r.is_error()) {
            self->head_known_ = true;
            self->head_ = r.is_nil() ? std::string() : r.str;
            return self->write_front();
          }
          self->on_written(ec ? ec : std::make_error_code(std::errc::io_error), {}, false);
        });
      });
}

void audit_log::write_front() {
  auto& e = queue_.front().entry;
  const auto space = head_.find(' ');
  e.seq = head_.empty() ? 1 : to_u64(std::string_view(head_).substr(0, space)) + 1;
  e.prev = head_.empty() ? std::string() : head_.substr(space + 1);
  e.hash = chain_hash(e);
  const auto new_head = std::to_string(e.seq) + ' ' + e.hash;
  conn_->execute(
      {"EVAL",
       append_script,
       "2",
       stream_key,
       head_key,
       head_,
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
      [self = shared_from_this(), new_head](std::error_code ec, redis::reply r) {
        boost::asio::post(self->strand_, [self, ec, r = std::move(r), new_head] {
          if (ec || r.is_error() || r.elements.size() != 2) {
            return self->on_written(ec ? ec : std::make_error_code(std::errc::io_error), {}, false);
          }
          if (r.elements[0].integer == 1) return self->on_written({}, new_head, true);
          self->on_written({}, r.elements[1].str, false);  // another writer moved the head
        });
      });
}

void audit_log::on_written(std::error_code ec, const std::string& head_seen, bool ok) {
  busy_ = false;
  if (ok) {
    head_ = head_seen;
    auto p = std::move(queue_.front());
    queue_.pop_front();
    if (p.done) p.done({});
    return pump();
  }
  if (!ec) {  // lost a race: retry at once on the new head
    head_ = head_seen;
    head_known_ = true;
    return pump();
  }
  // Redis away: callers who wait are told now; the others stay queued and are retried.
  head_known_ = false;
  std::erase_if(queue_, [&](pending& p) {
    if (!p.done) return false;
    p.done(ec);
    return true;
  });
  if (queue_.empty()) return;
  busy_ = true;
  retry_timer_.expires_after(std::chrono::milliseconds(500));
  retry_timer_.async_wait([self = shared_from_this()](boost::system::error_code) {
    self->busy_ = false;
    self->pump();
  });
}

void audit_log::flush(std::function<void()> done) {
  auto timer = std::make_shared<boost::asio::steady_timer>(strand_);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  auto check = std::make_shared<std::function<void()>>();
  auto finished = std::make_shared<std::function<void()>>(std::move(done));
  *check = [self = shared_from_this(), timer, deadline, check, finished] {
    if ((self->queue_.empty() && !self->busy_) || std::chrono::steady_clock::now() > deadline) {
      auto f = finished;  // locals: the closure is destroyed by the next line
      *check = nullptr;   // breaks the cycle
      return (*f)();
    }
    timer->expires_after(std::chrono::milliseconds(10));
    timer->async_wait([check](boost::system::error_code) {
      if (*check) (*check)();
    });
  };
  boost::asio::post(strand_, [check] { (*check)(); });
}

void audit_log::query(audit_query q, std::function<void(std::error_code, audit_page)> cb) {
  struct state {
    audit_query q;
    audit_page page;
    std::string cursor;
    std::size_t scanned = 0;
    std::function<void(std::error_code, audit_page)> cb;
  };
  auto st = std::make_shared<state>();
  st->q = std::move(q);
  st->q.limit = std::clamp<std::size_t>(st->q.limit, 1, 1000);
  st->cursor = st->q.before.empty() ? "+" : "(" + st->q.before;
  st->cb = std::move(cb);
  auto conn = conn_;
  auto step = std::make_shared<std::function<void()>>();
  *step = [st, conn, step] {
    conn->execute({"XREVRANGE", stream_key, st->cursor, "-", "COUNT", "500"},
                  [st, step](std::error_code ec, redis::reply r) {
                    if (!ec) ec = reply_failed(r);
                    if (ec) {
                      auto cb = std::move(st->cb);
                      *step = nullptr;
                      return cb(ec, {});
                    }
                    for (const auto& raw : r.elements) {
                      auto e = parse_entry(raw);
                      ++st->scanned;
                      st->cursor = "(" + e.id;
                      if (matches(e, st->q)) st->page.entries.push_back(std::move(e));
                      if (st->page.entries.size() >= st->q.limit) break;
                    }
                    const bool exhausted = r.elements.size() < 500;
                    const bool full = st->page.entries.size() >= st->q.limit;
                    // Bounded work per request: a sparse filter continues on the next page.
                    if (!exhausted && !full && st->scanned < 20'000) return (*step)();
                    st->page.next_before =
                        (exhausted && !full) ? std::string() : st->cursor.substr(1);
                    auto cb = std::move(st->cb);
                    *step = nullptr;
                    cb({}, std::move(st->page));
                  });
  };
  (*step)();
}

void audit_log::verify(std::function<void(std::error_code, audit_verdict)> cb) {
  struct state {
    audit_verdict v;
    std::string cursor = "-";
    std::string prev_hash;
    std::function<void(std::error_code, audit_verdict)> cb;
  };
  auto st = std::make_shared<state>();
  st->cb = std::move(cb);
  auto conn = conn_;
  auto step = std::make_shared<std::function<void()>>();
  auto finish = [st, step, conn](std::error_code ec) {
    *step = nullptr;
    if (ec || !st->v.ok) return st->cb(ec, st->v);
    // The head must name the last entry: a removed tail shows here.
    conn->execute({"GET", head_key}, [st](std::error_code ec2, redis::reply r) {
      if (!ec2) ec2 = reply_failed(r);
      st->v.head = r.is_nil() ? std::string() : r.str;
      const auto expected =
          st->v.entries == 0 ? std::string() : std::to_string(st->v.entries) + ' ' + st->prev_hash;
      if (!ec2 && st->v.head != expected) {
        st->v.ok = false;
        st->v.broken_at = st->v.entries + 1;
        st->v.reason = "the head (" + st->v.head + ") does not name the last entry (" + expected +
                       "): entries were removed from the end";
      }
      st->cb(ec2, st->v);
    });
  };
  *step = [st, conn, step, finish] {
    conn->execute({"XRANGE", stream_key, st->cursor, "+", "COUNT", "1000"},
                  [st, step, finish](std::error_code ec, redis::reply r) {
                    if (!ec) ec = reply_failed(r);
                    if (ec) return finish(ec);
                    for (const auto& raw : r.elements) {
                      auto e = parse_entry(raw);
                      st->cursor = "(" + e.id;
                      const auto position = st->v.entries + 1;
                      std::string why;
                      if (e.seq != position) {
                        why = "sequence " + std::to_string(e.seq) + " where " +
                              std::to_string(position) +
                              " was expected (an entry was removed or "
                              "inserted)";
                      } else if (e.prev != st->prev_hash) {
                        why = "prev does not match the hash of the entry before";
                      } else if (chain_hash(e) != e.hash) {
                        why = "the entry's content does not match its hash (it was changed)";
                      }
                      if (!why.empty()) {
                        st->v.ok = false;
                        st->v.broken_at = position;
                        st->v.reason = "entry " + e.id + ": " + why;
                        return finish({});
                      }
                      st->prev_hash = e.hash;
                      st->v.entries = position;
                    }
                    if (r.elements.size() < 1000) return finish({});
                    (*step)();
                  });
  };
  (*step)();
}

}  // namespace huiwu::auth
