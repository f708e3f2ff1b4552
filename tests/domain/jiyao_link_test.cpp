// The 议定事项 of the 纪要 are its 督办 items (domain/jiyao_link.hpp): while the working
// version is not signed off it shows each item as it is now, a decision taken after the
// draft joins its item's section, and from 签发 on the version keeps what was signed; a
// correction follows the items again. The annex (附件：议定事项督办表) renders the same.
#include "domain/jiyao_link.hpp"

#include <gtest/gtest.h>

#include <string>

#include "domain/access_rules.hpp"
#include "domain/meeting_logic.hpp"
#include "export/jiyao_layout.hpp"
#include "export/jiyao_stored.hpp"
#include "test_time.hpp"

namespace huiwu::domain {
namespace {

using test_support::t0;

v1::Meeting ended_meeting() {
  v1::MeetingInfo info;
  info.set_title("局长办公会议");
  info.set_starts_at_ms(t0);
  auto m = new_meeting("m1", info, t0);
  m.set_created_by("boss");
  m.mutable_lifecycle()->set_phase(v1::PHASE_ENDED);
  for (auto [id, title] :
       {std::pair{"i1", "审议《办公用房管理办法》"}, std::pair{"i3", "听取预算执行情况汇报"}}) {
    auto* it = m.add_agenda();
    it->set_id(id);
    it->set_title(title);
    it->set_minutes("会议认为，办法总体可行。\n");
    it->set_status(v1::ITEM_DONE);
  }
  for (auto [id, name, account, role] : {std::tuple{"p1", "王秘书", "sec", v1::ROLE_SECRETARY},
                                         {"p2", "李主任", "chair", v1::ROLE_CHAIR}}) {
    auto* a = m.add_attendees();
    a->set_id(id);
    a->set_name(name);
    a->set_account_id(account);
    a->set_role(role);
  }
  auto* d = m.add_decisions();
  d->set_id("d1");
  d->set_item_id("i1");
  d->set_text("办法修改后印发");
  d->set_lead_unit("机关事务局");
  d->set_deadline("2026-12-31");
  d->set_supervisor_name("钱督查");
  d->set_state("assigned");
  m.set_version(40);
  m.set_next_id(10);
  return m;
}

void take(v1::Meeting& m, const v1::Change& c, const std::string& account) {
  ASSERT_FALSE(check_change(m, viewer{account, v1::LEVEL_SECRET}, c));
  v1::Event e;
  auto r = decide(m, c, t0 + 1000, *e.mutable_change(), {}, account);
  ASSERT_FALSE(r) << r->message;
  e.set_version(m.version() + 1);
  apply(m, e);
}

v1::Change step(v1::JiyaoStepKind k) {
  v1::Change c;
  c.mutable_jiyao_action()->set_step(k);
  if (k == v1::JIYAO_CORRECT) c.mutable_jiyao_action()->set_reason("督办事项有变化");
  return c;
}

// A decision event as the follow-up routes commit it (decided there, applied here).
void decision_event(v1::Meeting& m, const v1::Decision& d, bool created) {
  v1::Event e;
  if (created) {
    *e.mutable_change()->mutable_create_decision()->mutable_decision() = d;
  } else {
    auto* a = e.mutable_change()->mutable_decision_action();
    a->set_decision_id(d.id());
    *a->mutable_decision() = d;
  }
  e.set_version(m.version() + 1);
  apply(m, e);
}

v1::Decision extended(const v1::Meeting& m, const char* deadline) {
  v1::Decision d = m.decisions(0);
  d.set_deadline(deadline);
  d.set_lead_unit("市机关事务管理局");
  d.add_co_units("财政局");
  return d;
}

const v1::JiyaoSection& section(const v1::Jiyao& j, const std::string& id) {
  for (const auto& s : j.sections()) {
    if (s.id() == id) return s;
  }
  static const v1::JiyaoSection none;
  ADD_FAILURE() << "no section " << id;
  return none;
}

std::string annex_text(const v1::Jiyao& j) {
  return exports::jiyao_text(exports::layout_jiyao(exports::draft_of(j, "m1")));
}

TEST(JiyaoLink, TheDraftShowsTheItemAsItIsNowUntilSignOff) {
  auto m = ended_meeting();
  take(m, step(v1::JIYAO_CREATE), "sec");
  const auto& first = section(m.jiyao(0), "j:i1").decisions(0);
  EXPECT_EQ(first.decision_id(), "d1");
  EXPECT_EQ(first.supervisor_name(), "钱督查");

  decision_event(m, extended(m, "2027-01-15"), false);  // 延期 and a new lead while drafting
  auto d = section(m.jiyao(0), "j:i1").decisions(0);
  EXPECT_EQ(d.deadline(), "2027-01-15");
  EXPECT_EQ(d.lead_unit(), "市机关事务管理局");
  ASSERT_EQ(d.co_units_size(), 1);
  EXPECT_EQ(section(m.jiyao(0), "j:i1").decisions_size(), 1) << "the same object, not a copy";
  const auto text = annex_text(m.jiyao(0));
  EXPECT_NE(text.find("附件：议定事项督办表"), std::string::npos) << text;
  EXPECT_NE(text.find("一（一）｜办法修改后印发｜市机关事务管理局｜财政局｜2027年1月15日｜钱督查"),
            std::string::npos)
      << text;

  take(m, step(v1::JIYAO_SUBMIT), "sec");  // still follows while the chair reads it
  decision_event(m, extended(m, "2027-01-20"), false);
  EXPECT_EQ(section(m.jiyao(0), "j:i1").decisions(0).deadline(), "2027-01-20");

  take(m, step(v1::JIYAO_APPROVE), "chair");  // 签发: what was signed stays
  decision_event(m, extended(m, "2027-02-28"), false);
  EXPECT_EQ(section(m.jiyao(0), "j:i1").decisions(0).deadline(), "2027-01-20");
  EXPECT_EQ(m.decisions(0).deadline(), "2027-02-28");

  take(m, step(v1::JIYAO_CORRECT), "sec");  // the correction follows the items again
  ASSERT_EQ(m.jiyao_size(), 2);
  EXPECT_EQ(section(m.jiyao(1), "j:i1").decisions(0).deadline(), "2027-02-28");
  EXPECT_EQ(section(m.jiyao(0), "j:i1").decisions(0).deadline(), "2027-01-20");
}

TEST(JiyaoLink, ADecisionTakenAfterTheDraftJoinsItsItemsSection) {
  auto m = ended_meeting();
  take(m, step(v1::JIYAO_CREATE), "sec");
  EXPECT_EQ(section(m.jiyao(0), "j:i3").decisions_size(), 0);
  v1::Decision d;
  d.set_id("d2");
  d.set_item_id("i3");
  d.set_text("压缩一般性支出5%");
  d.set_lead_unit("财政局");
  d.set_deadline("2027-03-31");
  decision_event(m, d, true);
  ASSERT_EQ(section(m.jiyao(0), "j:i3").decisions_size(), 1);
  EXPECT_EQ(section(m.jiyao(0), "j:i3").decisions(0).decision_id(), "d2");
  const auto text = annex_text(m.jiyao(0));
  EXPECT_NE(text.find("二（一）｜压缩一般性支出5%｜财政局｜—｜2027年3月31日｜—"), std::string::npos)
      << text;

  // An item with no section (deferred, say): the decision goes to 其他议定事项.
  d.set_id("d3");
  d.set_item_id("i9");
  decision_event(m, d, true);
  const auto& other = section(m.jiyao(0), "j:other");
  EXPECT_EQ(other.title(), "其他议定事项");
  ASSERT_EQ(other.decisions_size(), 1);
  EXPECT_EQ(other.decisions(0).decision_id(), "d3");
}

TEST(JiyaoLink, WithoutDecisionsThereIsNoAnnex) {
  auto m = ended_meeting();
  m.clear_decisions();
  take(m, step(v1::JIYAO_CREATE), "sec");
  EXPECT_EQ(annex_text(m.jiyao(0)).find("附件"), std::string::npos);
}

// The opening paragraph is co-edited like a section, as "j:_opening" (the record's engine),
// commented on by the chair, and frozen with the rest.
v1::Change edit_opening(const v1::Meeting& m, const std::string& text) {
  v1::Change c;
  auto* e = c.mutable_edit_minutes();
  e->set_item_id("j:_opening");
  e->set_base_version(m.version());
  std::uint32_t n = 0;
  for (unsigned char ch : m.jiyao(m.jiyao_size() - 1).opening()) n += (ch & 0xC0) != 0x80;
  e->mutable_op()->add_ops()->set_retain(n);
  e->mutable_op()->add_ops()->set_insert(text);
  return c;
}

maybe_rejection try_take(v1::Meeting& m, const v1::Change& c, const std::string& account) {
  if (auto r = check_change(m, viewer{account, v1::LEVEL_SECRET}, c)) return r;
  v1::Event e;
  if (auto r = decide(m, c, t0 + 1000, *e.mutable_change(), {}, account)) return r;
  e.set_version(m.version() + 1);
  apply(m, e);
  return std::nullopt;
}

TEST(JiyaoOpening, IsEditedByTheRecordsEngineCommentedAndFrozen) {
  auto m = ended_meeting();
  take(m, step(v1::JIYAO_CREATE), "sec");
  const auto drafted = m.jiyao(0).opening();
  ASSERT_FALSE(drafted.empty());
  take(m, edit_opening(m, "会议由李主任主持。"), "sec");
  EXPECT_EQ(m.jiyao(0).opening(), drafted + "会议由李主任主持。");
  EXPECT_NE(annex_text(m.jiyao(0)).find(drafted + "会议由李主任主持。"), std::string::npos);

  // A participant may not type into it; nothing changes.
  auto r = try_take(m, edit_opening(m, "x"), "chair");
  ASSERT_TRUE(r);
  EXPECT_EQ(m.jiyao(0).opening(), drafted + "会议由李主任主持。");

  take(m, step(v1::JIYAO_SUBMIT), "sec");
  v1::Change back = step(v1::JIYAO_RETURN);
  auto* k = back.mutable_jiyao_action()->add_comments();
  k->set_section_id("j:_opening");
  k->set_quote("李主任主持");
  k->set_text("写明职务");
  take(m, back, "chair");
  ASSERT_EQ(m.jiyao(0).comments_size(), 1);
  EXPECT_EQ(m.jiyao(0).comments(0).section_id(), "j:_opening");

  take(m, step(v1::JIYAO_SUBMIT), "sec");
  take(m, step(v1::JIYAO_APPROVE), "chair");
  const auto before = m.SerializeAsString();
  r = try_take(m, edit_opening(m, "y"), "sec");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code, v1::ERROR_CONFLICT);
  EXPECT_EQ(r->field, "jiyao.state");
  EXPECT_EQ(m.SerializeAsString(), before);
}

// A comment's anchor moves through later edits like a caret at the start of a selection.
TEST(JiyaoComments, AnchorsMoveWithTheSectionsText) {
  auto m = ended_meeting();
  take(m, step(v1::JIYAO_CREATE), "sec");
  const std::string text = section(m.jiyao(0), "j:i1").text();
  const auto at = text.find("总体可行");
  ASSERT_NE(at, std::string::npos) << text;
  std::uint32_t cp = 0;
  for (unsigned char ch : text.substr(0, at)) cp += (ch & 0xC0) != 0x80;
  take(m, step(v1::JIYAO_SUBMIT), "sec");
  v1::Change back = step(v1::JIYAO_RETURN);
  auto* k = back.mutable_jiyao_action()->add_comments();
  k->set_section_id("j:i1");
  k->set_quote("总体可行");
  k->set_offset(cp);
  k->set_text("改为“基本可行”");
  take(m, back, "chair");
  ASSERT_EQ(m.jiyao(0).comments(0).offset(), cp);

  auto insert = [&](std::uint32_t pos, const std::string& what) {
    std::uint32_t n = 0;
    for (unsigned char ch : section(m.jiyao(0), "j:i1").text()) n += (ch & 0xC0) != 0x80;
    v1::Change c;
    auto* e = c.mutable_edit_minutes();
    e->set_item_id("j:i1");
    e->set_base_version(m.version());
    if (pos > 0) e->mutable_op()->add_ops()->set_retain(pos);
    e->mutable_op()->add_ops()->set_insert(what);
    if (n > pos) e->mutable_op()->add_ops()->set_retain(n - pos);
    take(m, c, "sec");
  };
  insert(0, "经研究，");  // before the passage: the anchor moves by 4
  EXPECT_EQ(m.jiyao(0).comments(0).offset(), cp + 4);
  insert(cp + 4, "基本上");  // exactly at it: typed before the passage, which moves on
  EXPECT_EQ(m.jiyao(0).comments(0).offset(), cp + 7);
  insert(cp + 9, "X");  // inside or after it: the start stays
  EXPECT_EQ(m.jiyao(0).comments(0).offset(), cp + 7);
  const auto& now = section(m.jiyao(0), "j:i1").text();
  std::uint32_t found = 0;
  for (unsigned char ch : now.substr(0, now.find("总体"))) found += (ch & 0xC0) != 0x80;
  EXPECT_EQ(found, cp + 7) << now;
}

}  // namespace
}  // namespace huiwu::domain
