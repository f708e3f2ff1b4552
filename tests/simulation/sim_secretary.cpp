#include "sim_secretary.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "base/utf8.hpp"
#include "core/frame.hpp"
#include "ot/proto_codec.hpp"
#include "ws_client.hpp"

namespace huiwu::test {

namespace {

std::size_t code_points(const std::string& s) {
  return utf8::count(s).value();
}

const v1::AgendaItem* find_item(const v1::Meeting& m, const std::string& id) {
  for (const auto& i : m.agenda()) {
    if (i.id() == id) return &i;
  }
  return nullptr;
}

}  // namespace

sim_secretary::sim_secretary(boost::asio::io_context& ioc, std::uint16_t port,
                             std::string client_id, std::string meeting_id, std::string item_id,
                             bool binary, std::uint64_t seed, sim_behaviour behaviour)
    : ioc_(ioc),
      port_(port),
      client_id_(std::move(client_id)),
      meeting_id_(std::move(meeting_id)),
      item_id_(std::move(item_id)),
      binary_(binary),
      rng_(seed),
      behaviour_(behaviour) {}

std::string sim_secretary::describe() const {
  static constexpr const char* phases[] = {"offline", "joining", "catching_up", "live"};
  std::ostringstream os;
  os << client_id_ << " (" << (binary_ ? "binary" : "json")
     << "): " << phases[static_cast<int>(phase_)] << ", revision " << revision();
  if (ot_) {
    os << ", state " << static_cast<int>(ot_->current_state());
    if (ot_->outstanding()) os << ", in flight " << *ot_->outstanding();
    if (ot_->buffer()) os << ", buffer " << *ot_->buffer();
  }
  if (inflight_) os << ", in-flight seq " << inflight_->seq;
  if (link_) os << ", held out/in " << link_->held_out() << "/" << link_->held_in();
  return os.str();
}

std::chrono::milliseconds sim_secretary::delay() {
  if (rng_.percent(behaviour_.stall_percent)) {
    return std::chrono::milliseconds(rng_.below(behaviour_.max_stall.count() + 1));
  }
  return std::chrono::milliseconds(rng_.below(behaviour_.max_delay.count() + 1));
}

// --- the connection -----------------------------------------------------------------------

void sim_secretary::connect(sim_clock::time_point now) {
  ++generation_;
  link_ = std::make_unique<sim_link>(ioc_, port_, [this] { return delay(); });
  phase_ = phase::joining;
  v1::Envelope hello;
  hello.mutable_hello()->set_client_id(client_id_);
  hello.mutable_hello()->set_client_name("秘书 " + client_id_);
  send(std::move(hello), {request_kind::hello}, now);
  send_join(now);
  // Half the time the unacknowledged operation goes out right behind the join, exactly as
  // it was first sent: if the server had applied it before the connection broke, this is
  // the retry that must be recognised by its client_seq and not applied again.
  if (inflight_ && rng_.percent(50)) {
    ++stats_.resent;
    ++stats_.resent_original;
    send_command(*inflight_, inflight_->base, inflight_->op, now);
  }
}

void sim_secretary::drop(sim_clock::time_point now) {
  if (phase_ == phase::offline) return;
  ++stats_.drops;
  lose_connection(now);
}

void sim_secretary::go_away(sim_clock::time_point now) {
  drop(now);
  away_ = true;
  reconnect_at_ = sim_clock::time_point::max();
}

void sim_secretary::come_back(sim_clock::time_point now) {
  away_ = false;
  reconnect_at_ = now + std::chrono::milliseconds(rng_.below(behaviour_.max_offline.count() + 1));
}

void sim_secretary::lose_connection(sim_clock::time_point now) {
  link_.reset();  // and whatever was on the way with it
  phase_ = phase::offline;
  requests_.clear();
  pushed_while_joining_.clear();
  resend_at_.reset();
  if (ot_) ot_->disconnected();
  reconnect_at_ =
      away_ ? sim_clock::time_point::max()
            : now + std::chrono::milliseconds(rng_.below(behaviour_.max_offline.count() + 1));
}

void sim_secretary::send(v1::Envelope e, request r, sim_clock::time_point now) {
  const auto id = next_request_id_++;
  e.set_id(id);
  requests_[id] = r;
  link_->send(binary_ ? e.SerializeAsString() : core::to_json(e), binary_, now);
}

void sim_secretary::send_join(sim_clock::time_point now) {
  v1::Envelope j;
  j.mutable_join()->set_meeting_id(meeting_id_);
  if (ot_) {
    j.mutable_join()->set_known_version(ot_->revision());
    j.mutable_join()->set_known_epoch(epoch_);
  }
  send(std::move(j), {request_kind::join}, now);
}

void sim_secretary::send_command(const inflight& f, std::uint64_t base,
                                 const ot::text_operation& op, sim_clock::time_point now) {
  v1::Envelope e;
  auto* c = e.mutable_command();
  c->set_meeting_id(meeting_id_);
  c->set_client_id(client_id_);
  c->set_client_seq(f.seq);
  auto* m = c->mutable_change()->mutable_edit_minutes();
  m->set_item_id(item_id_);
  m->set_base_version(base);
  ot::to_proto(op, *m->mutable_op());
  ++stats_.commands;
  inflight_->sent_on = generation_;
  send(std::move(e), {request_kind::command, f.seq}, now);
}

void sim_secretary::request_history(sim_clock::time_point now) {
  v1::Envelope h;
  h.mutable_history()->set_meeting_id(meeting_id_);
  h.mutable_history()->set_from_version(revision() + 1);
  h.mutable_history()->set_limit(
      static_cast<std::uint32_t>(std::min<std::uint64_t>(1000, catch_up_to_ - revision())));
  send(std::move(h), {request_kind::history}, now);
}

void sim_secretary::tick(sim_clock::time_point now) {
  if (phase_ == phase::offline) {
    if (now >= reconnect_at_) connect(now);
    return;
  }
  if (link_->dead()) {
    ++stats_.lost;  // the server went away (or refused us) by itself
    return lose_connection(now);
  }
  link_->pump(now);
  while (phase_ != phase::offline) {
    auto f = link_->next(now);
    if (!f) break;
    on_frame(*f, now);
  }
  if (phase_ == phase::live && resend_at_ && now >= *resend_at_ && inflight_) {
    resend_at_.reset();
    ++stats_.resent;
    ++stats_.resent_original;
    send_command(*inflight_, inflight_->base, inflight_->op, now);
  }
}

bool sim_secretary::settled() const {
  return phase_ == phase::live && ot_ && ot_->current_state() == ot::client::state::synchronized &&
         !inflight_ && link_ && link_->idle();
}

// --- typing ---------------------------------------------------------------------------------

void sim_secretary::type(sim_clock::time_point now) {
  if (!ot_) return;  // nothing to type into before the first join
  const std::size_t len = code_points(doc_);
  ot::text_operation op;
  const std::size_t pos = rng_.below(len + 1);
  op.retain(pos);
  if (pos < len && rng_.percent(35)) {
    // Delete a few characters, now and then a whole phrase.
    const std::size_t most = rng_.percent(10) ? 12 : 3;
    const std::size_t k = 1 + rng_.below(std::min(most, len - pos));
    op.erase(k).retain(len - pos - k);
  } else {
    // Type a few characters, now and then paste a phrase: the source mixes ASCII, CJK,
    // CJK Extension B, emoji, combining marks, Hangul, and edge code points.
    const std::size_t n = rng_.percent(10) ? 8 + rng_.below(24) : 1 + rng_.below(4);
    op.insert_counted(rng_.text(n), n).retain(len - pos);
  }
  auto text = op.apply(doc_);
  if (!text) {
    ADD_FAILURE() << "a generated edit does not fit the local text: " << describe();
    return;
  }
  doc_ = std::move(*text);
  ++stats_.edits;
  auto out = ot_->apply_client(std::move(op));
  if (!out) {
    ADD_FAILURE() << "the OT client refused a local edit: " << out.error().message() << "; "
                  << describe();
    return;
  }
  if (*out) start_new_inflight(**out, now);
}

void sim_secretary::start_new_inflight(const ot::client::outgoing& out, sim_clock::time_point now) {
  const auto seq = ++seq_;
  produced_.push_back(seq);
  inflight_ = inflight{seq, out.revision, out.op, generation_};
  send_command(*inflight_, out.revision, out.op, now);
}

// --- what arrives -------------------------------------------------------------------------

void sim_secretary::on_frame(const sim_connection::frame& f, sim_clock::time_point now) {
  auto e = ws_client::decode({f.bytes, f.binary});
  if (!e) {
    ADD_FAILURE() << client_id_ << ": undecodable frame: " << f.bytes.substr(0, 200);
    return;
  }
  if (e->id() != 0) {
    auto it = requests_.find(e->id());
    if (it == requests_.end()) {
      ADD_FAILURE() << client_id_ << ": a reply to no request: " << e->ShortDebugString();
      return;
    }
    const request r = it->second;
    requests_.erase(it);
    return on_reply(*e, r, now);
  }
  if (e->has_event()) {
    if (phase_ != phase::live) {
      pushed_while_joining_.push_back(e->event());
      return;
    }
    if (!on_event(e->event(), now)) {
      // A version was skipped: ask for what we missed, as the browser does.
      ++stats_.gaps;
      if (ot_) ot_->disconnected();
      phase_ = phase::joining;
      pushed_while_joining_.clear();
      send_join(now);
    }
    return;
  }
  if (e->has_resync()) {
    ADD_FAILURE() << client_id_ << ": resync (\"" << e->resync().reason()
                  << "\"): the stored history changed, though Redis fsyncs every write";
    return;
  }
  if (e->has_error()) {
    ADD_FAILURE() << client_id_ << ": error without a request: " << e->ShortDebugString();
  }
  // presence: not used here
}

void sim_secretary::on_reply(const v1::Envelope& e, const request& r, sim_clock::time_point now) {
  const bool unavailable = e.has_error() && e.error().code() == v1::ERROR_STORAGE_UNAVAILABLE;
  switch (r.kind) {
    case request_kind::hello:
      EXPECT_TRUE(e.has_welcome()) << client_id_ << ": " << e.ShortDebugString();
      return;
    case request_kind::join:
      if (e.has_joined()) return on_joined(e.joined(), now);
      if (unavailable) {
        ++stats_.storage_retries;
        return lose_connection(now);  // and come back later
      }
      ADD_FAILURE() << client_id_ << ": join refused: " << e.ShortDebugString();
      return lose_connection(now);
    case request_kind::command:
      if (e.has_ack()) {
        EXPECT_EQ(e.ack().client_seq(), r.seq) << client_id_;
        if (e.ack().duplicate()) ++stats_.duplicate_acks;
        return;  // the state moves on our own event, which comes in version order
      }
      if (unavailable && inflight_ && inflight_->seq == r.seq) {
        // Nothing was applied for certain: the same (client_id, client_seq) again later.
        ++stats_.storage_retries;
        resend_at_ = now + std::chrono::milliseconds(200);
        return;
      }
      ADD_FAILURE() << client_id_ << ": command " << r.seq << " refused: " << e.ShortDebugString()
                    << "; " << describe();
      return;
    case request_kind::history:
      if (e.has_history_page()) return on_history(e.history_page(), now);
      ADD_FAILURE() << client_id_ << ": history refused: " << e.ShortDebugString();
      return lose_connection(now);
  }
}

void sim_secretary::on_joined(const v1::Joined& j, sim_clock::time_point now) {
  ++stats_.joins;
  if (!epoch_.empty() && j.epoch() != epoch_) {
    ADD_FAILURE() << client_id_ << ": the meeting's epoch changed from " << epoch_ << " to "
                  << j.epoch() << ": the server lost acknowledged history";
  }
  epoch_ = j.epoch();
  if (!ot_) {
    // The first join: the text as it is, and the version it is at.
    if (!j.has_snapshot()) {
      ADD_FAILURE() << client_id_ << ": a first join without a snapshot";
      return lose_connection(now);
    }
    const auto* item = find_item(j.snapshot(), item_id_);
    if (!item) {
      ADD_FAILURE() << client_id_ << ": the item is not in the snapshot";
      return lose_connection(now);
    }
    doc_ = item->minutes();
    ot_.emplace(j.version());
    return finish_resume(now);
  }
  if (j.has_snapshot()) {
    // Too far behind for the server's in-memory tail (after a restart it holds only the
    // events since the last stored snapshot). Our unacknowledged edits cannot be rebased
    // on a snapshot, so walk the stored history from our version up to it instead, and
    // check that we end where the snapshot is.
    ++stats_.snapshot_joins;
    const auto* item = find_item(j.snapshot(), item_id_);
    snapshot_text_ = item ? item->minutes() : std::string();
    catch_up_to_ = j.version();
    if (catch_up_to_ < revision()) {
      ADD_FAILURE() << client_id_ << ": the server is at version " << catch_up_to_
                    << ", behind what it sent us (" << revision() << ")";
    }
    phase_ = phase::catching_up;
    if (revision() >= catch_up_to_) return on_history({}, now);
    return request_history(now);
  }
  for (const auto& e : j.events()) {
    if (!on_event(e, now)) {
      ADD_FAILURE() << client_id_ << ": the join's events do not continue version " << revision()
                    << ": event " << e.version();
      return lose_connection(now);
    }
  }
  EXPECT_EQ(revision(), j.version()) << client_id_ << ": joined.version";
  finish_resume(now);
}

void sim_secretary::on_history(const v1::HistoryPage& page, sim_clock::time_point now) {
  for (const auto& e : page.events()) {
    if (e.version() > catch_up_to_) break;
    if (!on_event(e, now)) {
      ADD_FAILURE() << client_id_ << ": the stored history skips from " << revision() << " to "
                    << e.version();
      return lose_connection(now);
    }
  }
  if (revision() < catch_up_to_) {
    if (page.events_size() == 0) {
      ADD_FAILURE() << client_id_ << ": the stored history ends at " << revision()
                    << ", before the snapshot's version " << catch_up_to_;
      return lose_connection(now);
    }
    return request_history(now);
  }
  // What the server holds at our revision is the local text without what we typed that it
  // has not sequenced: replaying those on the snapshot must give the local text.
  std::string server_side = snapshot_text_;
  for (const auto* pending : {&ot_->outstanding(), &ot_->buffer()}) {
    if (!*pending) continue;
    auto r = (*pending)->apply(server_side);
    server_side = r ? std::move(*r) : std::string("<does not fit>");
  }
  EXPECT_EQ(server_side, doc_) << client_id_
                               << ": the stored history replayed up to the snapshot's version "
                                  "does not give the snapshot's text";
  finish_resume(now);
}

bool sim_secretary::on_event(const v1::Event& e, sim_clock::time_point now) {
  const auto rev = ot_->revision();
  if (e.version() <= rev) return true;  // had it already
  if (e.version() != rev + 1) return false;
  const bool edit =
      e.change().has_edit_minutes() && e.change().edit_minutes().item_id() == item_id_;
  if (e.client_id() == client_id_) {
    if (!inflight_ || e.client_seq() != inflight_->seq || !edit) {
      ADD_FAILURE() << client_id_ << ": event " << e.version() << " carries our client_seq "
                    << e.client_seq() << ", which is not the operation in flight; " << describe();
    } else {
      // The server's rebased operation must be exactly our in-flight one as rebased here:
      // both sides transformed it over the same operations in the same order.
      auto server_op = ot::from_proto(e.change().edit_minutes().op());
      EXPECT_TRUE(server_op && *server_op == *ot_->outstanding())
          << client_id_ << ": event " << e.version() << " holds "
          << (server_op ? ::testing::PrintToString(*server_op) : "<bad op>")
          << " for our operation, which here is " << *ot_->outstanding();
      auto next = ot_->server_ack();
      inflight_.reset();
      resend_at_.reset();
      if (!next) {
        ADD_FAILURE() << client_id_ << ": server_ack: " << next.error().message();
      } else if (*next) {
        start_new_inflight(**next, now);
      }
      return true;
    }
  }
  ot::text_operation op;
  if (edit) {
    auto parsed = ot::from_proto(e.change().edit_minutes().op());
    if (!parsed) {
      ADD_FAILURE() << client_id_ << ": event " << e.version() << " has a bad op";
      return true;
    }
    op = std::move(*parsed);
  } else {
    // Not an edit of this item: it moves the version and nothing else.
    op.retain(ot_->outstanding() ? ot_->outstanding()->base_length() : code_points(doc_));
  }
  auto local = ot_->apply_server(op);
  if (!local) {
    ADD_FAILURE() << client_id_ << ": event " << e.version() << " (" << op
                  << ") does not fit: " << local.error().message() << "; " << describe();
    return true;
  }
  auto text = local->apply(doc_);
  if (!text) {
    ADD_FAILURE() << client_id_ << ": the rebased event " << e.version()
                  << " does not fit the text";
    return true;
  }
  doc_ = std::move(*text);
  return true;
}

void sim_secretary::finish_resume(sim_clock::time_point now) {
  phase_ = phase::live;
  auto pushed = std::move(pushed_while_joining_);
  pushed_while_joining_.clear();
  for (const auto& e : pushed) {
    if (!on_event(e, now)) {
      ++stats_.gaps;
      phase_ = phase::joining;
      send_join(now);
      return;
    }
  }
  auto out = ot_->reconnected();
  if (!out) return;
  if (!inflight_) return start_new_inflight(*out, now);
  if (inflight_->sent_on == generation_) return;  // went out right behind the join
  // Not acknowledged by anything the join brought: send it again under the same
  // client_seq, as first sent (the server rebases it from the stored log) or as rebased
  // here on the current version.
  ++stats_.resent;
  if (rng_.percent(50)) {
    ++stats_.resent_original;
    send_command(*inflight_, inflight_->base, inflight_->op, now);
  } else {
    send_command(*inflight_, out->revision, out->op, now);
  }
}

}  // namespace huiwu::test
