// The 纪要 workflow (docs/protocol.md §6.6, decision 0025): the draft made from an ended
// meeting, its sections edited by the record's engine, the steps each role may take in each
// state, comments anchored to passages, frozen versions, corrections, and each reader's cut.
#include "domain/jiyao_logic.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "domain/access_rules.hpp"
#include "domain/meeting_logic.hpp"
#include "test_time.hpp"

namespace huiwu::domain {
namespace {

using test_support::t0;

v1::Meeting ended_meeting() {
  v1::MeetingInfo info;
  info.set_title("局长办公会议");
  info.set_place("三楼会议室");
  info.set_starts_at_ms(t0);
  auto m = new_meeting("m1", info, t0);
  m.set_created_by("boss");  // the convener
  m.mutable_lifecycle()->set_phase(v1::PHASE_ENDED);
  for (auto [id, title, level, minutes] :
       {std::tuple{"i1", "审议《办公用房管理办法》", v1::LEVEL_PUBLIC,
                   "会议认为，办法总体可行。\n"},
        {"i2", "研究人事安排", v1::LEVEL_SECRET, "会议同意人事方案。\n"},
        {"i3", "听取预算执行情况汇报", v1::LEVEL_PUBLIC, "会议要求各单位压缩支出。\n"}}) {
    auto* it = m.add_agenda();
    it->set_id(id);
    it->set_title(title);
    it->set_level(level);
    it->set_minutes(minutes);
    it->set_status(v1::ITEM_DONE);
  }
  for (auto [id, name, account, role] : {std::tuple{"p1", "王秘书", "sec", v1::ROLE_SECRETARY},
                                         {"p2", "李主任", "chair", v1::ROLE_CHAIR},
                                         {"p3", "张科长", "part", v1::ROLE_PARTICIPANT},
                                         {"p4", "赵秘书", "sec2", v1::ROLE_SECRETARY}}) {
    auto* a = m.add_attendees();
    a->set_id(id);
    a->set_name(name);
    a->set_account_id(account);
    a->set_role(role);
    a->set_attendance(v1::ATTENDANCE_PRESENT);
  }
  auto* d = m.add_decisions();
  d->set_id("d1");
  d->set_item_id("i1");
  d->set_text("办法修改后印发");
  d->set_lead_unit("机关事务局");
  d->set_deadline("2026-12-31");
  m.set_version(40);
  m.set_next_id(10);
  return m;
}

// As the room does it: the access check, then decide, then apply.
maybe_rejection run(v1::Meeting& m, const v1::Change& c, const std::string& account,
                    v1::Level clearance = v1::LEVEL_SECRET, std::int64_t now = t0 + 1000) {
  if (auto r = check_change(m, viewer{account, clearance}, c)) return r;
  v1::Event e;
  if (auto r = decide(m, c, now, *e.mutable_change(), {}, account)) return r;
  e.set_version(m.version() + 1);
  e.set_account_id(account);
  apply(m, e);
  return std::nullopt;
}

v1::Change action(v1::JiyaoStepKind step) {
  v1::Change c;
  c.mutable_jiyao_action()->set_step(step);
  if (step == v1::JIYAO_CORRECT) c.mutable_jiyao_action()->set_reason("更正第一项的表述");
  if (step == v1::JIYAO_ISSUE) {
    c.mutable_jiyao_action()->set_issue_seq(7);  // the room fills these from the counter
    c.mutable_jiyao_action()->set_issue_number("〔2026〕7号");
    c.mutable_jiyao_action()->add_recipients("part");
  }
  if (step == v1::JIYAO_RETURN) {
    auto* k = c.mutable_jiyao_action()->add_comments();
    k->set_section_id("j:i1");
    k->set_quote("总体可行");
    k->set_text("改为“基本可行”");
  }
  return c;
}

// An edit of a section's text: insert `text` at code point `at` of a text `length` long.
v1::Change edit(const std::string& section, std::uint64_t base, std::uint32_t at,
                std::uint32_t length, const std::string& text) {
  v1::Change c;
  auto* e = c.mutable_edit_minutes();
  e->set_item_id(section);
  e->set_base_version(base);
  if (at > 0) e->mutable_op()->add_ops()->set_retain(at);
  e->mutable_op()->add_ops()->set_insert(text);
  if (length > at) e->mutable_op()->add_ops()->set_retain(length - at);
  return c;
}

std::uint32_t length(const std::string& s) {
  std::uint32_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

const v1::JiyaoSection& section(const v1::Meeting& m, const std::string& id, int version = -1) {
  const auto& j = m.jiyao(version < 0 ? m.jiyao_size() - 1 : version);
  for (const auto& s : j.sections()) {
    if (s.id() == id) return s;
  }
  throw std::runtime_error("no section " + id);
}

TEST(Jiyao, IsCreatedOnlyFromAnEndedMeetingAndRefusedBeforeWithAClearError) {
  for (auto phase : {v1::PHASE_DRAFTING, v1::PHASE_NOTIFIED, v1::PHASE_IN_SESSION}) {
    auto m = ended_meeting();
    m.mutable_lifecycle()->set_phase(phase);
    const auto before = m.SerializeAsString();
    auto r = run(m, action(v1::JIYAO_CREATE), "sec");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->code, v1::ERROR_CONFLICT);
    EXPECT_EQ(r->field, "phase");
    EXPECT_NE(r->message.find("end the meeting first"), std::string::npos) << r->message;
    EXPECT_EQ(m.SerializeAsString(), before);
  }
}

TEST(Jiyao, TheDraftHasOneSectionPerItemWithItsDecisionsLinkedToTheirFollowUp) {
  auto m = ended_meeting();
  ASSERT_FALSE(run(m, action(v1::JIYAO_CREATE), "sec"));
  ASSERT_EQ(m.jiyao_size(), 1);
  const auto& j = m.jiyao(0);
  EXPECT_EQ(j.number(), 1);
  EXPECT_EQ(j.state(), v1::JIYAO_DRAFTING);
  EXPECT_EQ(j.heading(), "局长办公会议纪要");
  EXPECT_NE(j.opening().find("三楼会议室"), std::string::npos) << j.opening();
  ASSERT_EQ(j.sections_size(), 3);
  EXPECT_EQ(j.sections(0).id(), "j:i1");
  EXPECT_EQ(j.sections(1).level(), v1::LEVEL_SECRET);
  // Seeded from the record: what was heard, then the meeting's line as it was typed.
  EXPECT_EQ(j.sections(0).text(), "会议审议了《办公用房管理办法》。\n会议认为，办法总体可行。");
  // The opening is every reader's: it names no item above the meeting's own level.
  EXPECT_EQ(j.opening().find("人事"), std::string::npos) << j.opening();
  ASSERT_EQ(j.sections(0).decisions_size(), 1);
  EXPECT_EQ(j.sections(0).decisions(0).decision_id(), "d1");
  EXPECT_EQ(j.sections(0).decisions(0).lead_unit(), "机关事务局");
  EXPECT_EQ(j.sections(0).decisions(0).deadline(), "2026-12-31");
  EXPECT_EQ(std::vector<std::string>(j.recorders().begin(), j.recorders().end()),
            (std::vector<std::string>{"王秘书", "赵秘书"}));
  ASSERT_EQ(j.steps_size(), 1);
  EXPECT_EQ(j.steps(0).action(), "create");
  EXPECT_EQ(j.steps(0).by_name(), "王秘书");
  // Once only: a second draft would fork the document.
  auto r = run(m, action(v1::JIYAO_CREATE), "sec");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code, v1::ERROR_CONFLICT);
}

TEST(Jiyao, SectionsAreEditedByTheRecordsEngineConcurrentEditsBothKept) {
  auto m = ended_meeting();
  ASSERT_FALSE(run(m, action(v1::JIYAO_CREATE), "sec"));
  const auto base = m.version();
  const auto text = section(m, "j:i1").text();
  const auto n = length(text);
  // Two secretaries type at once on the same version: the second is transformed.
  v1::Change first = edit("j:i1", base, n, n, "会议要求尽快印发。");
  v1::Change second = edit("j:i1", base, 0, n, "会议听取了汇报。");
  ASSERT_FALSE(run(m, first, "sec"));
  std::vector<v1::Event> since(1);
  since[0].set_version(m.version());
  *since[0].mutable_change() = first;
  v1::Event e;
  ASSERT_FALSE(decide(m, second, t0, *e.mutable_change(), since, "sec2"));
  e.set_version(m.version() + 1);
  apply(m, e);
  EXPECT_EQ(section(m, "j:i1").text(), "会议听取了汇报。" + text + "会议要求尽快印发。");
  // The record itself is untouched.
  EXPECT_EQ(m.agenda(0).minutes(), "会议认为，办法总体可行。\n");
}

TEST(Jiyao, EachStepIsAllowedToItsRoleInItsStateOnly) {
  // From each state (reached by the allowed path), every step by every account: which pass.
  const std::map<v1::JiyaoState, std::vector<v1::JiyaoStepKind>> path{
      {v1::JIYAO_DRAFTING, {}},
      {v1::JIYAO_SUBMITTED, {v1::JIYAO_SUBMIT}},
      {v1::JIYAO_RETURNED, {v1::JIYAO_SUBMIT, v1::JIYAO_RETURN}},
      {v1::JIYAO_APPROVED, {v1::JIYAO_SUBMIT, v1::JIYAO_APPROVE}},
      {v1::JIYAO_ISSUED, {v1::JIYAO_SUBMIT, v1::JIYAO_APPROVE, v1::JIYAO_ISSUE}},
      {v1::JIYAO_ARCHIVED,
       {v1::JIYAO_SUBMIT, v1::JIYAO_APPROVE, v1::JIYAO_ISSUE, v1::JIYAO_ARCHIVE}},
  };
  auto by = [](v1::JiyaoStepKind s) {
    return s == v1::JIYAO_RETURN || s == v1::JIYAO_APPROVE ? "chair" : "sec";
  };
  // state -> the steps that pass, and by whom ("boss" is the convener: both kinds).
  const std::map<v1::JiyaoState, std::set<std::pair<v1::JiyaoStepKind, std::string>>> allowed{
      {v1::JIYAO_DRAFTING, {{v1::JIYAO_SUBMIT, "sec"}, {v1::JIYAO_SUBMIT, "boss"}}},
      {v1::JIYAO_SUBMITTED,
       {{v1::JIYAO_RETURN, "chair"},
        {v1::JIYAO_RETURN, "boss"},
        {v1::JIYAO_APPROVE, "chair"},
        {v1::JIYAO_APPROVE, "boss"}}},
      {v1::JIYAO_RETURNED, {{v1::JIYAO_SUBMIT, "sec"}, {v1::JIYAO_SUBMIT, "boss"}}},
      {v1::JIYAO_APPROVED,
       {{v1::JIYAO_ISSUE, "sec"},
        {v1::JIYAO_ISSUE, "boss"},
        {v1::JIYAO_CORRECT, "sec"},
        {v1::JIYAO_CORRECT, "boss"}}},
      {v1::JIYAO_ISSUED,
       {{v1::JIYAO_ARCHIVE, "sec"},
        {v1::JIYAO_ARCHIVE, "boss"},
        {v1::JIYAO_CORRECT, "sec"},
        {v1::JIYAO_CORRECT, "boss"}}},
      {v1::JIYAO_ARCHIVED, {{v1::JIYAO_CORRECT, "sec"}, {v1::JIYAO_CORRECT, "boss"}}},
  };
  for (const auto& [state, steps] : path) {
    auto start = ended_meeting();
    ASSERT_FALSE(run(start, action(v1::JIYAO_CREATE), "sec"));
    for (auto s : steps) ASSERT_FALSE(run(start, action(s), by(s))) << v1::JiyaoStepKind_Name(s);
    ASSERT_EQ(start.jiyao(0).state(), state);
    for (int s = v1::JIYAO_SUBMIT; s <= v1::JIYAO_CORRECT; ++s) {
      const auto step = static_cast<v1::JiyaoStepKind>(s);
      for (std::string who : {"sec", "chair", "boss", "part"}) {
        auto m = start;
        const auto before = m.SerializeAsString();
        const auto r = run(m, action(step), who);
        const bool ok = allowed.at(state).count({step, who}) > 0;
        EXPECT_EQ(!r, ok) << v1::JiyaoState_Name(state) << " " << v1::JiyaoStepKind_Name(step)
                          << " by " << who << ": " << (r ? r->message : "passed");
        if (r) {
          EXPECT_EQ(m.SerializeAsString(), before);  // a refusal changes nothing
          EXPECT_TRUE(r->code == v1::ERROR_FORBIDDEN || r->code == v1::ERROR_CONFLICT)
              << r->message;
        }
      }
    }
  }
}

TEST(Jiyao, AReturnNeedsACommentAnchoredToAPassageOfTheSection) {
  auto m = ended_meeting();
  ASSERT_FALSE(run(m, action(v1::JIYAO_CREATE), "sec"));
  ASSERT_FALSE(run(m, action(v1::JIYAO_SUBMIT), "sec"));
  const auto before = m.SerializeAsString();
  auto bare = action(v1::JIYAO_RETURN);
  bare.mutable_jiyao_action()->clear_comments();
  auto r = run(m, bare, "chair");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->field, "comments");
  auto elsewhere = action(v1::JIYAO_RETURN);
  elsewhere.mutable_jiyao_action()->mutable_comments(0)->set_quote("不在文中");
  r = run(m, elsewhere, "chair");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code, v1::ERROR_INVALID_FIELD);
  EXPECT_EQ(r->field, "comments[0].quote");
  auto nowhere = action(v1::JIYAO_RETURN);
  nowhere.mutable_jiyao_action()->mutable_comments(0)->set_section_id("j:i9");
  r = run(m, nowhere, "chair");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code, v1::ERROR_NOT_FOUND);
  EXPECT_EQ(m.SerializeAsString(), before);

  ASSERT_FALSE(run(m, action(v1::JIYAO_RETURN), "chair", v1::LEVEL_SECRET, t0 + 5000));
  const auto& j = m.jiyao(0);
  EXPECT_EQ(j.state(), v1::JIYAO_RETURNED);
  ASSERT_EQ(j.comments_size(), 1);
  EXPECT_EQ(j.comments(0).offset(),
            24u);  // 会议审议了《办公用房管理办法》。⏎会议认为，办法|总体可行
  EXPECT_EQ(j.comments(0).by(), "chair");
  EXPECT_EQ(j.comments(0).at_ms(), t0 + 5000);
}

