// Who may read a decision is one rule (access_rules.hpp, may_read_decision), and every place
// that decides it must agree with it: the follow-up board (from the stored record and the
// meeting's summary), the action route (check_change, before a change is decided: a hidden
// decision is refused exactly like a missing one) and the meeting view (redact, for those
// the join lets in). A table of readers × meetings × decisions, each case checked through
// all of them against the rule spelled out here once more.
#include <gtest/gtest.h>

#include <tuple>

#include "domain/access_rules.hpp"
#include "domain/decision_logic.hpp"
#include "domain/meeting_logic.hpp"

namespace huiwu::domain {
namespace {

struct reader {
  std::string account;
  bool invited;  // creator or linked attendee
  bool named;    // lead, co-operator or supervisor of the decision
};

// The meeting: created by "sec"; "chair" and "part" are linked attendees; decision d1 is on
// item i1, d2 on an item that was removed. "lead", "co" and "sup" are named on both and
// invited to nothing; "out" is neither.
v1::Meeting meeting(v1::Level meeting_level, v1::Level item_level) {
  v1::Meeting m;
  m.set_id("m1");
  m.set_created_by("sec");
  m.mutable_info()->set_title("常务会议");
  m.mutable_info()->set_level(meeting_level);
  auto* item = m.add_agenda();
  item->set_id("i1");
  item->set_title("防汛");
  item->set_level(item_level);
  for (const auto& [id, account, role] :
       {std::tuple{"p1", "chair", v1::ROLE_CHAIR}, {"p2", "part", v1::ROLE_PARTICIPANT}}) {
    auto* a = m.add_attendees();
    a->set_id(id);
    a->set_account_id(account);
    a->set_role(role);
  }
  for (const auto& [id, item_id] : {std::pair{"d1", "i1"}, {"d2", "i9"}}) {
    auto* d = m.add_decisions();
    d->set_id(id);
    d->set_item_id(item_id);
    d->set_state("assigned");
    d->set_lead_account("lead");
    d->add_co_accounts("co");
    d->set_supervisor_account("sup");
  }
  m.set_version(9);
  return m;
}

v1::Change report(const std::string& decision, const std::string& actor) {
  v1::Change c;
  auto* a = c.mutable_decision_action();
  a->set_decision_id(decision);
  a->set_action("report_progress");
  a->set_role("lead");
  a->set_actor(actor);
  a->set_text("进展");
  return c;
}

bool shown_in_view(const v1::Meeting& m, const viewer& v, const std::string& decision) {
  const auto view = redact(m, v);
  for (const auto& d : view.decisions()) {
    if (d.id() == decision) return true;
  }
  return false;
}

TEST(DecisionReader, TheBoardTheActionRouteAndTheMeetingViewAgreeWithTheOneRule) {
  const std::vector<reader> readers = {
      {"sec", true, false}, {"chair", true, false}, {"part", true, false}, {"lead", false, true},
      {"co", false, true},  {"sup", false, true},   {"out", false, false}, {"", false, false}};
  const std::vector<v1::Level> levels = {v1::LEVEL_PUBLIC, v1::LEVEL_INTERNAL, v1::LEVEL_SECRET};
  int readable_cases = 0, hidden_cases = 0;
  for (const auto meeting_level : levels) {
    for (const auto item_level : levels) {
      const auto m = meeting(meeting_level, item_level);
      const auto summary = summarize(m);
      const auto records = decision_records(m);
      ASSERT_EQ(records.size(), 2u);
      for (const auto& r : readers) {
        for (const auto clearance : levels) {
          const viewer v{r.account, clearance};
          for (const auto& record : records) {
            const auto& id = record.decision().id();
            const auto item = id == "d1" ? item_level : v1::LEVEL_SECRET;  // d2's item is gone
            const bool expected = !r.account.empty() && (r.invited || r.named) &&
                                  clearance >= meeting_level && clearance >= item;
            const std::string where =
                "reader '" + r.account + "' cleared " + v1::Level_Name(clearance) + ", meeting " +
                v1::Level_Name(meeting_level) + ", item " + v1::Level_Name(item) + ", " + id;
            const auto* d = &m.decisions(id == "d1" ? 0 : 1);
            // The rule, from the meeting and from the board's record and summary.
            EXPECT_EQ(may_read_decision(audience_of(m, *d, r.account), v), expected) << where;
            EXPECT_EQ(may_read_decision(audience_of(record, &summary, r.account), v), expected)
                << where;
            // The action route: a hidden decision gets exactly a missing one's refusal.
            const auto acted = check_change(m, v, report(id, r.account));
            const auto missing = check_change(m, v, report("d99", r.account));
            if (!r.account.empty()) {
              ASSERT_TRUE(missing) << where;
              EXPECT_EQ(missing->code, v1::ERROR_NOT_FOUND) << where;
            }
            if (expected) {
              EXPECT_TRUE(!acted || acted->code != v1::ERROR_NOT_FOUND) << where;
            } else if (!r.account.empty()) {
              ASSERT_TRUE(acted) << where;
              EXPECT_EQ(std::tie(acted->code, acted->message, acted->field),
                        std::tie(missing->code, missing->message, missing->field))
                  << where;
            }
            // The meeting view: those the join lets in see exactly the decisions they may read.
            if (!check_join(m, v)) {
              EXPECT_EQ(shown_in_view(m, v, id), expected) << where;
            } else {
              EXPECT_FALSE(expected && r.invited) << where;  // invited readers can join
            }
            (expected ? readable_cases : hidden_cases)++;
          }
        }
      }
    }
  }
  // The table has both kinds of case in number, not a degenerate one.
  EXPECT_GT(readable_cases, 40);
  EXPECT_GT(hidden_cases, 100);
}

// Without the meeting's summary (unknown to the board), only the people named may read.
TEST(DecisionReader, WithoutASummaryOnlyThoseNamedMayRead) {
  const auto m = meeting(v1::LEVEL_PUBLIC, v1::LEVEL_PUBLIC);
  const auto records = decision_records(m);
  const viewer lead{"lead", v1::LEVEL_SECRET}, sec{"sec", v1::LEVEL_SECRET};
  EXPECT_TRUE(may_read_decision(audience_of(records[0], nullptr, "lead"), lead));
  EXPECT_FALSE(may_read_decision(audience_of(records[0], nullptr, "sec"), sec));
}

}  // namespace
}  // namespace huiwu::domain
