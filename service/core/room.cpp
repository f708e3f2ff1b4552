#include "core/room.hpp"

#include <algorithm>
#include <array>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <random>

#include "core/notifier.hpp"
#include "core/room_replies.hpp"
#include "core/room_steps.hpp"
#include "domain/access_rules.hpp"
#include "domain/decision_logic.hpp"
#include "domain/jiyao_logic.hpp"
#include "domain/meeting_logic.hpp"
#include "followup/civil_date.hpp"
#include "redis/connection.hpp"
#include "store/keys.hpp"

namespace huiwu::core {
namespace {

constexpr int max_attempts = 16;  // decide/append rounds lost to other writers before giving up

// The pause before the next try after `attempt` (≥ 1) lost rounds: uniform in 0 .. 0.25 ms
// doubled per loss, at most 16 ms (all sixteen rounds: under 0.2 s).
std::chrono::microseconds retry_pause(int attempt) {
  thread_local std::minstd_rand rng{std::random_device{}()};
  const int cap = std::min(250 << std::min(attempt - 1, 6), 16000);
  return std::chrono::microseconds(std::uniform_int_distribution<int>(0, cap)(rng));
}

constexpr std::size_t catch_up_batch = 1000;
using replies::max_transform_span;

v1::Envelope error_envelope(v1::ErrorCode code, std::string message, std::string field = {},
                            std::uint64_t current_version = 0) {
  v1::Envelope e;
  auto* err = e.mutable_error();
  err->set_code(code);
  err->set_message(std::move(message));
  err->set_field(std::move(field));
  err->set_current_version(current_version);
  return e;
}

v1::Envelope error_envelope(const domain::rejection& r) {
  return error_envelope(r.code, r.message, r.field);
}

bool is_issue(const v1::Change& c) {
  return c.has_jiyao_action() && c.jiyao_action().step() == v1::JIYAO_ISSUE;
}

// The office's civil date now (China Standard Time, no daylight saving: the 纪要's zone).
followup::civil_date office_today(std::int64_t now_ms) {
  constexpr std::int64_t offset_ms = 8 * 3600 * 1000;
  return followup::from_days(followup::floor_div(now_ms + offset_ms, 86'400'000));
}

using replies::ack;
using replies::unavailable;

}  // namespace

std::shared_ptr<room> room::create(boost::asio::any_io_executor ex, std::string id, services& svc) {
  std::shared_ptr<room> r(new room(std::move(ex), std::move(id), svc));
  // Subscribed before the first load, so that no append after the load goes unheard.
  if (svc.notify) svc.notify->attach(r->id_, r);
  return r;
}

room::room(boost::asio::any_io_executor ex, std::string id, services& svc)
    : strand_(boost::asio::make_strand(ex)), id_(std::move(id)), svc_(svc), check_timer_(strand_) {
  if (svc_.stats) ++svc_.stats->rooms;
}

room::~room() {
  if (svc_.notify) svc_.notify->detach(id_, this);
  if (svc_.stats) --svc_.stats->rooms;
}

// --- the task queue ---------------------------------------------------------------------

void room::enqueue(task t) {
  tasks_.push_back({std::move(t), nullptr});
  if (!running_) run_next();
}

void room::enqueue_command(std::shared_ptr<pending_command> c, bool at_front) {
  auto run = [self = shared_from_this(), c] {
    self->do_submit(std::move(c->who), std::move(c->cmd), std::move(c->done), 0);
  };
  if (at_front) {
    tasks_.push_front({std::move(run), std::move(c)});
  } else {
    tasks_.push_back({std::move(run), std::move(c)});
  }
  if (!running_) run_next();
}

void room::run_next() {
  if (tasks_.empty()) {
    running_ = false;
    return;
  }
  running_ = true;
  auto t = std::move(tasks_.front().run);
  tasks_.pop_front();
  t();
}

void room::task_done() {
  // Posted, not called: a long queue of tasks that finish synchronously must not recurse.
  boost::asio::post(strand_, [self = shared_from_this()] { self->run_next(); });
}

// --- public entry points ----------------------------------------------------------------

void room::join(std::shared_ptr<peer> p, principal who, v1::Join req, reply_fn done) {
  boost::asio::post(strand_, [self = shared_from_this(), p = std::move(p), who = std::move(who),
                              req = std::move(req), done = std::move(done)]() mutable {
    self->enqueue([self, p = std::move(p), who = std::move(who), req = std::move(req),
                   done = std::move(done)]() mutable {
      self->do_join(std::move(p), std::move(who), std::move(req), std::move(done));
    });
  });
}

void room::leave(const peer* p) {
  boost::asio::post(strand_, [self = shared_from_this(), p] {
    std::erase_if(self->subscribers_, [&](const subscriber& s) {
      if (s.key != p) return false;
      if (s.shown_presence) {
        // Its caret disappears from everyone else's screen.
        v1::Presence gone;
        gone.set_meeting_id(self->id_);
        gone.set_client_id(s.who.client_id);
        gone.set_client_name(s.who.client_name);
        self->deliver_presence(p, gone);
        self->publish_presence(gone);
      }
      return true;
    });
  });
}

void room::presence(const peer* from, principal who, v1::Presence p) {
  boost::asio::post(
      strand_, [self = shared_from_this(), from, who = std::move(who), p = std::move(p)]() mutable {
        p.set_meeting_id(self->id_);
        p.set_client_id(who.client_id);
        p.set_client_name(who.client_name);
        for (auto& s : self->subscribers_) {
          if (s.key != from) continue;
          s.shown_presence = true;
          s.who = who;  // a hello after the join renamed it; its "gone" must use the new name
        }
        self->deliver_presence(from, p);
        self->publish_presence(p);
      });
}

void room::presence_from_elsewhere(std::string bytes) {
  boost::asio::post(strand_, [self = shared_from_this(), bytes = std::move(bytes)] {
    // "<server id>\n<Presence>": our own publications come back too; skip them.
    const auto nl = bytes.find('\n');
    if (nl == std::string::npos || bytes.compare(0, nl, self->svc_.server_id) == 0) return;
    v1::Presence p;
    if (!p.ParseFromArray(bytes.data() + nl + 1, static_cast<int>(bytes.size() - nl - 1))) return;
    if (p.meeting_id() != self->id_) return;
    self->deliver_presence(nullptr, p);
  });
}

void room::remember_caret(const v1::Presence& p) {
  if (p.item_id().empty()) {
    carets_.erase(p.client_id());
  } else {
    carets_[p.client_id()] = {p, svc_.now_ms()};
  }
}

void room::show_carets_to(const std::shared_ptr<peer>& p, const principal& who) {
  const auto now = svc_.now_ms();
  std::erase_if(carets_, [&](const auto& c) { return now - c.second.at_ms > 60'000; });
  for (const auto& [client, c] : carets_) {
    if (client == who.client_id) continue;
    // A caret in an item's text (or its 纪要 section) for those cleared for the item; one in
    // a text at the meeting's level (the 纪要's opening, 其他议定事项) for everyone in it.
    const auto text_item = domain::text_item_id(c.presence.item_id());
    if (!text_item.empty()) {
      const v1::AgendaItem* item = nullptr;
      for (const auto& it : state_.agenda()) {
        if (it.id() == text_item) item = &it;
      }
      if (!item || !domain::cleared_for(who.viewer(), item->level())) continue;
    }
    v1::Envelope env;
    *env.mutable_presence() = c.presence;
    p->send(make_frame(std::move(env)));
  }
}

void room::deliver_presence(const peer* except, const v1::Presence& p) {
  remember_caret(p);
  v1::Envelope env;
  *env.mutable_presence() = p;
  const auto f = make_frame(std::move(env));
  const v1::AgendaItem* item = nullptr;
  for (const auto& it : state_.agenda()) {
    if (it.id() == domain::text_item_id(p.item_id())) item = &it;
  }
  for (auto& s : subscribers_) {
    if (s.key == except) continue;
    // A caret in an item the recipient may not see is not theirs to know about.
    if (item && !domain::cleared_for(s.who.viewer(), item->level())) continue;
    if (auto link = s.link.lock()) link->send(f);
  }
}

void room::publish_presence(const v1::Presence& p) {
  // Fire and forget: a caret lost to a Redis hiccup is replaced by the next one.
  svc_.store->publish_presence(id_, svc_.server_id + '\n' + p.SerializeAsString());
}

void room::history(principal who, std::uint64_t from_version, std::uint32_t limit, reply_fn done) {
  if (from_version == 0) from_version = 1;
  if (limit == 0) limit = 200;
  svc_.store->read_since(
      id_, from_version - 1, limit,
      [self = shared_from_this(), who = std::move(who), done = std::move(done)](
          std::error_code ec, store::meeting_store::since_result r) mutable {
        boost::asio::post(self->strand_, [self, who = std::move(who), done = std::move(done), ec,
                                          r = std::move(r)]() mutable {
          if (ec) return done(unavailable());
          if (!r.found) {
            return done(error_envelope(v1::ERROR_NOT_FOUND,
                                       "no meeting with id '" + self->id_ + "'", "meeting_id"));
          }
          v1::Envelope reply;
          auto* page = reply.mutable_history_page();
          page->set_meeting_id(self->id_);
          std::uint64_t last = 0;
          const auto viewer = who.viewer();
          for (auto& e : r.events) {
            last = e.version();
            if (domain::history_visible(e, self->state_, viewer)) {
              *page->add_events() = std::move(e);
            } else {
              *page->add_events() = domain::version_only(e);
            }
          }
          page->set_next_version(last != 0 && last < r.version ? last + 1 : 0);
          done(std::move(reply));
        });
      });
}

void room::read(principal who, read_fn done) {
  do_read(std::move(who), std::move(done), true);
}

void room::read_unredacted(principal who, read_fn done) {
  do_read(std::move(who), std::move(done), false);
}

void room::do_read(principal who, read_fn done, bool redacted) {
  boost::asio::post(strand_, [self = shared_from_this(), who = std::move(who),
                              done = std::move(done), redacted]() mutable {
    self->enqueue([self, who = std::move(who), done = std::move(done), redacted]() mutable {
      self->ensure_loaded([self, who = std::move(who), done = std::move(done),
                           redacted](std::error_code ec) mutable {
        if (ec) {
          done(std::nullopt,
               domain::reject(v1::ERROR_STORAGE_UNAVAILABLE, "storage is unavailable"));
        } else if (self->phase_ == phase::missing) {
          done(std::nullopt,
               domain::reject(v1::ERROR_NOT_FOUND, "no meeting with id '" + self->id_ + "'", "m"));
        } else if (auto r = self->svc_.policy.may_join(who, self->state_)) {
          done(std::nullopt, std::move(r));
        } else {
          done(redacted ? domain::redact(self->state_, who.viewer()) : self->state_, std::nullopt);
        }
        self->task_done();
      });
    });
  });
}

void room::submit(principal who, v1::Command cmd, reply_fn done) {
  auto c = std::make_shared<pending_command>(
      pending_command{std::move(who), std::move(cmd), std::move(done)});
  boost::asio::post(strand_, [self = shared_from_this(), c = std::move(c)]() mutable {
    self->enqueue_command(std::move(c));
  });
}

void room::notify(std::uint64_t version) {
  boost::asio::post(strand_, [self = shared_from_this(), version] {
    if (self->phase_ != phase::ready || self->catch_up_queued_) return;
    if (version != 0 && version <= self->state_.version()) return;  // our own write's echo
    self->catch_up_queued_ = true;
    self->enqueue([self] {
      self->catch_up_queued_ = false;
      self->catch_up([self](std::error_code) { self->task_done(); });
    });
  });
}

// --- loading and catching up ------------------------------------------------------------

void room::ensure_loaded(std::function<void(std::error_code)> then) {
  if (phase_ == phase::ready && stale_) {
    catch_up(std::move(then));
    return;
  }
  if (phase_ == phase::ready) {
    then({});
    return;
  }
  reload({}, std::move(then));
}

void room::reload(const std::string& reason, std::function<void(std::error_code)> then) {
  svc_.store->load(id_, [self = shared_from_this(), reason, then = std::move(then)](
                            std::error_code ec, std::optional<store::loaded_meeting> m) mutable {
    boost::asio::post(self->strand_, [self, reason, then = std::move(then), ec,
                                      m = std::move(m)]() mutable {
      if (ec) return then(ec);
      self->stale_ = false;
      if (!m) {
        self->phase_ = phase::missing;
        return then({});
      }
      self->phase_ = phase::ready;
      self->state_ = std::move(m->state);
      self->epoch_ = std::move(m->epoch);
      // With what each event replaced, taken by the store as it applied
      // the tail (none: a resume across it is answered with a snapshot).
      self->tail_.clear();
      for (std::size_t i = 0; i < m->tail.size(); ++i) {
        auto note = i < m->tail_notes.size() ? std::move(m->tail_notes[i]) : domain::access_note{};
        self->tail_.push_back({std::move(m->tail[i]), std::move(note)});
      }
      self->last_seq_.clear();
      for (auto& [client, packed] : m->last_seq) self->last_seq_[client] = {packed, 0};
      // The loaded dedupe entries carry only the sequence number; the versions of
      // the ones in the tail are known exactly.
      for (const auto& l : self->tail_) {
        const auto& e = l.event;
        if (!e.client_id().empty()) self->last_seq_[e.client_id()] = {e.client_seq(), e.version()};
      }
      if (!reason.empty()) self->broadcast_resync(reason);
      then({});
    });
  });
}

void room::catch_up(std::function<void(std::error_code)> then) {
  if (phase_ != phase::ready) return reload({}, std::move(then));
  svc_.store->read_since(
      id_, state_.version(), catch_up_batch,
      [self = shared_from_this(), then = std::move(then)](
          std::error_code ec, store::meeting_store::since_result r) mutable {
        boost::asio::post(
            self->strand_, [self, then = std::move(then), ec, r = std::move(r)]() mutable {
              if (ec) {
                self->stale_ = true;
                return then(ec);
              }
              if (!r.found) {
                self->phase_ = phase::missing;
                self->broadcast_resync("the meeting no longer exists");
                return then({});
              }
              // A new epoch, or a log shorter than what we hold, means the history we
              // broadcast is not the stored one any more: start over from storage.
              if (r.epoch != self->epoch_ || r.version < self->state_.version()) {
                return self->reload("the stored history changed; reload", std::move(then));
              }
              for (const auto& e : r.events) {
                if (e.version() != self->state_.version() + 1) {
                  return self->reload("a gap in the stored history; reload", std::move(then));
                }
                self->accept(e);
              }
              self->stale_ = false;
              if (self->state_.version() < r.version) return self->catch_up(std::move(then));
              then({});
            });
      });
}

// --- join ------------------------------------------------------------------------------

void room::do_join(std::shared_ptr<peer> p, principal who, v1::Join req, reply_fn done) {
  ensure_loaded([self = shared_from_this(), p = std::move(p), who = std::move(who),
                 req = std::move(req), done = std::move(done)](std::error_code ec) mutable {
    if (ec) {
      done(unavailable());
      return self->task_done();
    }
    if (self->phase_ == phase::missing) {
      done(error_envelope(v1::ERROR_NOT_FOUND, "no meeting with id '" + self->id_ + "'",
                          "meeting_id"));
      return self->task_done();
    }
    if (auto r = self->svc_.policy.may_join(who, self->state_)) {
      done(error_envelope(*r));
      return self->task_done();
    }
    const auto viewer = who.viewer();
    v1::Envelope reply;
    auto* j = reply.mutable_joined();
    j->set_meeting_id(self->id_);
    j->set_epoch(self->epoch_);
    j->set_version(self->state_.version());
    j->set_server_time_ms(self->svc_.now_ms());
    j->set_my_role(domain::wire_role(self->state_, who.account_id));
    const auto have = req.known_version();
    const auto now = self->state_.version();
    const auto oldest = self->tail_.empty() ? now + 1 : self->tail_.front().event.version();
    // Events when the client's history continues ours and the tail reaches back to it, cut
    // for this reader as the live broadcast cut them; a snapshot otherwise (first join, other
    // epoch, client ahead, too far behind, or something in the gap moved what this reader
    // may see: domain::resume_events decides, and answers "snapshot" when in doubt).
    std::optional<std::vector<v1::Event>> events;
    if (have > 0 && req.known_epoch() == self->epoch_ && have <= now && have + 1 >= oldest) {
      std::vector<const domain::logged_event*> gap;
      for (const auto& l : self->tail_) {
        if (l.event.version() > have) gap.push_back(&l);
      }
      events = domain::resume_events(gap, self->state_, viewer);
    }
    if (events) {
      for (auto& e : *events) *j->add_events() = std::move(e);
    } else {
      *j->mutable_snapshot() = domain::redact(self->state_, viewer);
    }
    auto admit = [self, p, who, done = std::move(done)](std::error_code ec,
                                                        v1::Envelope reply) mutable {
      if (ec) {
        done(error_envelope(v1::ERROR_STORAGE_UNAVAILABLE,
                            "the view of confidential content could not be recorded; retry later"));
        return self->task_done();
      }
      std::erase_if(self->subscribers_, [&](const subscriber& s) { return s.key == p.get(); });
      self->subscribers_.push_back({p, p.get(), who});
      self->arm_check();
      done(std::move(reply));
      self->show_carets_to(p, who);
      self->task_done();
    };
    if (!self->svc_.audit) return admit({}, std::move(reply));
    const auto top = domain::highest_visible_level(self->state_, viewer);
    const std::string detail =
        "version " + std::to_string(now) + ", sees up to " + std::string(v1::Level_Name(top));
    const auto record_join = [&] {
      self->svc_.audit({who.account_id, "join", "meeting " + self->id_, who.from, detail}, {});
    };
    if (top < v1::LEVEL_CONFIDENTIAL) {
      // Nothing confidential: the record does not gate the answer, so the answer is on its way
      // first. Handed over before it, the record's Redis call had redis-server running ahead
      // of the 100 KB write on a busy core (docs/performance.md, the join).
      admit({}, std::move(reply));
      return record_join();
    }
    record_join();
    // Confidential content is shown only once its viewing is on record.
    self->svc_.audit(
        {who.account_id, "view_confidential", "meeting " + self->id_, who.from, detail},
        [self, admit = std::move(admit), reply = std::move(reply)](std::error_code ec) mutable {
          boost::asio::post(self->strand_,
                            [ec, admit = std::move(admit), reply = std::move(reply)]() mutable {
                              admit(ec, std::move(reply));
                            });
        });
  });
}

std::string room::issue_counter_key() const {
  std::string office = svc_.jiyao_office;
  if (state_.jiyao_size() > 0 && !state_.jiyao(state_.jiyao_size() - 1).issuer().empty()) {
    office = state_.jiyao(state_.jiyao_size() - 1).issuer();
  }
  return store::jiyao_counter_key(office, office_today(svc_.now_ms()).year);
}

void room::number_issue(v1::JiyaoAction& a, std::int64_t seq) const {
  const auto today = office_today(svc_.now_ms());
  a.set_issue_seq(static_cast<std::int32_t>(seq));
  a.set_issue_number(svc_.jiyao_numbering_by_period
                         ? "第" + std::to_string(seq) + "期"
                         : "〔" + std::to_string(today.year) + "〕" + std::to_string(seq) + "号");
  a.set_issue_date(std::to_string(today.year) + "年" + std::to_string(today.month) + "月" +
                   std::to_string(today.day) + "日");
}

void room::take_issue_number(principal who, v1::Command cmd, reply_fn done, int attempt) {
  // 印发 takes the office's next number, read here and taken by the append script only
  // if nobody took it meanwhile (store/keys.hpp jiyao_counter_key).
  const auto key = issue_counter_key();
  svc_.store->read_counter(
      key, [self = shared_from_this(), who = std::move(who), cmd = std::move(cmd),
            done = std::move(done), attempt](std::error_code ec, std::int64_t last) mutable {
        boost::asio::post(self->strand_, [self, who = std::move(who), cmd = std::move(cmd),
                                          done = std::move(done), attempt, ec, last]() mutable {
          if (ec) {
            done(unavailable());
            return self->task_done();
          }
          self->number_issue(*cmd.mutable_change()->mutable_jiyao_action(), last + 1);
          self->decide_and_append(std::move(who), std::move(cmd), std::move(done), attempt, {});
        });
      });
}

// --- commands --------------------------------------------------------------------------

void room::do_submit(principal who, v1::Command cmd, reply_fn done, int attempt) {
  ensure_loaded([self = shared_from_this(), who = std::move(who), cmd = std::move(cmd),
                 done = std::move(done), attempt](std::error_code ec) mutable {
    auto finish = [&](v1::Envelope reply) {
      done(std::move(reply));
      self->task_done();
    };
    if (ec) return finish(unavailable());
    if (self->phase_ == phase::missing) {
      return finish(error_envelope(v1::ERROR_NOT_FOUND, "no meeting with id '" + self->id_ + "'",
                                   "meeting_id"));
    }
    // A retry of a change that was applied already is acknowledged, never applied twice.
    if (auto it = self->last_seq_.find(cmd.client_id());
        it != self->last_seq_.end() && it->second.seq >= cmd.client_seq()) {
      return finish(ack(self->id_, it->second.version ? it->second.version : self->state_.version(),
                        true, cmd.client_seq()));
    }
    if (cmd.expected_version() != 0 && cmd.expected_version() != self->state_.version()) {
      return finish(error_envelope(v1::ERROR_STALE_VERSION,
                                   "the meeting is at another version than expected",
                                   "expected_version", self->state_.version()));
    }
    if (auto r = self->svc_.policy.may_change(who, self->state_, cmd.change())) {
      return finish(error_envelope(*r));
    }
    if (cmd.change().has_jiyao_action()) {  // who took the step, by name, for its history
      cmd.mutable_change()->mutable_jiyao_action()->set_actor_name(who.client_name);
    }
    if (cmd.change().has_jiyao_action() && cmd.change().jiyao_action().step() == v1::JIYAO_CREATE) {
      // The office's defaults for a draft that names no unit or issuer.
      auto* a = cmd.mutable_change()->mutable_jiyao_action();
      if (a->issuer().empty()) a->set_issuer(self->svc_.jiyao_office);
      if (a->unit().empty()) a->set_unit(self->svc_.jiyao_unit);
    }
    if (is_issue(cmd.change()) && self->svc_.check_issue && attempt == 0) {
      // The recipients and 分送 ids checked against the directory first: a refusal takes
      // no number and delivers nothing.
      auto action = cmd.change().jiyao_action();
      return self->svc_.check_issue(
          std::move(action),
          [self, who = std::move(who), cmd = std::move(cmd), done = std::move(done), attempt](
              domain::maybe_rejection why, v1::JiyaoAction resolved) mutable {
            boost::asio::post(self->strand_, [self, who = std::move(who), cmd = std::move(cmd),
                                              done = std::move(done), attempt, why = std::move(why),
                                              resolved = std::move(resolved)]() mutable {
              if (why) {
                done(error_envelope(*why));
                return self->task_done();
              }
              *cmd.mutable_change()->mutable_jiyao_action() = std::move(resolved);
              self->take_issue_number(std::move(who), std::move(cmd), std::move(done), attempt);
            });
          });
    }
    if (is_issue(cmd.change())) {
      return self->take_issue_number(std::move(who), std::move(cmd), std::move(done), attempt);
    }
    if (!cmd.change().has_edit_minutes()) {
      return self->decide_and_append(std::move(who), std::move(cmd), std::move(done), attempt, {});
    }
    // An edit of the minutes is transformed over the events since its base version: from
    // the in-memory tail when it reaches back that far, else from the stored log.
    const auto base = cmd.change().edit_minutes().base_version();
    const auto now_v = self->state_.version();
    if (base >= now_v) {
      return self->decide_and_append(std::move(who), std::move(cmd), std::move(done), attempt, {});
    }
    if (now_v - base > max_transform_span) {
      return finish(error_envelope(v1::ERROR_STALE_VERSION,
                                   "the edit is based on a version too old to transform; rejoin",
                                   "base_version", now_v));
    }
    const auto oldest = self->tail_.empty() ? now_v + 1 : self->tail_.front().event.version();
    if (base + 1 >= oldest) {
      std::vector<v1::Event> since;
      for (auto it = self->tail_.end() - static_cast<std::ptrdiff_t>(now_v - base);
           it != self->tail_.end(); ++it) {
        since.push_back(it->event);
      }
      return self->decide_and_append(std::move(who), std::move(cmd), std::move(done), attempt,
                                     std::move(since));
    }
    self->svc_.store->read_since(
        self->id_, base, now_v - base,
        [self, who = std::move(who), cmd = std::move(cmd), done = std::move(done), attempt](
            std::error_code ec, store::meeting_store::since_result r) mutable {
          boost::asio::post(self->strand_, [self, who = std::move(who), cmd = std::move(cmd),
                                            done = std::move(done), attempt, ec,
                                            r = std::move(r)]() mutable {
            if (ec || !r.found) {
              done(unavailable());
              return self->task_done();
            }
            // Only what the room has applied: the log may already be further on.
            std::erase_if(r.events,
                          [&](const v1::Event& e) { return e.version() > self->state_.version(); });
            // The history since the base was trimmed by policy: the edit cannot be placed.
            if (r.events.empty() ||
                r.events.front().version() != cmd.change().edit_minutes().base_version() + 1) {
              done(error_envelope(v1::ERROR_STALE_VERSION,
                                  "the history the edit is based on was trimmed; rejoin",
                                  "base_version", self->state_.version()));
              return self->task_done();
            }
            self->decide_and_append(std::move(who), std::move(cmd), std::move(done), attempt,
                                    std::move(r.events));
          });
        });
  });
}

void room::decide_and_append(principal who, v1::Command cmd, reply_fn done, int attempt,
                             std::vector<v1::Event> since_base) {
  auto finish = [&](v1::Envelope reply) {
    done(std::move(reply));
    task_done();
  };
  auto event = std::make_shared<v1::Event>();
  if (auto r = steps::decide_event(state_, id_, who, cmd, svc_.now_ms(), since_base, *event)) {
    return finish(error_envelope(*r));
  }
  auto q = steps::append_request_for(state_, epoch_, cmd, *event, svc_.new_token());
  if (is_issue(event->change())) {
    q.counter_key = issue_counter_key();
    q.counter_value = event->change().jiyao_action().issue_seq();
  }
  const bool snapshot = event->version() % svc_.snapshot_every == 0;
  const bool summary = domain::changes_summary(event->change());
  q.index_decisions = domain::changes_decision_records(state_, event->change());
  if (!snapshot && !summary && !q.index_decisions && q.counter_key.empty() &&
      append_with_followers(who, cmd, done, event)) {
    return;
  }
  if (snapshot || summary || q.index_decisions) {
    // Only here is the state copied: the snapshot and summary describe the state after
    // the event, which is applied to the live state only once Redis has it.
    v1::Meeting after = state_;
    domain::apply(after, *event);
    if (snapshot) q.snapshot = after.SerializeAsString();
    if (summary) q.summary = domain::summarize(after).SerializeAsString();
    // The follow-up board's records and reminder schedule, written by the same script.
    if (q.index_decisions) {
      for (const auto& r : domain::decision_records(after)) {
        q.decisions.push_back({id_ + '/' + r.decision().id(), r.SerializeAsString(),
                               domain::next_reminder_at(r.decision())});
      }
    }
  }
  svc_.store->append(
      id_, q,
      [self = shared_from_this(), who = std::move(who), cmd = std::move(cmd),
       done = std::move(done), attempt, event](std::error_code ec, store::append_result r) mutable {
        boost::asio::post(self->strand_,
                          [self, who = std::move(who), cmd = std::move(cmd), done = std::move(done),
                           attempt, event, ec, r = std::move(r)]() mutable {
                            self->on_appended(std::move(who), std::move(cmd), std::move(done),
                                              attempt, event, ec, std::move(r));
                          });
      });
}

void room::on_appended(principal who, v1::Command cmd, reply_fn done, int attempt,
                       std::shared_ptr<v1::Event> event, std::error_code ec,
                       store::append_result r) {
  auto finish = [&](v1::Envelope reply) {
    done(std::move(reply));
    task_done();
  };
  if (ec) {
    // Not sent, sent without an answer, or refused by Redis: the client is told that
    // nothing was applied for certain. When the outcome is unknown the write may yet be
    // in the log; the next task catches up first, and a retry by the client is
    // recognised by its sequence number.
    if (ec != redis::errc::not_connected) stale_ = true;
    return finish(unavailable());
  }
  switch (r.status) {
    case store::append_status::ok:
      if (svc_.stats) svc_.stats->count_command(event->change().kind_case());
      // The author's ack goes out before the broadcast: in a meeting of a thousand
      // viewers it would otherwise queue behind a thousand deliveries.
      done(ack(id_, event->version(), false, cmd.client_seq()));
      record_accepted(who, *event);
      return task_done();
    case store::append_status::duplicate:
      return catch_up([self = shared_from_this(), seq = cmd.client_seq(), done = std::move(done),
                       version = r.version](std::error_code) mutable {
        done(ack(self->id_, version, true, seq));
        self->task_done();
      });
    case store::append_status::number:  // another meeting took the number: read it again
    case store::append_status::moved:
    case store::append_status::epoch:
    case store::append_status::rewound: {
      if (attempt + 1 >= max_attempts) {
        return finish(
            error_envelope(v1::ERROR_CONFLICT, "the meeting is changing too fast; retry"));
      }
      auto retry = [self = shared_from_this(), who = std::move(who), cmd = std::move(cmd),
                    done = std::move(done), attempt](std::error_code ec2) mutable {
        if (ec2) {
          done(unavailable());
          return self->task_done();
        }
        self->do_submit(std::move(who), std::move(cmd), std::move(done), attempt + 1);
      };
      if (r.status == store::append_status::moved) {
        if (attempt == 0) return catch_up(std::move(retry));
        // Lost again to another instance writing the same meeting. Its appends follow one
        // another as its typists get their acks; reading, deciding and appending at once
        // after each loss kept this room's window opening just as the other's next append
        // landed (the cluster drain test lost 16 rounds in a row in one run in five). A random
        // pause, growing with the losses, puts the next try anywhere in that cycle.
        auto timer = std::make_shared<boost::asio::steady_timer>(strand_, retry_pause(attempt));
        return timer->async_wait([self = shared_from_this(), timer,
                                  retry = std::move(retry)](boost::system::error_code) mutable {
          self->catch_up(std::move(retry));
        });
      }
      if (r.status == store::append_status::number) return retry({});
      return reload("the stored history was rewound; reload", std::move(retry));
    }
    case store::append_status::missing:
      phase_ = phase::missing;
      broadcast_resync("the meeting no longer exists");
      return finish(
          error_envelope(v1::ERROR_NOT_FOUND, "no meeting with id '" + id_ + "'", "meeting_id"));
  }
}

void room::record_accepted(const principal& who, const v1::Event& event) {
  if (svc_.audit) {
    for (auto& c : domain::describe_access_changes(state_, event.change())) {
      svc_.audit({who.account_id, c.action, "meeting " + id_ + " " + c.target, who.from,
                  c.detail + " (version " + std::to_string(event.version()) + ")"},
                 {});
    }
  }
  const int issues_before = state_.lifecycle().notice_issues();
  accept(event);
  if (svc_.committed) svc_.committed(state_, event, issues_before);
}

void room::accept(const v1::Event& e) {
  const bool access_changes = domain::changes_access(e.change());
  // Ids and levels only (no minutes), and only when visibility can move or an item goes.
  const auto before = access_changes || e.change().has_remove_item() ? domain::access_of(state_)
                                                                     : domain::access_view{};
  tail_.push_back(steps::apply_event(state_, e));
  while (tail_.size() > svc_.tail_events) tail_.pop_front();
  if (!e.client_id().empty()) last_seq_[e.client_id()] = {e.client_seq(), e.version()};

  // Every recipient gets the event as its clearance and invitation allow. Unless the event
  // moves levels or links, that depends on the clearance alone: one encoding per level.
  auto encode = [](v1::Event ev) { return steps::event_frame(std::move(ev)); };
  frame_ptr as_is;
  std::array<frame_ptr, 4> by_level;
  frame_ptr revoked;
  std::erase_if(subscribers_, [&](const subscriber& s) {
    auto p = s.link.lock();
    if (!p) return true;
    const auto level = static_cast<std::size_t>(s.who.clearance) & 3;
    if (!access_changes && by_level[level]) {
      p->send(by_level[level]);
      return false;
    }
    auto r = domain::redact_event(e, before, state_, s.who.viewer());
    frame_ptr f;
    switch (r.how) {
      case domain::delivery::as_is:
        if (!as_is) as_is = encode(e);
        f = as_is;
        break;
      case domain::delivery::replaced:
      case domain::delivery::version_only:
        f = encode(std::move(r.event));
        break;
      case domain::delivery::revoke: {
        if (!revoked) {
          v1::Envelope env;
          env.mutable_resync()->set_meeting_id(id_);
          env.mutable_resync()->set_reason("access changed");
          revoked = make_frame(std::move(env));
        }
        p->send(revoked);
        return true;  // it hears nothing more of this meeting
      }
    }
    if (!access_changes) by_level[level] = f;
    p->send(f);
    return false;
  });
}

void room::arm_check() {
  if (check_armed_ || svc_.check_every.count() <= 0) return;
  check_armed_ = true;
  check_timer_.expires_after(svc_.check_every);
  // Weak: a pending check must not keep an abandoned room alive.
  check_timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    auto self = weak.lock();
    if (!self || ec) return;
    self->check_armed_ = false;
    std::erase_if(self->subscribers_, [](const subscriber& s) { return s.link.expired(); });
    if (self->subscribers_.empty()) return;
    self->notify(0);
    self->arm_check();
  });
}

void room::broadcast_resync(const std::string& reason) {
  v1::Envelope env;
  env.mutable_resync()->set_meeting_id(id_);
  env.mutable_resync()->set_reason(reason);
  const auto f = make_frame(std::move(env));
  for (auto& s : subscribers_) {
    if (auto p = s.link.lock()) p->send(f);
  }
}

}  // namespace huiwu::core