TEST(Jiyao, ASignedOffVersionIsFrozenAndACorrectionStartsANewOneWithItsReason) {
  auto m = ended_meeting();
  ASSERT_FALSE(run(m, action(v1::JIYAO_CREATE), "sec"));
  ASSERT_FALSE(run(m, action(v1::JIYAO_SUBMIT), "sec"));
  // Under review: frozen too.
  auto r = run(m, edit("j:i1", m.version(), 0, length(section(m, "j:i1").text()), "改"), "sec");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code, v1::ERROR_CONFLICT);
  EXPECT_EQ(r->field, "jiyao.state");
  ASSERT_FALSE(run(m, action(v1::JIYAO_APPROVE), "chair", v1::LEVEL_SECRET, t0 + 9000));
  EXPECT_EQ(m.jiyao(0).signed_by(), "chair");
  EXPECT_EQ(m.jiyao(0).signed_by_name(), "李主任");
  EXPECT_EQ(m.jiyao(0).signed_at_ms(), t0 + 9000);
  const auto before = m.SerializeAsString();
  r = run(m, edit("j:i1", m.version(), 0, length(section(m, "j:i1").text()), "改"), "sec");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code, v1::ERROR_CONFLICT);
  EXPECT_NE(r->message.find("correction"), std::string::npos) << r->message;
  EXPECT_EQ(m.SerializeAsString(), before);

  auto no_reason = action(v1::JIYAO_CORRECT);
  no_reason.mutable_jiyao_action()->clear_reason();
  r = run(m, no_reason, "sec");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->field, "reason");
  ASSERT_FALSE(run(m, action(v1::JIYAO_CORRECT), "sec"));
  ASSERT_EQ(m.jiyao_size(), 2);
  EXPECT_EQ(m.jiyao(0).state(), v1::JIYAO_APPROVED);  // kept as signed
  EXPECT_EQ(m.jiyao(1).number(), 2);
  EXPECT_EQ(m.jiyao(1).state(), v1::JIYAO_DRAFTING);
  EXPECT_EQ(m.jiyao(1).correction_reason(), "更正第一项的表述");
  EXPECT_TRUE(m.jiyao(1).signed_by().empty());
  ASSERT_FALSE(
      run(m, edit("j:i1", m.version(), 0, length(section(m, "j:i1").text()), "经研究，"), "sec"));
  const std::string seeded = "会议审议了《办公用房管理办法》。\n会议认为，办法总体可行。";
  EXPECT_EQ(section(m, "j:i1", 1).text(), "经研究，" + seeded);
  EXPECT_EQ(section(m, "j:i1", 0).text(), seeded);
}

