#include "auth/audit_log.hpp"

#include <boost/asio/post.hpp>
#include <charconv>

namespace huiwu::auth {
namespace {

std::uint64_t to_u64(std::string_view s) {
  std::uint64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

bool matches(const audit_entry& e, const audit_query& q) {
  if (!q.actor.empty() && e.actor != q.actor) return false;
  if (!q.action.empty() && e.action != q.action) return false;
  if (!q.target.empty() && e.target.find(q.target) == std::string::npos) return false;
  if (q.from_ms && e.at_ms < q.from_ms) return false;
  if (q.to_ms && e.at_ms > q.to_ms) return false;
  return true;
}

}  // namespace

audit_log::audit_log(boost::asio::any_io_executor ex, std::shared_ptr<redis::connection> conn)
    : strand_(boost::asio::make_strand(ex)), store_(std::move(conn)), retry_timer_(strand_) {}

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
  store_.read_head([self = shared_from_this()](std::error_code ec, std::string head) {
    boost::asio::post(self->strand_, [self, ec, head = std::move(head)] {
      if (ec) return self->on_written(ec, {}, false);
      self->head_known_ = true;
      self->head_ = head;
      self->write_front();
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
  store_.append(e, head_, new_head,
                [self = shared_from_this(), new_head](std::error_code ec, bool written,
                                                      std::string head_seen) {
                  boost::asio::post(self->strand_, [self, ec, written, new_head,
                                                    head_seen = std::move(head_seen)] {
                    if (ec) return self->on_written(ec, {}, false);
                    if (written) return self->on_written({}, new_head, true);
                    self->on_written({}, head_seen, false);  // another writer moved the head
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
  st->cursor = st->q.before;
  st->cb = std::move(cb);
  auto store = store_;
  auto step = std::make_shared<std::function<void()>>();
  *step = [st, store, step] {
    store.newest_first(st->cursor, 500,
                       [st, step](std::error_code ec, std::vector<audit_entry> batch) {
                         if (ec) {
                           auto cb = std::move(st->cb);
                           *step = nullptr;
                           return cb(ec, {});
                         }
                         for (auto& e : batch) {
                           ++st->scanned;
                           st->cursor = e.id;
                           if (matches(e, st->q)) st->page.entries.push_back(std::move(e));
                           if (st->page.entries.size() >= st->q.limit) break;
                         }
                         const bool exhausted = batch.size() < 500;
                         const bool full = st->page.entries.size() >= st->q.limit;
                         // Bounded work per request: a sparse filter continues on the next
                         // page.
                         if (!exhausted && !full && st->scanned < 20'000) return (*step)();
                         st->page.next_before = (exhausted && !full) ? std::string() : st->cursor;
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
    std::string cursor;  // the last entry read; "" = from the first
    std::string prev_hash;
    std::function<void(std::error_code, audit_verdict)> cb;
  };
  auto st = std::make_shared<state>();
  st->cb = std::move(cb);
  auto store = store_;
  auto step = std::make_shared<std::function<void()>>();
  auto finish = [st, step, store](std::error_code ec) {
    *step = nullptr;
    if (ec || !st->v.ok) return st->cb(ec, st->v);
    // The head must name the last entry: a removed tail shows here.
    store.read_head([st](std::error_code ec2, std::string head) {
      st->v.head = std::move(head);
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
  *step = [st, store, step, finish] {
    store.oldest_first(
        st->cursor, 1000, [st, step, finish](std::error_code ec, std::vector<audit_entry> batch) {
          if (ec) return finish(ec);
          for (const auto& e : batch) {
            st->cursor = e.id;
            const auto position = st->v.entries + 1;
            std::string why;
            if (e.seq != position) {
              why = "sequence " + std::to_string(e.seq) + " where " + std::to_string(position) +
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
          if (batch.size() < 1000) return finish({});
          (*step)();
        });
  };
  (*step)();
}

}  // namespace huiwu::auth
