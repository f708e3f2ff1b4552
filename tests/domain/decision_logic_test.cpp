// Decisions (决定事项) in the meeting aggregate: every change kind's refusals with a clear
// code and nothing changed, the workflow through domain::decide/apply, reminders, and who
// may do and see what.
#include <gtest/gtest.h>

#include <tuple>

#include "domain/access_rules.hpp"
#include "domain/decision_logic.hpp"
#include "domain/meeting_logic.hpp"

namespace huiwu::domain {
namespace {

// 2026-03-10 12:00 in Asia/Shanghai (04:00 UTC).
constexpr std::int64_t now = 1'773'115'200'000;
constexpr std::int64_t day = 24LL * 3600 * 1000;

class DecisionLogicTest : public ::testing::Test {
 protected:
  DecisionLogicTest() {
    m_.set_id("m1");
    m_.set_created_by("sec");
    auto* item = m_.add_agenda();
    item->set_id("i1");
    item->set_title("防汛");
    item->set_level(v1::LEVEL_INTERNAL);
    item->set_minutes("会议决定：月底前完成排水管网改造方案。");
    auto* chair = m_.add_attendees();
    chair->set_id("p2");
    chair->set_account_id("boss");
    chair->set_role(v1::ROLE_CHAIR);
    m_.set_next_id(2);
    m_.set_version(5);
  }

  v1::Change create(const std::string& deadline = "2026-03-31") {
    v1::Change c;
    auto* cd = c.mutable_create_decision();
    cd->set_actor("sec");
    cd->set_role("supervisor");
    auto* d = cd->mutable_decision();
    d->set_text("完成排水管网改造方案");
    d->set_item_id("i1");
    d->set_lead_unit("住建局");
    d->set_lead_account("lead");
    d->add_co_units("水务局");
    d->add_co_accounts("co");
    d->set_supervisor_account("sup");
    d->set_deadline(deadline);
    d->set_due_soon_days(3);
    return c;
  }

  v1::Change action(const std::string& kind, const std::string& role, const std::string& actor,
                    const std::string& text = {}, const std::string& date = {}) {
    v1::Change c;
    auto* a = c.mutable_decision_action();
    a->set_decision_id("d3");
    a->set_action(kind);
    a->set_role(role);
    a->set_actor(actor);
    a->set_text(text);
    a->set_date(date);
    return c;
  }

  // Decides and applies; returns the rejection, if any. A refused change leaves the meeting
  // exactly as it was.
  maybe_rejection run(const v1::Change& in, std::int64_t at = now) {
    const auto before = m_.SerializeAsString();
    v1::Change out;
    auto r = decide(m_, in, at, out);
    if (r) {
      EXPECT_EQ(m_.SerializeAsString(), before);
      return r;
    }
    v1::Event e;
    e.set_version(m_.version() + 1);
    *e.mutable_change() = out;
    apply(m_, e);
    return r;
  }

  static v1::Change add_item_for_test() {
    v1::Change c;
    c.mutable_add_item()->mutable_item()->set_title("另一议题");
    return c;
  }

