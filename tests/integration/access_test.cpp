// What each role and clearance may do and see, over every WebSocket message type and every
// Change kind, against the real server (docs/security.md). Table-driven: the tables must name
// every request type and every change kind the protocol has (checked through the protobuf
// descriptors), so a new message cannot be added without deciding who may send it.
#include <google/protobuf/descriptor.h>

#include <functional>
#include <map>
#include <set>

#include "base/utf8.hpp"
#include "server_fixture.hpp"

namespace huiwu::test {
namespace {

constexpr const char* secret_title = "机密议题SENTINEL-TITLE";
constexpr const char* secret_text = "SENTINEL-MINUTES";

// A person: an account, logged in, with a connection.
struct person {
  std::string id;
  std::string clearance;
  v1::Role role = v1::ROLE_OBSERVER;
  bool invited = true;
  std::string token;
  std::unique_ptr<ws_client> ws;
  std::string attendee_id;
};

class AccessTest : public ServerTest {
 protected:
  void SetUp() override {
    const std::vector<std::tuple<std::string, std::string, v1::Role, bool>> cast = {
        {"conv", "secret", v1::ROLE_CONVENER, true},  // creates the meeting
        {"sec", "secret", v1::ROLE_SECRETARY, true},
        {"sec2", "internal", v1::ROLE_SECRETARY, true},  // a secretary below the secret item
        {"chair", "secret", v1::ROLE_CHAIR, true},
        {"part", "internal", v1::ROLE_PARTICIPANT, true},
        {"obs", "internal", v1::ROLE_OBSERVER, true},
        {"low", "public", v1::ROLE_PARTICIPANT, true},  // invited, below the meeting's level
        {"out", "secret", v1::ROLE_OBSERVER, false},    // cleared but not invited
    };
    for (const auto& [id, clearance, role, invited] : cast) {
      ASSERT_EQ(create_account(redis_.port(), id, "password-" + id, clearance), 0) << id;
      auto& p = people_[id];
      p.id = id;
      p.clearance = clearance;
      p.role = role;
      p.invited = invited;
      p.token = log_in(server_.port(), id, "password-" + id);
      ASSERT_FALSE(p.token.empty()) << id;
      p.ws = std::make_unique<ws_client>(server_.port(), "c-" + id, p.token);
    }
    auto& conv = *people_["conv"].ws;
    v1::Envelope create;
    create.mutable_create_meeting()->mutable_info()->set_title("常务会议");
    create.mutable_create_meeting()->mutable_info()->set_level(v1::LEVEL_INTERNAL);
    auto created = conv.call(create);
    ASSERT_TRUE(created.has_created()) << created.DebugString();
    meeting_ = created.created().meeting().id();
    conv.join(meeting_);
    public_item_ = add_item("公开议题", v1::LEVEL_PUBLIC);
    internal_item_ = add_item("内部议题", v1::LEVEL_INTERNAL);
    secret_item_ = add_item(secret_title, v1::LEVEL_SECRET);
    for (int i = 0; i < 8; ++i) add_item("备用" + std::to_string(i), v1::LEVEL_PUBLIC);
    minutes(secret_item_, secret_text);
    minutes(internal_item_, "内部记录");
    int rank = 0;
    for (auto& [id, p] : people_) {
      if (id == "conv" || !p.invited) continue;
      v1::Change c;
      auto* a = c.mutable_add_attendee()->mutable_attendee();
      a->set_name("人员" + id);
      a->set_account_id(id);
      a->set_role(p.role);
      a->set_rank(++rank);
      auto r = conv.command(meeting_, c);
      ASSERT_TRUE(r.has_ack()) << r.DebugString();
      p.attendee_id = state().attendees(state().attendees_size() - 1).id();
    }
    for (int i = 0; i < 6; ++i) {
      v1::Change c;
      c.mutable_add_attendee()->mutable_attendee()->set_name("来宾" + std::to_string(i));
      ASSERT_TRUE(conv.command(meeting_, c).has_ack());
    }
    for (int i = 0; i < 5; ++i) add_chart();  // three are removed by the remove_chart rows
    v1::Change start;                         // in session, so that the agenda's clocks may run
    start.mutable_start_meeting();
    ASSERT_TRUE(conv.command(meeting_, start).has_ack());
  }

  v1::Meeting state() { return people_["conv"].ws->join(meeting_).snapshot(); }

