#include "core/connection_handler.hpp"

#include <boost/asio/post.hpp>
#include <chrono>

#include "domain/access_rules.hpp"
#include "domain/decision_logic.hpp"
#include "domain/meeting_logic.hpp"
#include "domain/text_rules.hpp"
#include "store/keys.hpp"

namespace huiwu::core {
namespace {

std::int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

using domain::reject;

// A meeting id derived from the creating client's (client_id, client_seq), so that a
// retried create finds the meeting its first attempt made. FNV-1a, 64 bits, in base 32.
std::string derived_meeting_id(const std::string& client_id, std::uint64_t seq) {
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
  };
  mix(client_id);
  mix("\x1f");
  mix(std::to_string(seq));
  static constexpr char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  std::string id = "m";
  for (int i = 0; i < 13; ++i) {
    id += alphabet[h & 31];
    h >>= 5;
  }
  return id;
}

domain::maybe_rejection check_client(const std::string& client_id, std::uint64_t seq,
                                     bool required) {
  if (client_id.empty()) {
    if (required) return reject(v1::ERROR_INVALID_FIELD, "client_id is required", "client_id");
    return std::nullopt;
  }
  constexpr domain::text_rule rule{domain::text_kind::single_line, 64, true};
  if (auto r = domain::check_text(client_id, rule, "client_id")) return r;
  if (seq == 0) return reject(v1::ERROR_INVALID_FIELD, "client_seq must start at 1", "client_seq");
  return std::nullopt;
}

}  // namespace

v1::Envelope make_error(std::uint64_t id, const domain::rejection& r) {
  v1::Envelope e;
  e.set_id(id);
  auto* err = e.mutable_error();
  err->set_code(r.code);
  err->set_message(r.message);
  err->set_field(r.field);
  return e;
}

connection_handler::connection_handler(boost::asio::any_io_executor ex, services& svc,
                                       room_registry& rooms)
    : ex_(std::move(ex)),
      svc_(svc),
      rooms_(rooms),
      requests_(svc.max_requests_per_second, 2 * svc.max_requests_per_second) {}

void connection_handler::reply(std::uint64_t id, v1::Envelope e) {
  e.set_id(id);
  if (e.has_error() && svc_.stats) svc_.stats->count_error(e.error().code());
  if (auto p = self_.lock()) p->send(make_frame(std::move(e)));
}

void connection_handler::reply_error(std::uint64_t id, const domain::rejection& r) {
  reply(id, make_error(id, r));
}

void connection_handler::authenticate(principal who, v1::Account account) {
  who_ = std::move(who);
  account_ = std::move(account);
}

void connection_handler::handle(v1::Envelope req) {
  const auto id = req.id();
  if (svc_.stats) svc_.stats->count_request(req.body_case());
  // One connection cannot flood the server: past the bucket, requests are refused unread.
  if (!requests_.take(steady_ms())) {
    return reply_error(
        id, reject(v1::ERROR_RATE_LIMITED, "too many requests on this connection; slow down"));
  }
  switch (req.body_case()) {
    case v1::Envelope::kHello:
      return on_hello(id, req.hello());
    case v1::Envelope::kListMeetings:
      return on_list(id, req.list_meetings());
    case v1::Envelope::kCreateMeeting:
      return on_create(id, req.create_meeting());
    case v1::Envelope::kJoin:
      return on_join(id, std::move(*req.mutable_join()));
    case v1::Envelope::kLeave:
      return on_leave(id, req.leave());
    case v1::Envelope::kCommand:
      return on_command(id, std::move(*req.mutable_command()));
    case v1::Envelope::kPresence:
      return on_presence(id, std::move(*req.mutable_presence()));
    case v1::Envelope::kHistory:
      return on_history(id, req.history());
    case v1::Envelope::kPing: {
      v1::Envelope e;
      e.mutable_pong()->set_client_time_ms(req.ping().client_time_ms());
      e.mutable_pong()->set_server_time_ms(svc_.now_ms());
      return reply(id, std::move(e));
    }
    default:
      return reply_error(id, reject(v1::ERROR_BAD_REQUEST,
                                    "not a request a client can send: expected hello, "
                                    "list_meetings, create_meeting, join, leave, command, "
                                    "presence, history or ping"));
  }
}

