// The stored 纪要 (decision 0025) renders like the preview it was drafted from, and the sample
// meeting taken through the workflow — and its 督办 items on after the issue, which the annex's
// 办理情况 column shows (decision 0038) — gives the text that docs/export.md shows ("The 纪要
// after the workflow"): this test fails when that block differs from what the run produces.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "domain/access_rules.hpp"
#include "domain/jiyao_logic.hpp"
#include "domain/meeting_logic.hpp"
#include "export/jiyao_draft.hpp"
#include "export/jiyao_followup.hpp"
#include "export/jiyao_layout.hpp"
#include "export/jiyao_stored.hpp"
#include "jiyao_sample.hpp"

namespace huiwu::exports {
namespace {

// A step as the room takes it: decide, then apply, by the sample's convener ("reader").
void take(v1::Meeting& m, const v1::Change& c, std::int64_t at) {
  v1::Event e;
  const auto r = domain::decide(m, c, at, *e.mutable_change(), {}, "reader");
  ASSERT_FALSE(r) << r->message;
  e.set_version(m.version() + 1);
  domain::apply(m, e);
}

v1::Change step(v1::JiyaoStepKind k) {
  v1::Change c;
  c.mutable_jiyao_action()->set_step(k);
  return c;
}

std::uint32_t code_points(const std::string& s) {
  std::uint32_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

v1::Meeting ended_sample() {
  auto m = test::jiyao_meeting();
  m.mutable_lifecycle()->set_phase(v1::PHASE_ENDED);
  return m;
}

TEST(JiyaoStored, AnUneditedDraftRendersLikeThePreviewForAFullReader) {
  auto m = ended_sample();
  auto create = step(v1::JIYAO_CREATE);
  const auto o = test::jiyao_sample_options();
  create.mutable_jiyao_action()->set_issuer(o.issuer);
  for (const auto& d : o.distribution) create.mutable_jiyao_action()->add_distribution(d);
  take(m, create, test::jiyao_issued_ms);
  auto preview_options = o;
  preview_options.number = 0;  // the stored draft is numbered when issued
  auto preview = draft_jiyao(m, {}, preview_options);
  auto stored = draft_of(m.jiyao(0), m.id());
  stored.marking = std::max(stored.marking, m.info().level());
  // The opening names only the items at the meeting's level: the 机密 item is not in it.
  EXPECT_EQ(stored.opening.find("机密"), std::string::npos);
  preview.opening = stored.opening;
  EXPECT_EQ(jiyao_text(layout_jiyao(stored)), jiyao_text(layout_jiyao(preview)));
}

std::string workflow_sample_text() {
  auto m = ended_sample();
  const auto o = test::jiyao_sample_options();
  auto create = step(v1::JIYAO_CREATE);
  create.mutable_jiyao_action()->set_issuer(o.issuer);
  for (const auto& d : o.distribution) create.mutable_jiyao_action()->add_distribution(d);
  const auto t = test::jiyao_start_ms + 3 * 3600 * 1000;
  take(m, create, t);
  // A secretary adds a requirement to the first section.
  const auto& text = m.jiyao(0).sections(0).text();
  v1::Change edit;
  auto* e = edit.mutable_edit_minutes();
  e->set_item_id(m.jiyao(0).sections(0).id());
  e->set_base_version(m.version());
  e->mutable_op()->add_ops()->set_retain(code_points(text));
  e->mutable_op()->add_ops()->set_insert("\n会议强调，各部门要严格执行预算，从严控制一般性支出。");
  take(m, edit, t + 60'000);
  take(m, step(v1::JIYAO_SUBMIT), t + 120'000);
  take(m, step(v1::JIYAO_APPROVE), t + 180'000);
  auto issue = step(v1::JIYAO_ISSUE);
  issue.mutable_jiyao_action()->set_issue_seq(12);  // the room's counter gives these
  issue.mutable_jiyao_action()->set_issue_number("〔2026〕12号");
  issue.mutable_jiyao_action()->set_issue_date("2026年11月25日");
  take(m, issue, test::jiyao_issued_ms);
  // Afterwards the 督办 items move on (decision 0038): by 2026-12-20 the budget (d1) was
  // closed on 12-12, the inspection (d2) extended to 2027-01-31, the heating (d3) under way.
  constexpr std::int64_t day_ms = 86'400'000;
  auto* d1 = m.mutable_decisions(0);
  d1->set_state("closed");
  d1->set_closed_at_ms(test::jiyao_start_ms + 19 * day_ms);
  m.mutable_decisions(1)->set_state("accepted");
  m.mutable_decisions(1)->set_deadline("2027-01-31");
  m.mutable_decisions(2)->set_state("in_progress");
  const auto visible = domain::redact(m, {"reader", v1::LEVEL_INTERNAL});
  auto d = draft_of(visible.jiyao(0), m.id());
  d.marking = std::max(d.marking, m.info().level());
  EXPECT_TRUE(shows_follow_up(visible.jiyao(0)));
  add_follow_up(d, visible, test::jiyao_start_ms + 27 * day_ms,
                followup::time_zone::fixed("Asia/Shanghai", 8 * 3600));
  return jiyao_text(layout_jiyao(d));
}

TEST(JiyaoStored, TheWorkflowSampleIsTheOneTheDocsShow) {
  const auto text = workflow_sample_text();
  EXPECT_NE(text.find("〔2026〕12号"), std::string::npos);
  EXPECT_NE(text.find("本议题内容按密级规定不予显示"), std::string::npos);
  std::ifstream in(HUIWU_EXPORT_DOC);
  std::stringstream ss;
  ss << in.rdbuf();
  const auto doc = ss.str();
  const std::string begin = "<!-- jiyao-workflow-sample:begin -->\n```text\n";
  const auto from = doc.find(begin);
  ASSERT_NE(from, std::string::npos) << "docs/export.md has no workflow sample block";
  const auto to = doc.find("```\n<!-- jiyao-workflow-sample:end -->", from);
  ASSERT_NE(to, std::string::npos);
  EXPECT_EQ(doc.substr(from + begin.size(), to - from - begin.size()), text)
      << "docs/export.md's workflow sample differs from the run's:\n"
      << text;
}

}  // namespace
}  // namespace huiwu::exports