  v1::Meeting m_;
};

TEST_F(DecisionLogicTest, CreateRefusalsHaveClearCodes) {
  struct bad {
    std::function<void(v1::Change&)> edit;
    v1::ErrorCode code;
    std::string field;
  };
  const std::vector<bad> cases{
      {[](v1::Change& c) {
         c.mutable_create_decision()->mutable_decision()->set_deadline("2026-03-09");
       },
       v1::ERROR_INVALID_FIELD, "decision.deadline"},  // yesterday in Shanghai
      {[](v1::Change& c) {
         c.mutable_create_decision()->mutable_decision()->set_deadline("31/03/2026");
       },
       v1::ERROR_INVALID_FIELD, "decision.deadline"},
      {[](v1::Change& c) { c.mutable_create_decision()->mutable_decision()->set_item_id("i9"); },
       v1::ERROR_NOT_FOUND, "item_id"},
      {[](v1::Change& c) { c.mutable_create_decision()->mutable_decision()->set_text(""); },
       v1::ERROR_INVALID_FIELD, "decision.text"},
      {[](v1::Change& c) {
         c.mutable_create_decision()->mutable_decision()->set_lead_account("No Such");
       },
       v1::ERROR_INVALID_FIELD, "decision.lead_account"},
      {[](v1::Change& c) { c.mutable_create_decision()->mutable_decision()->set_lead_unit(""); },
       v1::ERROR_INVALID_FIELD, "decision.lead_unit"},
      {[](v1::Change& c) {
         c.mutable_create_decision()->mutable_decision()->set_supervisor_account("co");
       },
       v1::ERROR_INVALID_FIELD, "decision.supervisor_account"},
      {[](v1::Change& c) { c.mutable_create_decision()->mutable_decision()->set_priority(7); },
       v1::ERROR_INVALID_FIELD, "decision.priority"},
      {[](v1::Change& c) {
         c.mutable_create_decision()->mutable_decision()->set_time_zone("../etc");
       },
       v1::ERROR_INVALID_FIELD, "decision.time_zone"},
      {[](v1::Change& c) { c.mutable_create_decision()->set_role("lead"); }, v1::ERROR_FORBIDDEN,
       "role"},
      {[](v1::Change& c) {
         (*c.mutable_create_decision()->mutable_clearances())["lead"] = v1::LEVEL_PUBLIC;
       },
       v1::ERROR_INVALID_FIELD, "lead_account"},  // could not read its own decision
      {[](v1::Change& c) {
         auto* s = c.mutable_create_decision()->mutable_decision()->mutable_source();
         s->set_quote("不在纪要里");
         s->set_start(0);
         s->set_end(5);
       },
       v1::ERROR_INVALID_FIELD, "decision.source.quote"},
  };
  for (const auto& b : cases) {
    auto c = create();
    b.edit(c);
    auto r = run(c);
    ASSERT_TRUE(r) << b.field;
    EXPECT_EQ(r->code, b.code) << b.field << ": " << r->message;
    EXPECT_EQ(r->field, b.field) << r->message;
  }
  EXPECT_EQ(m_.decisions_size(), 0);
}

TEST_F(DecisionLogicTest, TodayIsStillAllowedAndTheIdComesFromTheCounter) {
  auto c = create("2026-03-10");
  auto* s = c.mutable_create_decision()->mutable_decision()->mutable_source();
  s->set_quote("月底前完成排水管网改造方案");
  s->set_start(5);
  s->set_end(18);
  s->set_version(5);
  ASSERT_FALSE(run(c));
  ASSERT_EQ(m_.decisions_size(), 1);
  const auto& d = m_.decisions(0);
  EXPECT_EQ(d.id(), "d3");
  EXPECT_EQ(d.state(), "opened");
  EXPECT_EQ(d.time_zone(), "Asia/Shanghai");
  EXPECT_EQ(d.history_size(), 1);
  EXPECT_EQ(d.history(0).action(), "open");
  EXPECT_EQ(m_.next_id(), 3u);
}

TEST_F(DecisionLogicTest, WorkflowThroughTheMeetingAndItsRefusals) {
  ASSERT_FALSE(run(create()));
  EXPECT_EQ(run(action("accept", "lead", "lead"))->code, v1::ERROR_CONFLICT);  // not assigned
  EXPECT_EQ(run(action("assign", "lead", "lead"))->code, v1::ERROR_FORBIDDEN);
  EXPECT_EQ(run(action("fly", "lead", "lead"))->code, v1::ERROR_INVALID_FIELD);
  EXPECT_EQ(run(action("assign", "boss", "sup"))->code, v1::ERROR_INVALID_FIELD);  // role
  ASSERT_FALSE(run(action("assign", "supervisor", "sup")));
  ASSERT_FALSE(run(action("accept", "lead", "lead")));
  EXPECT_EQ(run(action("report_progress", "lead", "lead", "  "))->code, v1::ERROR_INVALID_FIELD);
  ASSERT_FALSE(run(action("report_progress", "co_operator", "co", "已对接")));
  EXPECT_EQ(run(action("request_extension", "lead", "lead", "资金", "2026-03-20"))->code,
            v1::ERROR_INVALID_FIELD);  // not after the deadline
  ASSERT_FALSE(run(action("request_extension", "lead", "lead", "资金", "2026-04-30")));
  ASSERT_FALSE(run(action("approve_extension", "supervisor", "sup")));
  EXPECT_EQ(m_.decisions(0).deadline(), "2026-04-30");
  ASSERT_FALSE(run(action("report_completion", "lead", "lead", "已印发")));
  ASSERT_FALSE(run(action("close", "supervisor", "sup", "已核实")));
  for (const auto& [kind, role, who] : {std::tuple{"report_progress", "lead", "lead"},
                                        {"send_back", "supervisor", "sup"},
                                        {"cancel", "chair", "boss"}}) {
    auto r = run(action(kind, role, who, "再说"));
    ASSERT_TRUE(r) << kind;
    EXPECT_EQ(r->code, v1::ERROR_CONFLICT) << kind;  // closed is final
  }
  const auto& h = m_.decisions(0).history();
  ASSERT_EQ(h.size(), 8);
  for (int i = 0; i < h.size(); ++i) EXPECT_EQ(h[i].seq(), i + 1);
  EXPECT_EQ(h[5].previous_deadline(), "2026-03-31");
  EXPECT_EQ(m_.decisions(0).state(), "closed");
  EXPECT_TRUE(assess_decision(m_.decisions(0), now).closed_on_time);
}

TEST_F(DecisionLogicTest, DecisionsMoveOnInAnArchivedMeeting) {
  ASSERT_FALSE(run(create()));
  m_.set_archived(true);
  ASSERT_FALSE(run(action("assign", "supervisor", "sup")));
  EXPECT_EQ(run(add_item_for_test())->code, v1::ERROR_ARCHIVED);
}

TEST_F(DecisionLogicTest, RemindersOncePerKindAndDeadline) {
  ASSERT_FALSE(run(create()));
  const auto& d = [&]() -> const v1::Decision& { return m_.decisions(0); };
  // Deadline 03-31: yellow from 03-28 00:00 Shanghai, red from 04-01 00:00.
  const std::int64_t yellow = next_reminder_at(d());
  EXPECT_EQ(yellow, 1'774'627'200'000);  // 2026-03-27T16:00Z
  auto remind = [&](const std::string& kind, std::int64_t at) {
    v1::Change c;
    auto* r = c.mutable_remind_decision();
    r->set_decision_id("d3");
    r->set_kind(kind);
    r->set_deadline(d().deadline());
    return run(c, at);
  };
  EXPECT_EQ(remind("due_soon", yellow - 1)->code, v1::ERROR_CONFLICT);  // not yet
  EXPECT_EQ(reminder_kind_at(d(), yellow), "due_soon");
  ASSERT_FALSE(remind("due_soon", yellow));
  EXPECT_EQ(remind("due_soon", yellow + 1)->code, v1::ERROR_CONFLICT);  // once
  const std::int64_t red = next_reminder_at(d());
  EXPECT_EQ(red, yellow + 4 * day);
  EXPECT_EQ(remind("overdue", red - 1)->code, v1::ERROR_CONFLICT);
  ASSERT_FALSE(remind("overdue", red));
  EXPECT_EQ(next_reminder_at(d()), 0);
  EXPECT_EQ(remind("overdue", red + day)->code, v1::ERROR_CONFLICT);
  EXPECT_EQ(d().reminders_size(), 2);
}

// 退回交办: the supervisor is reminded to assign again on the day the return names (default
// two days after it), once per return, before the deadline's own reminders; a new return
// after the next assign gets its own reminder.
TEST_F(DecisionLogicTest, AReturnRemindsTheSupervisorToAssignAgain) {
  ASSERT_FALSE(run(create()));
  const auto& d = [&]() -> const v1::Decision& { return m_.decisions(0); };
  auto remind = [&](const std::string& kind, std::int64_t at) {
    v1::Change c;
    auto* r = c.mutable_remind_decision();
    r->set_decision_id("d3");
    r->set_kind(kind);
    r->set_deadline(d().deadline());
    return run(c, at);
  };
  const std::int64_t yellow = next_reminder_at(d());
  ASSERT_FALSE(run(action("assign", "supervisor", "sup")));
  EXPECT_FALSE(reassign_pending(d()));
  // A day out of range is refused at the date field (on the wire, as every date of an
  // action: decision.deadline), and changes nothing.
  EXPECT_EQ(run(action("return_assignment", "lead", "lead", "非本单位职责", "2020-01-01"))->field,
            "decision.deadline");
  ASSERT_FALSE(run(action("return_assignment", "lead", "lead", "非本单位职责")));
  const auto p = reassign_pending(d());
  ASSERT_TRUE(p);
  // now is 2026-03-10 12:00 Shanghai: to assign again by 03-12, reminded from its start.
  EXPECT_EQ(p->by, "2026-03-12");
  EXPECT_EQ(d().history(d().history_size() - 1).deadline(), "2026-03-12");
  EXPECT_EQ(p->remind_at_ms, 1'773'244'800'000);      // 2026-03-11T16:00Z
  EXPECT_EQ(next_reminder_at(d()), p->remind_at_ms);  // earlier than the yellow light
  EXPECT_LT(p->remind_at_ms, yellow);
  EXPECT_EQ(reminder_kind_at(d(), p->remind_at_ms - 1), "due_soon");
  EXPECT_EQ(remind("reassign", p->remind_at_ms - 1)->code, v1::ERROR_CONFLICT);  // not yet
  EXPECT_EQ(reminder_kind_at(d(), p->remind_at_ms), "reassign");
  ASSERT_FALSE(remind("reassign", p->remind_at_ms));
  EXPECT_EQ(d().reminders(0).kind(), "reassign");
  EXPECT_EQ(d().reminders(0).deadline(), "2026-03-12");
  EXPECT_EQ(remind("reassign", p->remind_at_ms + 1)->code, v1::ERROR_CONFLICT);  // once
  EXPECT_EQ(next_reminder_at(d()), yellow);  // then the deadline's own
  // Assigned again: nothing waits; returned again (a later day asked for): a new reminder.
  ASSERT_FALSE(run(action("assign", "supervisor", "sup"), now + day));
  EXPECT_FALSE(reassign_pending(d()));
  EXPECT_EQ(remind("reassign", p->remind_at_ms + day)->code, v1::ERROR_CONFLICT);
  ASSERT_FALSE(
      run(action("return_assignment", "lead", "lead", "仍非本单位职责", "2026-03-20"), now + day));
  const auto again = reassign_pending(d());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->by, "2026-03-20");
  EXPECT_FALSE(again->reminded);
  EXPECT_EQ(again->remind_at_ms, p->remind_at_ms + 8 * day);  // 03-20 00:00, before the yellow
  EXPECT_EQ(next_reminder_at(d()), again->remind_at_ms);
}

TEST_F(DecisionLogicTest, WhoMayActAndWhoSeesIt) {
  ASSERT_FALSE(run(create()));
  const viewer lead{"lead", v1::LEVEL_INTERNAL}, low{"co", v1::LEVEL_PUBLIC},
      stranger{"x", v1::LEVEL_SECRET}, boss{"boss", v1::LEVEL_SECRET}, server{"", v1::LEVEL_PUBLIC};
  auto accept = action("accept", "lead", "lead");
  EXPECT_FALSE(check_change(m_, lead, accept));  // named, not invited: may act
  auto forged = action("accept", "lead", "co");
  EXPECT_EQ(check_change(m_, lead, forged)->code, v1::ERROR_FORBIDDEN);  // actor is not them
  EXPECT_EQ(check_change(m_, low, action("report_progress", "co_operator", "co", "x"))->code,
            v1::ERROR_NOT_FOUND);  // the item is above its clearance: as if it did not exist
  // Neither invited nor named, though cleared for everything: the decision is not theirs
  // to read, so it is answered exactly like a missing one (ids cannot be probed).
  const auto hidden = check_change(m_, stranger, action("close", "supervisor", "x"));
  auto missing_action = action("close", "supervisor", "x");
  missing_action.mutable_decision_action()->set_decision_id("d99");
  const auto missing = check_change(m_, stranger, missing_action);
  ASSERT_TRUE(hidden && missing);
  EXPECT_EQ(hidden->code, v1::ERROR_NOT_FOUND);
  EXPECT_EQ(std::tie(hidden->code, hidden->message, hidden->field),
            std::tie(missing->code, missing->message, missing->field));
  // Someone who may read it learns that the role is not theirs.
  EXPECT_EQ(check_change(m_, lead, action("close", "supervisor", "lead"))->code,
            v1::ERROR_FORBIDDEN);
  EXPECT_FALSE(check_change(m_, boss, action("cancel", "chair", "boss", "撤销")));
  auto create_as_chair = create();
  create_as_chair.mutable_create_decision()->set_actor("boss");
  create_as_chair.mutable_create_decision()->set_role("chair");
  EXPECT_FALSE(check_change(m_, boss, create_as_chair));
  EXPECT_EQ(check_change(m_, lead, create())->code, v1::ERROR_FORBIDDEN);
  v1::Change reminder;
  reminder.mutable_remind_decision()->set_decision_id("d3");
  EXPECT_FALSE(check_change(m_, server, reminder));
  EXPECT_EQ(check_change(m_, boss, reminder)->code, v1::ERROR_FORBIDDEN);

  EXPECT_EQ(redact(m_, {"sec", v1::LEVEL_INTERNAL}).decisions_size(), 1);
  EXPECT_EQ(redact(m_, {"sec", v1::LEVEL_PUBLIC}).decisions_size(), 0);
  v1::Event e;
  e.set_version(7);
  *e.mutable_change() = accept;
  e.mutable_change()->mutable_decision_action()->mutable_decision()->set_item_id("i1");
  const auto a = access_of(m_);
  EXPECT_EQ(redact_event(e, a, m_, {"sec", v1::LEVEL_PUBLIC}).how, delivery::version_only);
  EXPECT_EQ(redact_event(e, a, m_, {"sec", v1::LEVEL_SECRET}).how, delivery::as_is);
  EXPECT_FALSE(history_visible(e, m_, {"sec", v1::LEVEL_PUBLIC}));
  EXPECT_TRUE(history_visible(e, m_, {"sec", v1::LEVEL_INTERNAL}));
}

// 退回交办 and the assign that hands the decision to another lead: the new lead must be
// cleared for the item and not the supervisor; the history line names them. A command's
// decision never chooses the item the access check applies (the stored one counts).
TEST_F(DecisionLogicTest, ReturnedThenAssignedToAnotherLead) {
  ASSERT_FALSE(run(create()));
  ASSERT_FALSE(run(action("assign", "supervisor", "sup")));
  EXPECT_EQ(run(action("return_assignment", "lead", "lead"))->code, v1::ERROR_INVALID_FIELD);
  ASSERT_FALSE(run(action("return_assignment", "lead", "lead", "非本单位职责")));
  EXPECT_EQ(m_.decisions(0).state(), "opened");
  const auto to = [&](const std::string& who, v1::Level clearance) {
    auto c = action("assign", "supervisor", "sup", "改由水务局牵头");
    auto* n = c.mutable_decision_action()->mutable_decision();
    n->set_lead_account(who);
    n->set_lead_unit("水务局");
    n->set_lead_name("新牵头人");
    n->set_lead_clearance(clearance);
    return c;
  };
  const auto low = run(to("water", v1::LEVEL_PUBLIC));  // the item is internal
  ASSERT_TRUE(low);
  EXPECT_EQ(low->field, "lead_account");
  EXPECT_EQ(run(to("sup", v1::LEVEL_SECRET))->field, "lead_account");
  auto on_cancel = action("cancel", "supervisor", "sup", "撤销");
  on_cancel.mutable_decision_action()->mutable_decision()->set_lead_account("water");
  EXPECT_EQ(run(on_cancel)->field, "lead_account");  // only an assign names a lead
  ASSERT_FALSE(run(to("water", v1::LEVEL_INTERNAL)));
  const auto& d = m_.decisions(0);
  EXPECT_EQ(d.state(), "assigned");
  EXPECT_EQ(d.lead_account(), "water");
  EXPECT_EQ(d.lead_unit(), "水务局");
  EXPECT_EQ(d.lead_clearance(), v1::LEVEL_PUBLIC);  // command only: never stored
  const auto& e = d.history(d.history_size() - 1);
  EXPECT_EQ(e.action(), "assign");
  EXPECT_EQ(e.lead_account(), "water");
  EXPECT_EQ(d.history(d.history_size() - 2).action(), "return_assignment");

  // A public item, and a command that names it: the check still applies the stored item's
  // level (internal), so a public-only co-operator is answered as for a missing decision.
  ASSERT_FALSE(run(add_item_for_test()));
  auto forged = action("report_progress", "co_operator", "co", "x");
  forged.mutable_decision_action()->mutable_decision()->set_item_id(m_.agenda(1).id());
  EXPECT_EQ(check_change(m_, {"co", v1::LEVEL_PUBLIC}, forged)->code, v1::ERROR_NOT_FOUND);
}

TEST_F(DecisionLogicTest, RecordsFollowTheMeetingHeaderAndItems) {
  EXPECT_FALSE(changes_decision_records(m_, add_item_for_test()));
  ASSERT_FALSE(run(create()));
  v1::Change info;
  info.mutable_update_info()->mutable_info()->set_title("新标题");
  EXPECT_TRUE(changes_decision_records(m_, info));
  const auto records = decision_records(m_);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].item_level(), v1::LEVEL_INTERNAL);
  EXPECT_EQ(records[0].decision().id(), "d3");
}

}  // namespace
}  // namespace huiwu::domain