  std::string add_item(const std::string& title, v1::Level level) {
    auto c = add_item_change(title);
    c.mutable_add_item()->mutable_item()->set_level(level);
    auto r = people_["conv"].ws->command(meeting_, c);
    EXPECT_TRUE(r.has_ack()) << r.DebugString();
    const auto s = state();
    return s.agenda(s.agenda_size() - 1).id();
  }

  void minutes(const std::string& item, const std::string& text) {
    const auto s = state();
    std::size_t len = 0;
    for (const auto& it : s.agenda()) {
      if (it.id() == item) len = utf8::count(it.minutes()).value();
    }
    v1::Change c;
    auto* e = c.mutable_edit_minutes();
    e->set_item_id(item);
    e->set_base_version(s.version());
    if (len) e->mutable_op()->add_ops()->set_retain(static_cast<std::uint32_t>(len));
    e->mutable_op()->add_ops()->set_insert(text);
    auto r = people_["conv"].ws->command(meeting_, c);
    EXPECT_TRUE(r.has_ack()) << r.DebugString();
  }

  void add_chart() {
    const auto s = state();
    v1::Change c;
    auto* chart = c.mutable_set_chart()->mutable_chart();
    chart->set_name("主席台");
    chart->set_config_json(
        R"({"layout":{"kind":"podium","rows":[3]},"convention":"left","order":"rank"})");
    for (int i = 0; i < 3; ++i) chart->add_members()->set_attendee_id(s.attendees(i).id());
    auto r = people_["conv"].ws->command(meeting_, c);
    EXPECT_TRUE(r.has_ack()) << r.DebugString();
  }

