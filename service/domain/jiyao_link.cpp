#include "domain/jiyao_link.hpp"

#include "export/jiyao_draft.hpp"
#include "export/jiyao_stored.hpp"

namespace huiwu::domain {

bool jiyao_follows_decisions(const v1::Jiyao& j) {
  return j.state() == v1::JIYAO_DRAFTING || j.state() == v1::JIYAO_SUBMITTED ||
         j.state() == v1::JIYAO_RETURNED;
}

void follow_decision(v1::Jiyao& j, const v1::Decision& d, v1::Level meeting_level) {
  const auto now = exports::stored_decision(exports::decision_of(d));
  for (auto& s : *j.mutable_sections()) {
    for (auto& x : *s.mutable_decisions()) {
      if (x.decision_id() == d.id()) {
        x = now;
        return;
      }
    }
  }
  v1::JiyaoSection* home = nullptr;
  v1::JiyaoSection* other = nullptr;
  for (auto& s : *j.mutable_sections()) {
    if (!d.item_id().empty() && s.item_id() == d.item_id()) home = &s;
    if (s.id() == "j:other") other = &s;
  }
  if (!home) home = other;
  if (!home) {
    home = j.add_sections();
    home->set_id("j:other");
    home->set_title("其他议定事项");
    home->set_level(meeting_level);
  }
  *home->add_decisions() = now;
}

void follow_decision(v1::Meeting& m, const v1::Decision& d) {
  if (m.jiyao_size() == 0) return;
  auto& j = *m.mutable_jiyao(m.jiyao_size() - 1);
  if (jiyao_follows_decisions(j)) follow_decision(j, d, m.info().level());
}

}  // namespace huiwu::domain