void connection_handler::on_hello(std::uint64_t id, const v1::Hello& h) {
  if (auto r = check_client(h.client_id(), 1, false)) return reply_error(id, *r);
  constexpr domain::text_rule name_rule{domain::text_kind::single_line, 64, false};
  if (auto r = domain::check_text(h.client_name(), name_rule, "client_name")) {
    return reply_error(id, *r);
  }
  who_.client_id = h.client_id();
  // Events and carets carry the account's name, not what the client calls itself.
  if (who_.account_id.empty()) who_.client_name = h.client_name();
  v1::Envelope e;
  auto* w = e.mutable_welcome();
  *w->mutable_account() = account_;
  w->set_server_id(svc_.server_id);
  w->set_server_time_ms(svc_.now_ms());
  w->set_protocol("huiwu.v1");
  w->set_time_zone(svc_.time_zone);
  reply(id, std::move(e));
}

void connection_handler::on_list(std::uint64_t id, const v1::ListMeetings& l) {
  svc_.store->list(
      l.include_archived(), [this_peer = self_, id, stats = svc_.stats, viewer = who_.viewer()](
                                std::error_code ec, std::vector<v1::MeetingSummary> meetings) {
        auto p = this_peer.lock();
        if (!p) return;
        v1::Envelope e;
        e.set_id(id);
        if (ec) {
          e = make_error(id, reject(v1::ERROR_STORAGE_UNAVAILABLE, "storage is unavailable"));
          if (stats) stats->count_error(e.error().code());
        } else {
          // Only what the caller is invited to and cleared for; who else is, stays here.
          e.mutable_meeting_list();  // present even when empty
          for (auto& m : meetings) {
            if (!domain::may_see_summary(m, viewer)) continue;
            m.set_my_role(domain::wire_role(m, viewer.account_id));
            m.clear_created_by();
            m.clear_account_ids();
            m.clear_account_roles();
            *e.mutable_meeting_list()->add_meetings() = std::move(m);
          }
        }
        p->send(make_frame(std::move(e)));
      });
}

void connection_handler::on_create(std::uint64_t id, const v1::CreateMeeting& c) {
  if (auto r = check_client(c.client_id(), c.client_seq(), false)) return reply_error(id, *r);
  if (auto r = domain::check_info(c.info())) return reply_error(id, *r);
  if (auto r = svc_.policy.may_create(who_, c.info())) return reply_error(id, *r);
  const auto meeting_id =
      c.client_id().empty()
          ? "m" + svc_.new_token()
          : derived_meeting_id(who_.account_id + '\x1f' + c.client_id(), c.client_seq());
  auto meeting = domain::new_meeting(meeting_id, c.info(), svc_.now_ms());
  meeting.set_created_by(who_.account_id);
  const auto epoch = svc_.new_token();
  auto store = svc_.store;
  auto answer = [this_peer = self_, id, stats = svc_.stats](v1::Envelope e) {
    e.set_id(id);
    if (e.has_error() && stats) stats->count_error(e.error().code());
    if (auto p = this_peer.lock()) p->send(make_frame(std::move(e)));
  };
  store->create(
      meeting, epoch, c.client_id(), c.client_seq(),
      [store, meeting, answer](std::error_code ec, store::create_status st, std::string ep) {
        if (ec)
          return answer(make_error(0, reject(v1::ERROR_STORAGE_UNAVAILABLE,
                                             "storage is unavailable; retry the create")));
        if (st == store::create_status::collision) {
          return answer(
              make_error(0, reject(v1::ERROR_CONFLICT, "client_seq was used for another meeting")));
        }
        if (st == store::create_status::created) {
          v1::Envelope e;
          *e.mutable_created()->mutable_meeting() = meeting;
          e.mutable_created()->set_epoch(ep);
          return answer(std::move(e));
        }
        // A retried create: answer with the meeting as it is now.
        store->load(meeting.id(), [answer, creator = meeting.created_by()](
                                      std::error_code ec2, std::optional<store::loaded_meeting> m) {
          if (ec2 || !m) {
            return answer(make_error(0, reject(v1::ERROR_STORAGE_UNAVAILABLE,
                                               "storage is unavailable; retry the create")));
          }
          if (m->state.created_by() != creator) {
            return answer(make_error(
                0, reject(v1::ERROR_CONFLICT, "client_seq was used for another meeting")));
          }
          v1::Envelope e;
          *e.mutable_created()->mutable_meeting() = std::move(m->state);
          e.mutable_created()->set_epoch(m->epoch);
          answer(std::move(e));
        });
      });
}