  std::map<std::string, person> people_;
  std::string meeting_, public_item_, internal_item_, secret_item_;
};

// Builds a valid change of one kind for `who`, from the current state.
using change_maker = std::function<v1::Change(const v1::Meeting&, const person& who)>;

const v1::AgendaItem& last_spare(const v1::Meeting& m) {
  for (int i = m.agenda_size() - 1; i >= 0; --i) {
    if (m.agenda(i).title().rfind("备用", 0) == 0 && m.agenda(i).id() != m.current_item_id()) {
      return m.agenda(i);
    }
  }
  throw std::runtime_error("no spare item left");
}

const v1::Attendee& last_guest(const v1::Meeting& m) {
  for (int i = m.attendees_size() - 1; i >= 0; --i) {
    if (m.attendees(i).account_id().empty()) return m.attendees(i);
  }
  throw std::runtime_error("no guest left");
}

std::map<std::string, change_maker> change_makers() {
  std::map<std::string, change_maker> t;
  t["update_info"] = [](const v1::Meeting& m, const person&) {
    v1::Change c;
    *c.mutable_update_info()->mutable_info() = m.info();
    c.mutable_update_info()->mutable_info()->set_place("第" + std::to_string(m.version()) +
                                                       "会议室");
    return c;
  };
  t["archive"] = [](const v1::Meeting& m, const person&) {
    v1::Change c;
    c.mutable_archive()->set_archived(!m.archived());
    return c;
  };
  t["add_item"] = [](const v1::Meeting&, const person&) { return add_item_change("新增议题"); };
  t["edit_item"] = [](const v1::Meeting& m, const person&) {
    v1::Change c;
    *c.mutable_edit_item()->mutable_item() = last_spare(m);
    c.mutable_edit_item()->mutable_item()->set_title("备用（改）");
    return c;
  };
  t["remove_item"] = [](const v1::Meeting& m, const person&) {
    v1::Change c;
    c.mutable_remove_item()->set_item_id(last_spare(m).id());
    return c;
  };
  t["move_item"] = [](const v1::Meeting& m, const person&) {
    v1::Change c;
    c.mutable_move_item()->set_item_id(last_spare(m).id());
    c.mutable_move_item()->set_position(0);
    return c;
  };
  t["set_current"] = [](const v1::Meeting& m, const person&) {
    v1::Change c;
    c.mutable_set_current()->set_item_id(last_spare(m).id());
    return c;
  };
  t["set_item_status"] = [](const v1::Meeting& m, const person&) {
    v1::Change c;
    c.mutable_set_item_status()->set_item_id(last_spare(m).id());
    c.mutable_set_item_status()->set_status(v1::ITEM_DEFERRED);
    return c;
  };
  t["control_timer"] = [](const v1::Meeting& m, const person&) {
    v1::Change c;
    c.mutable_control_timer()->set_item_id(last_spare(m).id());
    c.mutable_control_timer()->set_action(v1::TIMER_START);
    return c;
  };
  // The lifecycle: refused roles are checked here; what the allowed ones get, transition by
  // transition on fresh meetings, in lifecycle_test.cpp (an ended or cancelled meeting
  // cannot serve the rows after it).
  t["issue_notice"] = [](const v1::Meeting&, const person&) {
    v1::Change c;
    c.mutable_issue_notice();
    return c;
  };
  t["start_meeting"] = [](const v1::Meeting&, const person&) {
    v1::Change c;
    c.mutable_start_meeting();
    return c;
  };
  t["end_meeting"] = [](const v1::Meeting&, const person&) {
    v1::Change c;
    c.mutable_end_meeting();
    return c;
  };
  t["cancel_meeting"] = [](const v1::Meeting&, const person&) {
    v1::Change c;
    c.mutable_cancel_meeting()->set_reason("领导公出");
    return c;
  };
  t["postpone_meeting"] = [](const v1::Meeting&, const person&) {
    v1::Change c;
    c.mutable_postpone_meeting()->set_starts_at_ms(1'790'000'000'000);
    c.mutable_postpone_meeting()->set_reason("改期");
    return c;
  };
  t["set_quorum"] = [](const v1::Meeting&, const person&) {
    v1::Change c;
    c.mutable_set_quorum()->mutable_quorum()->set_count(3);
    return c;
  };
  // The notice's replies: for a guest, which only a secretary may record; each invitee's
  // own reply and the phases are in notice_test.cpp (this meeting is in session: closed).
  t["reply_notice"] = [](const v1::Meeting& m, const person&) {
    v1::Change c;
    c.mutable_reply_notice()->set_attendee_id(last_guest(m).id());
    c.mutable_reply_notice()->set_kind(v1::REPLY_ATTEND);
    return c;
  };
  t["remind_replies"] = [](const v1::Meeting&, const person&) {
    v1::Change c;
    c.mutable_remind_replies();
    return c;
  };
  t["add_attendee"] = [](const v1::Meeting& m, const person&) {
    v1::Change c;
    // Each allowed role adds another person (the same name and unit twice is refused).
    c.mutable_add_attendee()->mutable_attendee()->set_name("新来宾" +
                                                           std::to_string(m.attendees_size()));
    return c;
  };
  t["edit_attendee"] = [](const v1::Meeting& m, const person&) {
    v1::Change c;
    *c.mutable_edit_attendee()->mutable_attendee() = last_guest(m);
    c.mutable_edit_attendee()->mutable_attendee()->set_title("顾问");
    return c;
  };
  t["remove_attendee"] = [](const v1::Meeting& m, const person&) {
    v1::Change c;
    c.mutable_remove_attendee()->set_attendee_id(last_guest(m).id());
    return c;
  };
  t["check_in"] = [](const v1::Meeting& m, const person& who) {
    v1::Change c;
    // Participants check themselves in; everyone else tries a guest.
    c.mutable_check_in()->set_attendee_id(who.attendee_id.empty() ? last_guest(m).id()
                                                                  : who.attendee_id);
    c.mutable_check_in()->set_attendance(v1::ATTENDANCE_PRESENT);
    return c;
  };
  t["edit_minutes"] = [](const v1::Meeting& m, const person&) {
    v1::Change c;
    const auto& item = m.agenda(1);  // the internal item: every reader sees it
    c.mutable_edit_minutes()->set_item_id(item.id());
    c.mutable_edit_minutes()->set_base_version(m.version());
    c.mutable_edit_minutes()->mutable_op()->add_ops()->set_insert("补");
    if (auto n = utf8::count(item.minutes()).value()) {
      c.mutable_edit_minutes()->mutable_op()->add_ops()->set_retain(static_cast<std::uint32_t>(n));
    }
    return c;
  };
  t["set_chart"] = [](const v1::Meeting& m, const person&) {
    v1::Change c;
    *c.mutable_set_chart()->mutable_chart() = m.charts(0);
    c.mutable_set_chart()->mutable_chart()->set_name("主席台（改）");
    c.mutable_set_chart()->mutable_chart()->clear_result_json();
    return c;
  };
  t["remove_chart"] = [](const v1::Meeting& m, const person&) {
    v1::Change c;
    c.mutable_remove_chart()->set_chart_id(m.charts(m.charts_size() - 1).id());
    return c;
  };
  t["pin_seat"] = [](const v1::Meeting& m, const person&) {
    v1::Change c;
    c.mutable_pin_seat()->set_chart_id(m.charts(0).id());
    c.mutable_pin_seat()->set_member_id(m.charts(0).members(0).id());
    c.mutable_pin_seat()->set_row(1);
    c.mutable_pin_seat()->set_seat(1);
    return c;
  };
  t["swap_seats"] = [](const v1::Meeting& m, const person&) {
    v1::Change c;
    c.mutable_swap_seats()->set_chart_id(m.charts(0).id());
    c.mutable_swap_seats()->set_member_a(m.charts(0).members(0).id());
    c.mutable_swap_seats()->set_member_b(m.charts(0).members(1).id());
    return c;
  };
  // Decisions (督办) are made and moved through /api/followup only, which checks the named
  // accounts against the directory: over the WebSocket nobody may send them.
  t["create_decision"] = [](const v1::Meeting& m, const person&) {
    v1::Change c;
    auto* d = c.mutable_create_decision()->mutable_decision();
    d->set_text("月底前完成方案");
    d->set_item_id(m.agenda(0).id());
    d->set_deadline("2099-12-31");
    return c;
  };
  t["decision_action"] = [](const v1::Meeting&, const person&) {
    v1::Change c;
    c.mutable_decision_action()->set_decision_id("d1");
    c.mutable_decision_action()->set_action("assign");
    return c;
  };
  t["remind_decision"] = [](const v1::Meeting&, const person&) {
    v1::Change c;
    c.mutable_remind_decision()->set_decision_id("d1");
    c.mutable_remind_decision()->set_kind("overdue");
    return c;
  };
  // Materials (protocol.md §6.6): uploads come through HTTP only; removal is a secretary's
  // command, whose allowed side (a material to remove) is in material_test.cpp.
  t["add_material"] = [](const v1::Meeting& m, const person&) {
    v1::Change c;
    c.mutable_add_material()->set_item_id(m.agenda(0).id());
    c.mutable_add_material()->set_title("汇报提纲");
    c.mutable_add_material()->mutable_version()->set_sha256(std::string(64, 'a'));
    return c;
  };
  t["remove_material"] = [](const v1::Meeting& m, const person&) {
    v1::Change c;
    c.mutable_remove_material()->set_item_id(m.agenda(0).id());
    c.mutable_remove_material()->set_material_id("f1");
    return c;
  };
  t["set_material_view_only"] = [](const v1::Meeting& m, const person&) {
    v1::Change c;
    c.mutable_set_material_view_only()->set_item_id(m.agenda(0).id());
    c.mutable_set_material_view_only()->set_material_id("f1");
    c.mutable_set_material_view_only()->set_view_only(true);
    return c;
  };
  // The 纪要 workflow: submitting is a secretary's step (the rest: jiyao_workflow_test.cpp).
  t["jiyao_action"] = [](const v1::Meeting&, const person&) {
    v1::Change c;
    c.mutable_jiyao_action()->set_step(v1::JIYAO_SUBMIT);
    return c;
  };
  t["recompute_chart"] = [](const v1::Meeting& m, const person&) {
    v1::Change c;
    c.mutable_recompute_chart()->set_chart_id(m.charts(0).id());
    return c;
  };
  return t;
}

// Who may make each kind of change: secretaries (and the convener) everything; the chair
// runs the agenda and checks people in; participants check themselves in.
std::set<std::string> allowed_roles(const std::string& kind) {
  if (kind == "create_decision" || kind == "decision_action" || kind == "remind_decision") {
    return {};  // HTTP only (docs/protocol.md §14)
  }
  if (kind == "add_material") return {};  // HTTP only (docs/protocol.md §6.6)
  if (kind == "set_current" || kind == "set_item_status" || kind == "control_timer") {
    return {"conv", "sec", "sec2", "chair"};
  }
  if (kind == "check_in") return {"conv", "sec", "sec2", "chair", "part"};
  if (kind == "start_meeting" || kind == "end_meeting") return {"conv", "sec", "sec2", "chair"};
  return {"conv", "sec", "sec2"};
}

bool lifecycle_kind(const std::string& kind) {
  return kind == "issue_notice" || kind == "start_meeting" || kind == "end_meeting" ||
         kind == "cancel_meeting" || kind == "postpone_meeting" || kind == "reply_notice" ||
         kind == "remind_replies";
}

TEST_F(AccessTest, EveryChangeKindHasARowAndEveryRoleGetsItsAnswer) {
  const auto makers = change_makers();
  const auto* oneof = v1::Change::descriptor()->FindOneofByName("kind");
  ASSERT_NE(oneof, nullptr);
  for (int i = 0; i < oneof->field_count(); ++i) {
    const auto kind = oneof->field(i)->name();
    ASSERT_TRUE(makers.count(kind)) << "no row for change kind " << kind;
  }
  for (auto& [id, p] : people_) {
    if (!p.invited || id == "low") continue;
    p.ws->join(meeting_);
  }
  for (const auto& [kind, make] : makers) {
    const auto allowed = allowed_roles(kind);
    // Refused first: a refusal must change nothing, which the allowed ones then rely on.
    for (auto& [id, p] : people_) {
      if (allowed.count(id)) continue;
      const auto before = state();
      auto r = p.ws->command(meeting_, make(before, p));
      ASSERT_TRUE(r.has_error()) << kind << " by " << id << ": " << r.DebugString();
      const auto expected = !p.invited || id == "low" ? v1::ERROR_NOT_JOINED : v1::ERROR_FORBIDDEN;
      EXPECT_EQ(r.error().code(), expected) << kind << " by " << id << ": " << r.DebugString();
      EXPECT_EQ(state().version(), before.version()) << kind << " by " << id;
    }
    if (lifecycle_kind(kind)) continue;              // allowed: lifecycle_test.cpp
    if (kind == "remove_material") continue;         // allowed: material_test.cpp
    if (kind == "set_material_view_only") continue;  // allowed: material_view_test.cpp
    if (kind == "jiyao_action") continue;  // allowed (after the end): jiyao_workflow_test.cpp
    for (const auto& id : allowed) {
      auto& p = people_[id];
      auto r = p.ws->command(meeting_, make(state(), p));
      EXPECT_TRUE(r.has_ack()) << kind << " by " << id << ": " << r.DebugString();
    }
    if (state().archived()) {  // archive toggled an odd number of times: open it again
      v1::Change open;
      open.mutable_archive()->set_archived(false);
      ASSERT_TRUE(people_["conv"].ws->command(meeting_, open).has_ack());
    }
  }
  // Nothing of the secret item ever reached the readers below its level, whatever changed.
  for (const auto* id : {"sec2", "part", "obs"}) {
    for (const auto& frame : people_[id].ws->drain()) {
      EXPECT_EQ(frame.find("SENTINEL"), std::string::npos) << id << " got " << frame;
      EXPECT_EQ(frame.find("\"" + secret_item_ + "\""), std::string::npos)
          << id << " got " << frame;
    }
  }
}

TEST_F(AccessTest, EveryRequestTypeHasARowAndEveryRoleGetsItsAnswer) {
  // request type -> (person -> the reply's kind: "ok" or an error code name)
  using expectation = std::function<std::string(const person&)>;
  auto member = [](const person& p) { return p.invited && p.id != "low"; };
  std::map<std::string, std::pair<std::function<v1::Envelope(const person&)>, expectation>> rows;
  auto simple = [](auto fill) {
    return [fill](const person&) {
      v1::Envelope e;
      fill(e);
      return e;
    };
  };
  rows["hello"] = {simple([](v1::Envelope& e) { e.mutable_hello()->set_client_id("x"); }),
                   [](const person&) { return std::string("welcome"); }};
  rows["ping"] = {simple([](v1::Envelope& e) { e.mutable_ping(); }),
                  [](const person&) { return std::string("pong"); }};
  rows["list_meetings"] = {simple([](v1::Envelope& e) { e.mutable_list_meetings(); }),
                           [](const person&) { return std::string("meeting_list"); }};
  rows["create_meeting"] = {
      simple([](v1::Envelope& e) {
        e.mutable_create_meeting()->mutable_info()->set_title("机密会议");
        e.mutable_create_meeting()->mutable_info()->set_level(v1::LEVEL_SECRET);
      }),
      [](const person& p) {
        return p.clearance == "secret" ? std::string("created") : std::string("ERROR_FORBIDDEN");
      }};
  rows["join"] = {[this](const person&) {
                    v1::Envelope e;
                    e.mutable_join()->set_meeting_id(meeting_);
                    return e;
                  },
                  [member](const person& p) {
                    return member(p) ? std::string("joined") : std::string("ERROR_FORBIDDEN");
                  }};
  rows["history"] = {[this](const person&) {
                       v1::Envelope e;
                       e.mutable_history()->set_meeting_id(meeting_);
                       return e;
                     },
                     [member](const person& p) {
                       return member(p) ? std::string("history_page")
                                        : std::string("ERROR_NOT_JOINED");
                     }};
  rows["presence"] = {[this](const person&) {
                        v1::Envelope e;
                        e.mutable_presence()->set_meeting_id(meeting_);
                        e.mutable_presence()->set_item_id(internal_item_);
                        return e;
                      },
                      // No reply on success: a joined sender hears nothing back.
                      [member](const person& p) {
                        return member(p) ? std::string("none") : std::string("ERROR_NOT_JOINED");
                      }};
  rows["command"] = {[this](const person& p) {
                       v1::Envelope e;
                       e.mutable_command()->set_meeting_id(meeting_);
                       e.mutable_command()->set_client_id("row-" + p.id);
                       e.mutable_command()->set_client_seq(1);
                       *e.mutable_command()->mutable_change() = add_item_change("行");
                       return e;
                     },
                     [member](const person& p) {
                       if (!member(p)) return std::string("ERROR_NOT_JOINED");
                       return p.role == v1::ROLE_SECRETARY || p.role == v1::ROLE_CONVENER
                                  ? std::string("ack")
                                  : std::string("ERROR_FORBIDDEN");
                     }};
  rows["leave"] = {[this](const person&) {
                     v1::Envelope e;
                     e.mutable_leave()->set_meeting_id(meeting_);
                     return e;
                   },
                   [member](const person& p) {
                     return member(p) ? std::string("ack") : std::string("ERROR_NOT_JOINED");
                   }};
  // Every request a client can send (Envelope fields 10..29) must have a row.
  const auto* body = v1::Envelope::descriptor()->FindOneofByName("body");
  for (int i = 0; i < body->field_count(); ++i) {
    const auto* f = body->field(i);
    if (f->number() >= 10 && f->number() < 30) {
      ASSERT_TRUE(rows.count(f->name())) << "no row for request type " << f->name();
    }
  }
  // In protocol order: join before the requests that need it, leave last.
  for (const auto* type : {"hello", "ping", "list_meetings", "create_meeting", "join", "history",
                           "presence", "command", "leave"}) {
    for (auto& [id, p] : people_) {
      const auto& [make, expect] = rows.at(type);
      const auto want = expect(p);
      auto req = make(p);
      if (want == "none") {
        p.ws->send(req);
        EXPECT_FALSE(p.ws->wait_for([](const v1::Envelope& e) { return e.has_error(); },
                                    std::chrono::milliseconds(200)))
            << type << " by " << id;
        continue;
      }
      const auto reply = p.ws->call(req);
      std::string got;
      if (reply.has_error()) {
        got = v1::ErrorCode_Name(reply.error().code());
      } else {
        const auto* field = reply.GetReflection()->GetOneofFieldDescriptor(reply, body);
        got = field ? field->name() : "nothing";
      }
      EXPECT_EQ(got, want) << type << " by " << id << ": " << reply.DebugString();
      if (std::string(type) == "join" && reply.has_joined()) {
        // The snapshot holds exactly the items the person is cleared for.
        bool has_secret = false;
        for (const auto& it : reply.joined().snapshot().agenda()) {
          has_secret |= it.id() == secret_item_;
        }
        EXPECT_EQ(has_secret, p.clearance == "secret") << id;
        EXPECT_EQ(reply.joined().my_role(), p.role) << id;
      }
      if (std::string(type) == "list_meetings") {
        bool listed = false;
        for (const auto& m : reply.meeting_list().meetings()) listed |= m.id() == meeting_;
        EXPECT_EQ(listed, member(p)) << id;
      }
      if (std::string(type) == "history" && reply.has_history_page()) {
        // The audit history shows the secret item's events only to those cleared for it;
        // the others get version-only entries in their place.
        int with_secret = 0;
        for (const auto& e : reply.history_page().events()) {
          with_secret += e.DebugString().find("SENTINEL") != std::string::npos;
        }
        if (p.clearance == "secret") {
          EXPECT_GE(with_secret, 2) << id;  // the item's creation and its minutes
        } else {
          EXPECT_EQ(with_secret, 0) << id;
        }
        EXPECT_EQ(reply.history_page().events(0).version(), 1u) << id;
      }
    }
  }
}

TEST_F(AccessTest, LevelChangesTakeEffectAtOnceForConnectedReaders) {
  auto& part = *people_["part"].ws;
  part.join(meeting_);
  part.drain();
  auto& conv = *people_["conv"].ws;
  // Lowered into the participant's clearance: the item arrives whole, with its minutes.
  auto s = state();
  v1::AgendaItem item;
  for (const auto& it : s.agenda()) {
    if (it.id() == secret_item_) item = it;
  }
  item.set_level(v1::LEVEL_INTERNAL);
  item.clear_minutes();
  v1::Change lower;
  *lower.mutable_edit_item()->mutable_item() = item;
  auto r = conv.command(meeting_, lower);
  ASSERT_TRUE(r.has_ack()) << r.DebugString();
  auto e = part.event(meeting_, r.ack().version());
  ASSERT_TRUE(e);
  ASSERT_TRUE(e->change().has_add_item()) << e->DebugString();
  EXPECT_EQ(e->change().add_item().item().minutes(), secret_text);
  EXPECT_EQ(e->change().add_item().position(), 2);  // after the public and internal items
  // Raised again: it is taken away, and later edits arrive as version-only events.
  item.set_level(v1::LEVEL_SECRET);
  v1::Change raise;
  *raise.mutable_edit_item()->mutable_item() = item;
  r = conv.command(meeting_, raise);
  ASSERT_TRUE(r.has_ack());
  e = part.event(meeting_, r.ack().version());
  ASSERT_TRUE(e);
  ASSERT_TRUE(e->change().has_remove_item());
  EXPECT_EQ(e->change().remove_item().item_id(), secret_item_);
  minutes(secret_item_, "又一段SENTINEL");
  e = part.event(meeting_, state().version());
  ASSERT_TRUE(e);
  EXPECT_EQ(e->change().kind_case(), v1::Change::KIND_NOT_SET);
  EXPECT_TRUE(e->client_name().empty());
  // The meeting raised above the participant: told to resync, and the join is refused.
  auto info = state().info();
  info.set_level(v1::LEVEL_SECRET);
  v1::Change up;
  *up.mutable_update_info()->mutable_info() = info;
  ASSERT_TRUE(conv.command(meeting_, up).has_ack());
  auto resync = part.wait_for([](const v1::Envelope& env) { return env.has_resync(); });
  ASSERT_TRUE(resync);
  EXPECT_EQ(resync->resync().reason(), "access changed");
  v1::Envelope join;
  join.mutable_join()->set_meeting_id(meeting_);
  auto refused = part.call(join);
  ASSERT_TRUE(refused.has_error());
  EXPECT_EQ(refused.error().code(), v1::ERROR_FORBIDDEN);
}

TEST_F(AccessTest, NobodySetsALevelAboveTheirClearanceOrTouchesWhatTheyCannotSee) {
  auto& sec2 = *people_["sec2"].ws;  // a secretary cleared for internal only
  sec2.join(meeting_);
  auto c = add_item_change("想设为机密");
  c.mutable_add_item()->mutable_item()->set_level(v1::LEVEL_SECRET);
  auto r = sec2.command(meeting_, c);
  ASSERT_TRUE(r.has_error());
  EXPECT_EQ(r.error().code(), v1::ERROR_FORBIDDEN);
  EXPECT_EQ(r.error().field(), "item.level");
  // The secret item answers exactly like one that does not exist.
  v1::Change rm;
  rm.mutable_remove_item()->set_item_id(secret_item_);
  auto hidden = sec2.command(meeting_, rm);
  rm.mutable_remove_item()->set_item_id("i999");
  auto missing = sec2.command(meeting_, rm);
  ASSERT_TRUE(hidden.has_error() && missing.has_error());
  EXPECT_EQ(hidden.error().code(), v1::ERROR_NOT_FOUND);
  EXPECT_EQ(hidden.error().message(),
            std::string(missing.error().message())
                .replace(missing.error().message().find("i999"), 4, secret_item_));
}

}  // namespace
}  // namespace huiwu::test
