#include "domain/jiyao_logic.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "base/utf8.hpp"
#include "domain/access_rules.hpp"
#include "domain/jiyao_link.hpp"
#include "domain/meeting_logic.hpp"
#include "domain/text_rules.hpp"
#include "export/jiyao_draft.hpp"
#include "export/jiyao_stored.hpp"
#include "ot/proto_codec.hpp"
#include "ot/transform.hpp"

namespace huiwu::domain {
namespace {

constexpr std::size_t max_comments = 50;
constexpr std::size_t max_recipients = 200;
const text_rule comment_rule{text_kind::multi_line, 2000, true};
const text_rule quote_rule{text_kind::multi_line, 2000, true};
const text_rule reason_rule{text_kind::multi_line, 500, true};
const text_rule line_rule{text_kind::single_line, 200, false};

rejection wrong_state(const v1::Jiyao& j, std::string what) {
  return reject(v1::ERROR_CONFLICT,
                "the 纪要 is " + std::string(jiyao_state_label(j.state())) + "; " + what,
                "jiyao.state");
}

bool frozen(v1::JiyaoState s) {
  return s == v1::JIYAO_APPROVED || s == v1::JIYAO_ISSUED || s == v1::JIYAO_ARCHIVED;
}

const v1::Attendee* linked(const v1::Meeting& m, std::string_view account) {
  for (const auto& a : m.attendees()) {
    if (!account.empty() && a.account_id() == account) return &a;
  }
  return nullptr;
}

std::string name_of(const v1::Meeting& m, std::string_view account) {
  const auto* a = linked(m, account);
  return a ? a->name() : std::string(account);
}

// The actor's name: the account's, as the server filled it in, else the linked attendee's.
std::string actor_name(const v1::Meeting& m, const v1::JiyaoAction& in, std::string_view actor) {
  return in.actor_name().empty() ? name_of(m, actor) : in.actor_name();
}

void step(v1::Jiyao& j, const std::string& name, std::string action, std::string_view actor,
          std::int64_t now_ms, std::string note = {}) {
  auto* s = j.add_steps();
  s->set_action(std::move(action));
  s->set_by(std::string(actor));
  s->set_by_name(name);
  s->set_at_ms(now_ms);
  s->set_note(std::move(note));
}

const v1::JiyaoSection* find_section(const v1::Jiyao& j, const std::string& id) {
  for (const auto& s : j.sections()) {
    if (s.id() == id) return &s;
  }
  return nullptr;
}

// A commented text: a section's statements, or the opening paragraph.
const std::string* commented_text(const v1::Jiyao& j, const std::string& id) {
  if (id == jiyao_opening_id) return &j.opening();
  const auto* s = find_section(j, id);
  return s ? &s->text() : nullptr;
}

// A comment must point at a passage that is in its section now: the quote is what a reader
// finds, the offset the occurrence meant (the nearest one to the offset given).
maybe_rejection resolve_comment(const v1::Jiyao& j, const v1::JiyaoComment& in, int k,
                                v1::JiyaoComment& out) {
  const auto at = "comments[" + std::to_string(k) + "]";
  const auto* commented = commented_text(j, in.section_id());
  if (!commented) {
    return reject(v1::ERROR_NOT_FOUND, "no section '" + in.section_id() + "' in the 纪要",
                  at + ".section_id");
  }
  if (auto r = check_text(in.quote(), quote_rule, at + ".quote")) return r;
  if (auto r = check_text(in.text(), comment_rule, at + ".text")) return r;
  const std::string& text = *commented;
  std::size_t best = std::string::npos;
  std::size_t best_cp = 0;
  std::size_t distance = std::string::npos;
  for (auto pos = text.find(in.quote()); pos != std::string::npos;
       pos = text.find(in.quote(), pos + 1)) {
    const auto cp = utf8::count(std::string_view(text).substr(0, pos));
    if (!cp) continue;  // not on a character boundary
    const auto d = *cp > in.offset() ? *cp - in.offset() : in.offset() - *cp;
    if (d < distance) {
      distance = d;
      best = pos;
      best_cp = *cp;
    }
  }
  if (best == std::string::npos) {
    return reject(v1::ERROR_INVALID_FIELD, "the quoted passage is not in the section's text",
                  at + ".quote");
  }
  out.set_section_id(in.section_id());
  out.set_quote(in.quote());
  out.set_offset(static_cast<std::uint32_t>(best_cp));
  out.set_text(in.text());
  return std::nullopt;
}

maybe_rejection check_lines(const google::protobuf::RepeatedPtrField<std::string>& lines,
                            const std::string& field) {
  if (static_cast<std::size_t>(lines.size()) > max_recipients) {
    return reject(v1::ERROR_TOO_LARGE, "at most 200 " + field, field);
  }
  for (int i = 0; i < lines.size(); ++i) {
    if (auto r = check_text(lines[i], line_rule, field + "[" + std::to_string(i) + "]")) return r;
  }
  return std::nullopt;
}

maybe_rejection decide_create(const v1::Meeting& m, const v1::JiyaoAction& in, std::int64_t now_ms,
                              std::string_view actor, v1::Jiyao& out) {
  if (auto r = check_text(in.unit(), line_rule, "unit")) return r;
  if (auto r = check_text(in.issuer(), line_rule, "issuer")) return r;
  if (auto r = check_lines(in.distribution(), "distribution")) return r;
  if (m.jiyao_size() > 0) {
    return reject(v1::ERROR_CONFLICT,
                  "the 纪要 exists already; change a signed-off version by a correction",
                  "jiyao.state");
  }
  if (m.lifecycle().phase() != v1::PHASE_ENDED) {
    return reject(v1::ERROR_CONFLICT,
                  "the 纪要 is drafted after the meeting; end the meeting first", "phase");
  }
  exports::jiyao_options o;
  o.unit = in.unit();
  o.issuer = in.issuer();
  o.issued_at_ms = now_ms;
  o.distribution.assign(in.distribution().begin(), in.distribution().end());
  // The sections from the whole meeting: every reader's cut is made when the 纪要 is sent
  // (redact_jiyao). The opening is one text for every reader, so it names only the items
  // everyone who sees the meeting may see (those at the meeting's own level or below).
  const auto d = exports::draft_jiyao(m, {}, o);
  out = exports::stored_jiyao(d, m.info().level());
  v1::Meeting common = m;
  auto* agenda = common.mutable_agenda();
  agenda->erase(std::remove_if(agenda->begin(), agenda->end(),
                               [&](const v1::AgendaItem& it) {
                                 return static_cast<int>(it.level()) >
                                        static_cast<int>(m.info().level());
                               }),
                agenda->end());
  out.set_opening(exports::draft_jiyao(common, {}, o).opening);
  out.set_number(1);
  out.set_state(v1::JIYAO_DRAFTING);
  step(out, actor_name(m, in, actor), "create", actor, now_ms);
  return std::nullopt;
}

}  // namespace

bool is_jiyao_section_id(std::string_view id) {
  return id.substr(0, jiyao_section_prefix.size()) == jiyao_section_prefix;
}

std::string text_item_id(std::string_view id) {
  if (!is_jiyao_section_id(id)) return std::string(id);
  auto rest = id.substr(jiyao_section_prefix.size());
  return rest == "other" || rest == "_opening" ? std::string() : std::string(rest);
}

const std::string* find_text(const v1::Meeting& m, const std::string& id) {
  if (is_jiyao_section_id(id)) {
    if (m.jiyao_size() == 0) return nullptr;
    return commented_text(m.jiyao(m.jiyao_size() - 1), id);
  }
  for (const auto& it : m.agenda()) {
    if (it.id() == id) return &it.minutes();
  }
  return nullptr;
}

std::string* find_text(v1::Meeting& m, const std::string& id) {
  if (is_jiyao_section_id(id)) {
    if (m.jiyao_size() == 0) return nullptr;
    if (id == jiyao_opening_id) return m.mutable_jiyao(m.jiyao_size() - 1)->mutable_opening();
    for (auto& s : *m.mutable_jiyao(m.jiyao_size() - 1)->mutable_sections()) {
      if (s.id() == id) return s.mutable_text();
    }
    return nullptr;
  }
  for (auto& it : *m.mutable_agenda()) {
    if (it.id() == id) return it.mutable_minutes();
  }
  return nullptr;
}

maybe_rejection check_text_editable(const v1::Meeting& m, const std::string& id) {
  if (!is_jiyao_section_id(id) || m.jiyao_size() == 0) return std::nullopt;
  const auto& j = m.jiyao(m.jiyao_size() - 1);
  if (j.state() == v1::JIYAO_DRAFTING || j.state() == v1::JIYAO_RETURNED) return std::nullopt;
  if (j.state() == v1::JIYAO_SUBMITTED) {
    return wrong_state(j, "it is with the chair for review; edit it after a return");
  }
  return wrong_state(j, "a signed-off version is frozen; start a correction (更正) to change it");
}

bool may_sign_jiyao(const v1::Meeting& m, const std::string& account_id) {
  if (account_id.empty()) return false;
  if (m.created_by() == account_id) return true;
  const auto* a = linked(m, account_id);
  return a && (a->role() == v1::ROLE_CHAIR || a->role() == v1::ROLE_CONVENER);
}

maybe_rejection decide_jiyao(const v1::Meeting& m, const v1::JiyaoAction& in, std::int64_t now_ms,
                             std::string_view actor, v1::JiyaoAction& out) {
  out.Clear();
  out.set_step(in.step());
  const auto role = role_in(m, std::string(actor));
  const bool signer = may_sign_jiyao(m, std::string(actor));
  const bool secretary = role == meeting_role::secretary;
  auto forbidden = [&](const char* who) {
    return reject(v1::ERROR_FORBIDDEN, std::string("only ") + who + " may do this to the 纪要",
                  "step");
  };
  if (in.step() == v1::JIYAO_CREATE) {
    if (!secretary) return forbidden("a secretary");
    return decide_create(m, in, now_ms, actor, *out.mutable_jiyao());
  }
  if (in.step() < v1::JIYAO_CREATE || in.step() > v1::JIYAO_CORRECT) {
    return reject(v1::ERROR_INVALID_FIELD, "step must name a 纪要 action", "step");
  }
  const bool signing = in.step() == v1::JIYAO_RETURN || in.step() == v1::JIYAO_APPROVE;
  if (signing && !signer) return forbidden("the chair or the convener");
  if (!signing && !secretary) return forbidden("a secretary");
  if (m.jiyao_size() == 0) {
    return reject(v1::ERROR_NOT_FOUND, "the meeting has no 纪要 yet; create the draft first",
                  "jiyao");
  }
  const auto& now = m.jiyao(m.jiyao_size() - 1);
  auto& j = *out.mutable_jiyao();
  j = now;
  switch (in.step()) {
    case v1::JIYAO_SUBMIT:
      if (now.state() != v1::JIYAO_DRAFTING && now.state() != v1::JIYAO_RETURNED) {
        return wrong_state(now, "only a draft or a returned 纪要 is submitted");
      }
      j.set_state(v1::JIYAO_SUBMITTED);
      step(j, actor_name(m, in, actor), "submit", actor, now_ms);
      return std::nullopt;
    case v1::JIYAO_RETURN: {
      if (now.state() != v1::JIYAO_SUBMITTED) {
        return wrong_state(now, "only a submitted 纪要 is returned");
      }
      if (in.comments_size() == 0) {
        return reject(v1::ERROR_INVALID_FIELD, "a return says what to change: add a comment",
                      "comments");
      }
      if (static_cast<std::size_t>(in.comments_size()) > max_comments) {
        return reject(v1::ERROR_TOO_LARGE, "at most 50 comments", "comments");
      }
      j.clear_comments();
      for (int k = 0; k < in.comments_size(); ++k) {
        auto* c = j.add_comments();
        if (auto r = resolve_comment(now, in.comments(k), k, *c)) return r;
        c->set_by(std::string(actor));
        c->set_at_ms(now_ms);
      }
      j.set_state(v1::JIYAO_RETURNED);
      step(j, actor_name(m, in, actor), "return", actor, now_ms);
      return std::nullopt;
    }
    case v1::JIYAO_APPROVE:
      if (now.state() != v1::JIYAO_SUBMITTED) {
        return wrong_state(now, "only a submitted 纪要 is signed off");
      }
      j.set_state(v1::JIYAO_APPROVED);
      j.set_signed_by(std::string(actor));
      j.set_signed_by_name(actor_name(m, in, actor));
      j.set_signed_at_ms(now_ms);
      step(j, actor_name(m, in, actor), "approve", actor, now_ms);
      return std::nullopt;
    case v1::JIYAO_ISSUE: {
      if (auto r = check_lines(in.recipients(), "recipients")) return r;
      if (auto r = check_lines(in.distribution(), "distribution")) return r;
      for (int i = 0; i < in.recipients_size(); ++i) {
        if (!valid_account_id(in.recipients(i))) {
          return reject(v1::ERROR_INVALID_FIELD, "recipients are account ids",
                        "recipients[" + std::to_string(i) + "]");
        }
      }
      if (now.state() != v1::JIYAO_APPROVED) {
        return wrong_state(now, "only a signed-off 纪要 is issued");
      }
      if (in.issue_seq() <= 0 || in.issue_number().empty()) {
        return reject(v1::ERROR_INTERNAL, "the issue number was not taken", "issue_number");
      }
      j.set_state(v1::JIYAO_ISSUED);
      j.set_issue_seq(in.issue_seq());
      j.set_issue_number(in.issue_number());
      if (!in.issue_date().empty()) j.set_date(in.issue_date());
      j.set_issued_at_ms(now_ms);
      *j.mutable_recipients() = in.recipients();
      if (in.distribution_size() > 0) *j.mutable_distribution() = in.distribution();
      step(j, actor_name(m, in, actor), "issue", actor, now_ms);
      out.set_issue_seq(in.issue_seq());
      out.set_issue_number(in.issue_number());
      out.set_issue_date(in.issue_date());
      *out.mutable_recipients() = in.recipients();
      return std::nullopt;
    }
    case v1::JIYAO_ARCHIVE:
      if (now.state() != v1::JIYAO_ISSUED)
        return wrong_state(now, "only an issued 纪要 is archived");
      j.set_state(v1::JIYAO_ARCHIVED);
      step(j, actor_name(m, in, actor), "archive", actor, now_ms);
      return std::nullopt;
    case v1::JIYAO_CORRECT: {
      if (auto r = check_text(in.reason(), reason_rule, "reason")) return r;
      if (!frozen(now.state())) {
        return wrong_state(now, "only a signed-off version is corrected; edit the draft instead");
      }
      // A new version from the frozen text; the frozen one stays as it is.
      j.set_number(now.number() + 1);
      j.set_state(v1::JIYAO_DRAFTING);
      for (auto* f :
           {j.mutable_signed_by(), j.mutable_signed_by_name(), j.mutable_issue_number()}) {
        f->clear();
      }
      j.set_signed_at_ms(0);
      j.set_issued_at_ms(0);
      j.set_issue_seq(0);
      j.clear_recipients();
      j.clear_comments();
      j.clear_steps();
      j.set_correction_reason(in.reason());
      // The new version follows the 督办 items again, from where they are now.
      for (const auto& d : m.decisions()) follow_decision(j, d, m.info().level());
      step(j, actor_name(m, in, actor), "correct", actor, now_ms, in.reason());
      return std::nullopt;
    }
    default:
      break;
  }
  return reject(v1::ERROR_INVALID_FIELD, "step must name a 纪要 action", "step");
}

void move_comment_anchors(v1::Meeting& m, const v1::EditMinutes& e) {
  if (!is_jiyao_section_id(e.item_id()) || m.jiyao_size() == 0) return;
  auto& j = *m.mutable_jiyao(m.jiyao_size() - 1);
  const auto op = ot::from_proto(e.op());
  if (!op) return;
  for (auto& c : *j.mutable_comments()) {
    if (c.section_id() != e.item_id()) continue;
    // The start of the quoted passage, like the start of a selection: text typed exactly
    // there goes before the passage.
    c.set_offset(
        static_cast<std::uint32_t>(ot::transform_index(*op, c.offset(), ot::assoc::right)));
  }
}

void apply_jiyao(v1::Meeting& m, const v1::JiyaoAction& a) {
  if (!a.has_jiyao()) return;
  const bool new_version = a.step() == v1::JIYAO_CREATE || a.step() == v1::JIYAO_CORRECT;
  if (new_version || m.jiyao_size() == 0) {
    *m.add_jiyao() = a.jiyao();
  } else {
    *m.mutable_jiyao(m.jiyao_size() - 1) = a.jiyao();
  }
}

void redact_jiyao(v1::Jiyao& j, const v1::Meeting& full, v1::Level clearance) {
  std::vector<std::string> cut;
  for (auto& s : *j.mutable_sections()) {
    if (static_cast<int>(s.level()) <= static_cast<int>(clearance)) continue;
    cut.push_back(s.id());
    v1::JiyaoSection w;
    w.set_id(s.id());
    w.set_withheld(true);
    s = std::move(w);
  }
  (void)full;
  if (cut.empty()) return;
  auto* comments = j.mutable_comments();
  comments->erase(std::remove_if(comments->begin(), comments->end(),
                                 [&](const v1::JiyaoComment& c) {
                                   return std::find(cut.begin(), cut.end(), c.section_id()) !=
                                          cut.end();
                                 }),
                  comments->end());
}

std::string_view jiyao_state_label(v1::JiyaoState s) {
  switch (s) {
    case v1::JIYAO_DRAFTING:
      return "起草中";
    case v1::JIYAO_SUBMITTED:
      return "送审中";
    case v1::JIYAO_RETURNED:
      return "已退回修改";
    case v1::JIYAO_APPROVED:
      return "已签发";
    case v1::JIYAO_ISSUED:
      return "已印发";
    case v1::JIYAO_ARCHIVED:
      return "已归档";
    default:
      break;
  }
  return "?";
}

}  // namespace huiwu::domain