TEST(Jiyao, IssueRecordsTheNumberAndRecipientsAndRefusesBadRecipients) {
  auto m = ended_meeting();
  for (auto s : {v1::JIYAO_CREATE, v1::JIYAO_SUBMIT, v1::JIYAO_APPROVE}) {
    ASSERT_FALSE(run(m, action(s), s == v1::JIYAO_APPROVE ? "chair" : "sec"));
  }
  auto bad = action(v1::JIYAO_ISSUE);
  bad.mutable_jiyao_action()->add_recipients("Not An Id");
  const auto before = m.SerializeAsString();
  auto r = run(m, bad, "sec");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->field, "recipients[1]");
  EXPECT_EQ(m.SerializeAsString(), before);
  ASSERT_FALSE(run(m, action(v1::JIYAO_ISSUE), "sec"));
  EXPECT_EQ(m.jiyao(0).state(), v1::JIYAO_ISSUED);
  EXPECT_EQ(m.jiyao(0).issue_number(), "〔2026〕7号");
  EXPECT_EQ(m.jiyao(0).issue_seq(), 7);
  EXPECT_EQ(m.jiyao(0).recipients(0), "part");
}

TEST(Jiyao, AReaderBelowAnItemsLevelGetsItsSectionWithheldAndCannotEditIt) {
  auto m = ended_meeting();
  ASSERT_FALSE(run(m, action(v1::JIYAO_CREATE), "sec"));
  const viewer low{"part", v1::LEVEL_INTERNAL};
  const auto cut = redact(m, low);
  ASSERT_EQ(cut.jiyao(0).sections_size(), 3);  // numbers kept
  const auto& s = cut.jiyao(0).sections(1);
  EXPECT_TRUE(s.withheld());
  EXPECT_EQ(s.id(), "j:i2");
  EXPECT_TRUE(s.title().empty());
  EXPECT_TRUE(s.text().empty());
  EXPECT_EQ(cut.SerializeAsString().find("人事"), std::string::npos);
  // A secretary not cleared for the item: the section is answered like a missing one.
  auto r =
      check_change(m, viewer{"sec2", v1::LEVEL_INTERNAL}, edit("j:i2", m.version(), 0, 1, "x"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code, v1::ERROR_NOT_FOUND);
  // Events: an edit of that section reaches the reader as a version only; a step is cut.
  v1::Event e;
  e.set_version(m.version() + 1);
  *e.mutable_change() = edit("j:i2", m.version(), 0, length(section(m, "j:i2").text()), "x");
  EXPECT_EQ(redact_event(e, access_of(m), m, low).how, delivery::version_only);
  v1::Event step;
  step.set_version(m.version() + 1);
  ASSERT_FALSE(decide(m, action(v1::JIYAO_SUBMIT), t0, *step.mutable_change(), {}, "sec"));
  const auto sent = redact_event(step, access_of(m), m, low);
  ASSERT_EQ(sent.how, delivery::replaced);
  EXPECT_EQ(sent.event.SerializeAsString().find("人事"), std::string::npos);
  EXPECT_TRUE(sent.event.change().jiyao_action().jiyao().sections(1).withheld());
}

}  // namespace
}  // namespace huiwu::domain