void connection_handler::on_join(std::uint64_t id, v1::Join j) {
  if (!store::valid_meeting_id(j.meeting_id())) {
    return reply_error(
        id, reject(v1::ERROR_INVALID_FIELD, "meeting_id is not a meeting id", "meeting_id"));
  }
  auto p = self_.lock();
  if (!p) return;
  auto r = rooms_.get(j.meeting_id());
  joined_[j.meeting_id()] = r;
  const auto meeting_id = j.meeting_id();
  r->join(p, who_, std::move(j),
          [this_peer = self_, id, ex = ex_, meeting_id, stats = svc_.stats,
           this_handler = this](v1::Envelope e) {
            e.set_id(id);
            auto p2 = this_peer.lock();
            if (!p2) return;
            if (e.has_error()) {
              if (stats) stats->count_error(e.error().code());
              // The room did not take us: forget it, on the connection's strand. The peer
              // is alive (locked above), so its handler is too.
              boost::asio::post(ex, [this_peer, this_handler, meeting_id] {
                if (this_peer.lock()) this_handler->joined_.erase(meeting_id);
              });
            }
            p2->send(make_frame(std::move(e)));
          });
}

void connection_handler::on_leave(std::uint64_t id, const v1::Leave& l) {
  auto it = joined_.find(l.meeting_id());
  if (it == joined_.end()) {
    return reply_error(
        id, reject(v1::ERROR_NOT_JOINED, "this connection has not joined '" + l.meeting_id() + "'",
                   "meeting_id"));
  }
  it->second->leave(self_.lock().get());
  joined_.erase(it);
  v1::Envelope e;
  e.mutable_ack()->set_meeting_id(l.meeting_id());
  reply(id, std::move(e));
}

void connection_handler::on_command(std::uint64_t id, v1::Command c) {
  auto it = joined_.find(c.meeting_id());
  if (it == joined_.end()) {
    return reply_error(id, reject(v1::ERROR_NOT_JOINED,
                                  "join the meeting before sending commands to it", "meeting_id"));
  }
  if (auto r = check_client(c.client_id(), c.client_seq(), true)) return reply_error(id, *r);
  if (domain::is_decision_change(c.change())) {
    // The follow-up API checks the named accounts and units against the directory first.
    return reply_error(id, reject(v1::ERROR_FORBIDDEN,
                                  "decisions are made and moved through /api/followup", "change"));
  }
  if (c.change().has_add_material()) {
    // The bytes come first, checked and stored; the route then records the upload.
    return reply_error(
        id, reject(v1::ERROR_FORBIDDEN,
                   "materials are uploaded through POST /api/meetings/materials", "change"));
  }
  it->second->submit(who_, std::move(c),
                     [this_peer = self_, id, stats = svc_.stats](v1::Envelope e) {
                       e.set_id(id);
                       if (e.has_error() && stats) stats->count_error(e.error().code());
                       if (auto p = this_peer.lock()) p->send(make_frame(std::move(e)));
                     });
}

void connection_handler::on_presence(std::uint64_t id, v1::Presence p) {
  auto it = joined_.find(p.meeting_id());
  if (it == joined_.end()) {
    return reply_error(id, reject(v1::ERROR_NOT_JOINED, "join the meeting first", "meeting_id"));
  }
  constexpr domain::text_rule item_rule{domain::text_kind::single_line, 64, false};
  if (auto r = domain::check_text(p.item_id(), item_rule, "item_id")) return reply_error(id, *r);
  // Carets are frequent and worthless once stale: no reply on success, and a simple cap
  // on how often one connection may send them.
  if (!presence_.take(steady_ms())) {
    return reply_error(id, reject(v1::ERROR_RATE_LIMITED, "too many presence updates"));
  }
  auto self = self_.lock();
  it->second->presence(self.get(), who_, std::move(p));
}

void connection_handler::on_history(std::uint64_t id, const v1::History& h) {
  auto it = joined_.find(h.meeting_id());
  if (it == joined_.end()) {
    return reply_error(id, reject(v1::ERROR_NOT_JOINED, "join the meeting first", "meeting_id"));
  }
  if (h.limit() > 1000) {
    return reply_error(id, reject(v1::ERROR_INVALID_FIELD, "limit is at most 1000", "limit"));
  }
  it->second->history(who_, h.from_version(), h.limit(),
                      [this_peer = self_, id, stats = svc_.stats](v1::Envelope e) {
                        e.set_id(id);
                        if (e.has_error() && stats) stats->count_error(e.error().code());
                        if (auto p = this_peer.lock()) p->send(make_frame(std::move(e)));
                      });
}

void connection_handler::closed() {
  auto p = self_.lock();
  for (auto& [id, r] : joined_) r->leave(p.get());
  joined_.clear();
}

}  // namespace huiwu::core
