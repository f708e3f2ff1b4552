#include "store/meeting_store.hpp"

#include <charconv>

#include "domain/lifecycle_logic.hpp"
#include "domain/meeting_logic.hpp"
#include "store/cross_meeting.hpp"
#include "store/reply_util.hpp"
#include "store/scripts.hpp"

namespace huiwu::store {
namespace {

class category_impl : public std::error_category {
 public:
  const char* name() const noexcept override { return "huiwu.store"; }
  std::string message(int ev) const override {
    switch (static_cast<errc>(ev)) {
      case errc::script_failed:
        return "storage script failed";
      case errc::corrupt:
        return "stored data does not parse";
    }
    return "unknown storage error";
  }
};

using detail::to_u64;

const std::string* str_at(const redis::reply& r, std::size_t i) {
  if (r.type != redis::reply::kind::array || i >= r.elements.size()) return nullptr;
  const auto& e = r.elements[i];
  if (e.type != redis::reply::kind::string && e.type != redis::reply::kind::status) return nullptr;
  return &e.str;
}

// XRANGE entries: [[id, [field, value]], ...] -> events, in order. False if any is corrupt.
bool parse_entries(const redis::reply& entries, std::vector<v1::Event>& out) {
  if (entries.type != redis::reply::kind::array) return false;
  for (const auto& entry : entries.elements) {
    if (entry.elements.size() != 2 || entry.elements[1].elements.size() < 2) return false;
    v1::Event e;
    if (!e.ParseFromString(entry.elements[1].elements[1].str)) return false;
    out.push_back(std::move(e));
  }
  return true;
}

}  // namespace

std::vector<std::string> readers_of(const v1::MeetingSummary& s) {
  std::vector<std::string> out;
  if (!s.created_by().empty()) out.push_back(s.created_by());
  for (const auto& a : s.account_ids()) {
    if (!a.empty() && a != s.created_by()) out.push_back(a);
  }
  return out;
}

std::vector<std::string> named_on(const v1::Decision& d) {
  std::vector<std::string> out;
  for (const auto* a : {&d.lead_account(), &d.supervisor_account()}) {
    if (!a->empty()) out.push_back(*a);
  }
  for (const auto& a : d.co_accounts()) {
    if (!a.empty()) out.push_back(a);
  }
  return out;
}

const std::error_category& store_category() {
  static const category_impl c;
  return c;
}

std::error_code make_error_code(errc e) {
  return {static_cast<int>(e), store_category()};
}

meeting_store::meeting_store(std::shared_ptr<redis::connection> conn, latency_observer observe)
    : conn_(std::move(conn)), observe_(std::move(observe)) {}

void meeting_store::timed(std::vector<std::string> args,
                          std::function<void(std::error_code, redis::reply)> cb) {
  const auto start = std::chrono::steady_clock::now();
  conn_->execute(std::move(args), [cb = std::move(cb), start, observe = observe_](
                                      std::error_code ec, redis::reply r) {
    if (!ec && observe) observe(std::chrono::steady_clock::now() - start);
    cb(ec, std::move(r));
  });
}

void meeting_store::eval(const script& s, std::vector<std::string> keys,
                         std::vector<std::string> argv,
                         std::function<void(std::error_code, redis::reply)> cb) {
  std::vector<std::string> args{"EVALSHA", s.sha1, std::to_string(keys.size())};
  args.insert(args.end(), keys.begin(), keys.end());
  args.insert(args.end(), argv.begin(), argv.end());
  timed(std::move(args),
        [self = shared_from_this(), &s, keys = std::move(keys), argv = std::move(argv),
         cb = std::move(cb)](std::error_code ec, redis::reply r) mutable {
          if (!ec && r.is_error() && r.str.rfind("NOSCRIPT", 0) == 0) {
            // EVAL runs the script and puts it back in the cache for the next EVALSHA.
            std::vector<std::string> full{"EVAL", std::string(s.text), std::to_string(keys.size())};
            full.insert(full.end(), keys.begin(), keys.end());
            full.insert(full.end(), argv.begin(), argv.end());
            self->timed(std::move(full), std::move(cb));
            return;
          }
          cb(ec, std::move(r));
        });
}

void meeting_store::create(const v1::Meeting& m, const std::string& epoch,
                           const std::string& client_id, std::uint64_t client_seq,
                           std::function<void(std::error_code, create_status, std::string)> cb) {
  meeting_keys k(m.id());
  const auto created = std::to_string(m.created_at_ms());
  const auto summary = domain::summarize(m);
  std::vector<std::string> argv{epoch,     m.SerializeAsString(),      summary.SerializeAsString(),
                                client_id, std::to_string(client_seq), created,
                                m.id()};
  for (const auto& a : readers_of(summary)) argv.push_back("r:" + a);
  eval(create_script(), {k.meta, k.log, k.snap, k.dedupe, k.pending}, std::move(argv),
       [self = shared_from_this(), id = m.id(), cb = std::move(cb)](std::error_code ec,
                                                                    redis::reply r) {
         if (ec) return cb(ec, create_status::collision, {});
         const auto* status = str_at(r, 0);
         if (!status) return cb(errc::script_failed, create_status::collision, {});
         if (*status == "collision") return cb({}, create_status::collision, {});
         const auto* ep = str_at(r, 1);
         const auto st = *status == "ok" ? create_status::created : create_status::exists;
         // The meetings index and the readers' sets, in the second step (cross_meeting.hpp):
         // what it could not write stays pending, done again by a retried create, the
         // meeting's next append, or the repair pass on start.
         run_pending(self, id, [cb, st, ep = ep ? *ep : std::string()](std::error_code ec2) {
           cb(ec2, st, ep);
         });
       });
}

void meeting_store::load(const std::string& id,
                         std::function<void(std::error_code, std::optional<loaded_meeting>)> cb) {
  meeting_keys k(id);
  eval(load_script(), {k.meta, k.log, k.snap, k.dedupe}, {},
       [cb = std::move(cb)](std::error_code ec, redis::reply r) {
         if (ec) return cb(ec, std::nullopt);
         if (r.type == redis::reply::kind::nil) return cb({}, std::nullopt);
         if (r.is_error() || r.elements.size() != 6) return cb(errc::script_failed, std::nullopt);
         loaded_meeting out;
         out.epoch = r.elements[1].str;
         if (!out.state.ParseFromString(r.elements[3].str)) return cb(errc::corrupt, std::nullopt);
         const auto& dedupe = r.elements[4].elements;
         for (std::size_t i = 0; i + 1 < dedupe.size(); i += 2) {
           out.last_seq[dedupe[i].str] = to_u64(dedupe[i + 1].str);  // "seq:version"
         }
         if (!parse_entries(r.elements[5], out.tail)) return cb(errc::corrupt, std::nullopt);
         out.tail_notes.reserve(out.tail.size());
         for (const auto& e : out.tail) {
           if (e.version() != out.state.version() + 1) return cb(errc::corrupt, std::nullopt);
           out.tail_notes.push_back(domain::note_before(out.state, e));
           domain::apply(out.state, e);
         }
         // A meeting stored before phases existed gets one (decision 0022); the next snapshot
         // keeps it.
         domain::settle_legacy_phase(out.state);
         cb({}, std::move(out));
       });
}

namespace {

// {status, version, epoch} from the append scripts.
void read_append_reply(std::error_code ec, const redis::reply& r,
                       const std::function<void(std::error_code, append_result)>& cb) {
  append_result out;
  if (ec) return cb(ec, out);
  const auto* status = str_at(r, 0);
  if (!status) return cb(errc::script_failed, out);
  if (const auto* v = str_at(r, 1)) out.version = to_u64(*v);
  if (const auto* e = str_at(r, 2)) out.epoch = *e;
  if (*status == "ok") {
    out.status = append_status::ok;
  } else if (*status == "dup") {
    out.status = append_status::duplicate;
  } else if (*status == "moved") {
    out.status = append_status::moved;
  } else if (*status == "epoch") {
    out.status = append_status::epoch;
  } else if (*status == "rewound") {
    out.status = append_status::rewound;
  } else if (*status == "number") {
    out.status = append_status::number;
  } else {
    out.status = append_status::missing;
  }
  cb({}, std::move(out));
}

}  // namespace

void meeting_store::append(const std::string& id, const append_request& q,
                           std::function<void(std::error_code, append_result)> cb) {
  const bool counted = !q.counter_key.empty() && q.counter_value > 0;
  if (!counted) return append_claimed(id, q, std::move(cb));
  // 印发: the number is claimed on the counter (its own slot) before the meeting's append,
  // and settled after it (cross_meeting.hpp).
  const std::string token = q.fresh_epoch;
  claim_number(
      shared_from_this(), q.counter_key, q.counter_value, id, token,
      [self = shared_from_this(), id, q, token, cb = std::move(cb)](
          std::error_code ec, claim_status st, std::int64_t last) mutable {
        if (ec) return cb(ec, {});
        if (st == claim_status::number) {
          return cb({}, append_result{append_status::number, static_cast<std::uint64_t>(last), {}});
        }
        self->append_claimed(
            id, q, [self, key = q.counter_key, token, cb](std::error_code ec2, append_result r) {
              // Unknown outcome: the claim stays, settled by the next issuer from the log.
              if (ec2) return cb(ec2, std::move(r));
              const bool taken = r.status == append_status::ok;
              settle_number(self, key, token, taken,
                            [cb, r](std::error_code) mutable { cb({}, std::move(r)); });
            });
      });
}

void meeting_store::append_claimed(const std::string& id, const append_request& q,
                                   std::function<void(std::error_code, append_result)> cb) {
  meeting_keys k(id);
  std::vector<std::string> keys{k.meta, k.log, k.snap, k.dedupe, k.pending, k.board, k.decisions};
  std::vector<std::string> argv{std::to_string(q.expected_version),
                                q.epoch,
                                q.client_id,
                                std::to_string(q.client_seq),
                                q.event,
                                q.snapshot,
                                q.summary,
                                k.channel,
                                q.fresh_epoch};
  // The per-reader board indexes, as pending work for the second step (cross_meeting.hpp).
  std::vector<std::string> index;
  if (!q.summary.empty()) {
    v1::MeetingSummary summary;
    if (summary.ParseFromString(q.summary)) {
      for (const auto& a : readers_of(summary)) index.push_back("r:" + a);
    }
  }
  argv.emplace_back(q.index_decisions ? "1" : "0");
  argv.push_back(std::to_string(q.index_decisions ? q.decisions.size() : 0));
  const bool counted = !q.counter_key.empty() && q.counter_value > 0;
  argv.push_back(counted ? std::to_string(q.counter_value) + ' ' + q.fresh_epoch : std::string());
  if (q.index_decisions) {
    for (const auto& d : q.decisions) {
      argv.push_back(d.member);
      argv.push_back(d.record);
      argv.push_back(std::to_string(d.due_at_ms));
      v1::DecisionRecord r;
      if (r.ParseFromString(d.record)) {
        for (const auto& a : named_on(r.decision())) index.push_back("n:" + a + '\n' + d.member);
      }
    }
  }
  const bool pending = !index.empty() || q.index_decisions;
  for (auto& f : index) argv.push_back(std::move(f));
  eval(append_script(), std::move(keys), std::move(argv),
       [self = shared_from_this(), id, pending, cb = std::move(cb)](std::error_code ec,
                                                                    redis::reply r) {
         read_append_reply(ec, r, [&](std::error_code ec2, append_result out) {
           if (ec2 || out.status != append_status::ok || !pending) return cb(ec2, std::move(out));
           // The event is stored: it is acknowledged whatever the second step answers; what
           // that could not write stays pending and is done again later (decision 0037).
           run_pending(self, id, [cb, out](std::error_code) mutable { cb({}, std::move(out)); });
         });
       });
}

void meeting_store::append_batch(const std::string& id, const append_batch_request& q,
                                 std::function<void(std::error_code, append_result)> cb) {
  meeting_keys k(id);
  std::vector<std::string> argv{std::to_string(q.expected_version), q.epoch, q.fresh_epoch,
                                k.channel, std::to_string(q.entries.size())};
  argv.reserve(5 + 5 * q.entries.size());
  bool pending = false;
  for (const auto& e : q.entries) {
    argv.push_back(e.client_id);
    argv.push_back(std::to_string(e.client_seq));
    argv.push_back(e.event);
    // As in append_claimed: the board records into the meeting's own board, the readers
    // they name as pending work for the second step, all in the meeting's hash tag.
    std::vector<std::string> index;
    for (const auto& d : e.decisions) {
      v1::DecisionRecord r;
      if (r.ParseFromString(d.record)) {
        for (const auto& a : named_on(r.decision())) index.push_back("n:" + a + '\n' + d.member);
      }
    }
    pending = pending || !e.decisions.empty();
    argv.push_back(std::to_string(e.decisions.size()));
    argv.push_back(std::to_string(index.size()));
    for (const auto& d : e.decisions) {
      argv.push_back(d.member);
      argv.push_back(d.record);
      argv.push_back(std::to_string(d.due_at_ms));
    }
    for (auto& f : index) argv.push_back(std::move(f));
  }
  // One script call for the whole batch, then one second step for every entry that left
  // cross-meeting work: run_pending copies the meeting's whole pending hash.
  eval(append_batch_script(), {k.meta, k.log, k.dedupe, k.pending, k.board, k.decisions},
       std::move(argv),
       [self = shared_from_this(), id, pending, cb = std::move(cb)](std::error_code ec,
                                                                    redis::reply r) {
         read_append_reply(ec, r, [&](std::error_code ec2, append_result out) {
           if (ec2 || out.status != append_status::ok || !pending) return cb(ec2, std::move(out));
           run_pending(self, id, [cb, out](std::error_code) mutable { cb({}, std::move(out)); });
         });
       });
}

void meeting_store::read_since(const std::string& id, std::uint64_t from, std::size_t max,
                               std::function<void(std::error_code, since_result)> cb) {
  meeting_keys k(id);
  eval(read_since_script(), {k.meta, k.log}, {std::to_string(from), std::to_string(max)},
       [cb = std::move(cb)](std::error_code ec, redis::reply r) {
         since_result out;
         if (ec) return cb(ec, std::move(out));
         if (r.type == redis::reply::kind::nil) return cb({}, std::move(out));
         if (r.is_error() || r.elements.size() != 3) return cb(errc::script_failed, std::move(out));
         out.found = true;
         out.version = to_u64(r.elements[0].str);
         out.epoch = r.elements[1].str;
         if (!parse_entries(r.elements[2], out.events)) return cb(errc::corrupt, std::move(out));
         cb({}, std::move(out));
       });
}

void meeting_store::list(bool include_archived,
                         std::function<void(std::error_code, std::vector<v1::MeetingSummary>)> cb) {
  // Newest first, at most 500. One HGET per meeting, pipelined on the connection: the
  // meetings live in different cluster slots, so no script can read them together.
  timed({"ZREVRANGE", std::string(meetings_index_key), "0", "499"},
        [self = shared_from_this(), include_archived, cb = std::move(cb)](std::error_code ec,
                                                                          redis::reply ids) {
          if (ec) return cb(ec, {});
          if (ids.type != redis::reply::kind::array) return cb(errc::script_failed, {});
          struct gather {
            std::vector<std::optional<v1::MeetingSummary>> found;
            std::size_t pending = 0;
            std::error_code ec;
          };
          auto g = std::make_shared<gather>();
          g->found.resize(ids.elements.size());
          g->pending = ids.elements.size();
          if (g->pending == 0) return cb({}, {});
          for (std::size_t i = 0; i < ids.elements.size(); ++i) {
            meeting_keys k(ids.elements[i].str);
            // The summary is rewritten only when the header changes; the version is read
            // beside it so the list shows the current one.
            self->timed({"HMGET", k.meta, "summary", "version"},
                        [g, i, include_archived, cb](std::error_code ec2, redis::reply r) {
                          if (ec2) g->ec = ec2;
                          v1::MeetingSummary s;
                          const auto* bytes = str_at(r, 0);
                          const auto* version = str_at(r, 1);
                          if (!ec2 && bytes && s.ParseFromString(*bytes) &&
                              (include_archived || !s.archived())) {
                            if (version) s.set_version(to_u64(*version));
                            g->found[i] = std::move(s);
                          }
                          if (--g->pending > 0) return;
                          std::vector<v1::MeetingSummary> out;
                          for (auto& f : g->found) {
                            if (f) out.push_back(std::move(*f));
                          }
                          cb(g->ec, std::move(out));
                        });
          }
        });
}

void meeting_store::trim(const std::string& id, std::uint64_t before,
                         std::function<void(std::error_code, std::optional<trim_result>)> cb) {
  meeting_keys k(id);
  eval(trim_script(), {k.meta, k.log}, {std::to_string(before)},
       [cb = std::move(cb)](std::error_code ec, redis::reply r) {
         if (ec) return cb(ec, std::nullopt);
         if (r.is_error() || r.elements.size() != 2) return cb(errc::script_failed, std::nullopt);
         if (r.elements[0].integer < 0) return cb({}, std::nullopt);
         cb({}, trim_result{static_cast<std::uint64_t>(r.elements[0].integer),
                            static_cast<std::uint64_t>(r.elements[1].integer)});
       });
}

void meeting_store::read_counter(const std::string& key,
                                 std::function<void(std::error_code, std::int64_t)> cb) {
  timed({"GET", key}, [cb = std::move(cb)](std::error_code ec, redis::reply r) {
    if (ec) return cb(ec, 0);
    if (r.is_error()) return cb(detail::failed(r), 0);
    cb({}, r.type == redis::reply::kind::string ? static_cast<std::int64_t>(to_u64(r.str)) : 0);
  });
}

void meeting_store::publish(const std::string& channel, std::string payload) {
  conn_->execute({"PUBLISH", channel, std::move(payload)}, [](std::error_code, redis::reply) {});
}

void meeting_store::publish_presence(const std::string& id, std::string payload) {
  publish(meeting_keys(id).presence_channel, std::move(payload));
}

void meeting_store::ping(std::function<void(std::error_code)> cb) {
  timed({"PING"}, [cb = std::move(cb)](std::error_code ec, redis::reply r) {
    if (!ec && r.is_error()) ec = errc::script_failed;
    cb(ec);
  });
}

}  // namespace huiwu::store
