#include "export/jiyao_followup.hpp"

#include <algorithm>

#include "export/jiyao_draft.hpp"
#include "export/minutes_doc.hpp"
#include "followup/decision_item.hpp"

namespace huiwu::exports {
namespace {

std::string day_of(std::int64_t ms, const followup::time_zone& zone) {
  return chinese_date(zone.local_date(ms));
}

// 退回交办 and not assigned again: back in 立项 after a return (the only way back there).
bool returned_pending(const v1::Decision& d) {
  return d.state() == "opened" &&
         std::any_of(d.history().begin(), d.history().end(),
                     [](const v1::DecisionEntry& e) { return e.action() == "return_assignment"; });
}

}  // namespace

bool shows_follow_up(const v1::Jiyao& j) {
  return j.state() == v1::JIYAO_APPROVED || j.state() == v1::JIYAO_ISSUED ||
         j.state() == v1::JIYAO_ARCHIVED;
}

std::string follow_up_words(const v1::Decision& now, std::string_view signed_deadline,
                            const followup::time_zone& zone) {
  if (now.state() == "closed" || now.state() == "cancelled") {
    std::string s = now.state() == "closed" ? "已办结" : "已撤销";
    if (now.closed_at_ms() > 0) s += "（" + day_of(now.closed_at_ms(), zone) + "）";
    return s;
  }
  std::string s;
  if (returned_pending(now)) {
    s = "已退回，待重新交办";
  } else if (const auto state = followup::parse_item_state(now.state())) {
    s = std::string(followup::label_zh(*state));
  } else {
    s = now.state().empty() ? std::string("—") : now.state();
  }
  // Deadlines are ISO dates: their order is the strings' order.
  if (!now.deadline().empty() && now.deadline() != signed_deadline) {
    const bool later = !signed_deadline.empty() && now.deadline() > signed_deadline;
    s += (later ? "，已延期至" : "，完成时限调整为") + chinese_deadline(now.deadline());
  }
  return s;
}

void add_follow_up(jiyao_draft& d, const v1::Meeting& visible, std::int64_t now_ms,
                   const followup::time_zone& zone) {
  d.follow_up_as_of = day_of(now_ms, zone);
  for (auto& s : d.sections) {
    for (auto& dec : s.decisions) {
      const auto it =
          std::find_if(visible.decisions().begin(), visible.decisions().end(),
                       [&](const v1::Decision& x) { return x.id() == dec.decision_id; });
      dec.follow_up = it == visible.decisions().end() ? std::string("—")
                                                      : follow_up_words(*it, dec.deadline, zone);
    }
  }
}

}  // namespace huiwu::exports
