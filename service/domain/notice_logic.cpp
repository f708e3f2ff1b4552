#include "domain/notice_logic.hpp"

#include <algorithm>
#include <set>

#include "domain/lifecycle_logic.hpp"
#include "domain/text_rules.hpp"
#include "followup/civil_date.hpp"

namespace huiwu::domain {
namespace {

constexpr text_rule notice_name_rule{text_kind::single_line, 50, true};
constexpr text_rule notice_reason_rule{text_kind::single_line, 200, true};
constexpr text_rule notice_line_rule{text_kind::single_line, 100, false};
constexpr text_rule notice_bring_rule{text_kind::multi_line, 500, false};
constexpr text_rule notice_material_rule{text_kind::single_line, 200, true};
constexpr int max_notice_materials = 50;

const v1::Attendee* find_invitee(const v1::Meeting& m, const std::string& id) {
  for (const auto& a : m.attendees()) {
    if (a.id() == id) return &a;
  }
  return nullptr;
}

rejection replies_closed(const v1::Meeting& m, const std::string& what) {
  return reject(v1::ERROR_CONFLICT,
                "the meeting is " + std::string(phase_label(m.lifecycle().phase())) + ": " + what,
                "phase");
}

maybe_rejection decide_reply(const v1::Meeting& m, const v1::ReplyNotice& in, std::int64_t now_ms,
                             std::string_view actor, v1::ReplyNotice& out) {
  const auto* a = find_invitee(m, in.attendee_id());
  if (!a) {
    return reject(v1::ERROR_NOT_FOUND, "no attendee with id '" + in.attendee_id() + "'",
                  "attendee_id");
  }
  switch (m.lifecycle().phase()) {
    case v1::PHASE_NOTIFIED:
      break;
    case v1::PHASE_DRAFTING:
      return replies_closed(m,
                            "the notice has not been issued yet, so there is nothing to reply to");
    default:
      return replies_closed(m, "replies to the notice are closed once the meeting has started");
  }
  v1::NoticeReply r;
  r.set_kind(in.kind());
  switch (in.kind()) {
    case v1::REPLY_ATTEND:
      break;
    case v1::REPLY_DEPUTY:
      if (auto e = check_text(in.deputy_name(), notice_name_rule, "deputy_name")) return e;
      if (auto e = check_text(in.deputy_title(), notice_name_rule, "deputy_title")) return e;
      r.set_deputy_name(in.deputy_name());
      r.set_deputy_title(in.deputy_title());
      break;
    case v1::REPLY_LEAVE:
      if (auto e = check_text(in.reason(), notice_reason_rule, "reason")) return e;
      r.set_reason(in.reason());
      break;
    default:
      return reject(v1::ERROR_INVALID_FIELD,
                    "kind must be REPLY_ATTEND, REPLY_DEPUTY or REPLY_LEAVE", "kind");
  }
  r.set_at_ms(now_ms);
  r.set_by(std::string(actor));
  r.set_notice_issue(m.lifecycle().notice_issues());
  r.set_reminded_at_ms(a->reply().reminded_at_ms());
  *out.mutable_attendee() = *a;
  auto& after = *out.mutable_attendee();
  // Leave carries into attendance; a leave taken back returns the attendee to "expected"
  // unless check-in has recorded something else since.
  if (in.kind() == v1::REPLY_LEAVE &&
      (a->attendance() == v1::ATTENDANCE_EXPECTED || a->attendance() == v1::ATTENDANCE_LEAVE)) {
    after.set_attendance(v1::ATTENDANCE_LEAVE);
    after.set_leave_reason(in.reason());
  } else if (in.kind() != v1::REPLY_LEAVE && a->reply().kind() == v1::REPLY_LEAVE &&
             a->attendance() == v1::ATTENDANCE_LEAVE && a->leave_reason() == a->reply().reason()) {
    after.set_attendance(v1::ATTENDANCE_EXPECTED);
    after.clear_leave_reason();
  }
  *after.mutable_reply() = r;
  out.set_attendee_id(a->id());
  out.set_kind(r.kind());
  out.set_deputy_name(r.deputy_name());
  out.set_deputy_title(r.deputy_title());
  out.set_reason(r.reason());
  return std::nullopt;
}

maybe_rejection decide_remind(const v1::Meeting& m, std::int64_t now_ms, v1::RemindReplies& out) {
  if (m.lifecycle().phase() != v1::PHASE_NOTIFIED) {
    return replies_closed(m, "reminders to reply go out only while the notice is out");
  }
  for (const auto& a : m.attendees()) {
    if (!a.account_id().empty() && !replied(m, a)) out.add_attendee_ids(a.id());
  }
  if (out.attendee_ids().empty()) {
    return reject(v1::ERROR_CONFLICT, "every invitee with an account has replied", "replies");
  }
  out.set_at_ms(now_ms);
  return std::nullopt;
}

}  // namespace

bool is_notice_change(const v1::Change& c) {
  return c.has_reply_notice() || c.has_remind_replies();
}

maybe_rejection decide_notice_change(const v1::Meeting& m, const v1::Change& in,
                                     std::int64_t now_ms, std::string_view actor, v1::Change& out) {
  if (in.has_reply_notice()) {
    return decide_reply(m, in.reply_notice(), now_ms, actor, *out.mutable_reply_notice());
  }
  if (in.has_remind_replies()) return decide_remind(m, now_ms, *out.mutable_remind_replies());
  return reject(v1::ERROR_BAD_REQUEST, "not a notice change", "change");
}

void apply_notice_change(v1::Meeting& m, const v1::Change& c) {
  if (c.has_reply_notice()) {
    for (auto& a : *m.mutable_attendees()) {
      if (a.id() == c.reply_notice().attendee_id()) a = c.reply_notice().attendee();
    }
  } else if (c.has_remind_replies()) {
    const auto& ids = c.remind_replies().attendee_ids();
    for (auto& a : *m.mutable_attendees()) {
      if (std::find(ids.begin(), ids.end(), a.id()) != ids.end()) {
        a.mutable_reply()->set_reminded_at_ms(c.remind_replies().at_ms());
      }
    }
  }
}

maybe_rejection check_notice(const v1::Notice& n) {
  if (!n.reply_by().empty() && !followup::parse_date(n.reply_by())) {
    return reject(v1::ERROR_INVALID_FIELD, "reply_by must be a date like 2026-05-18",
                  "notice.reply_by");
  }
  if (auto r = check_text(n.contact(), notice_line_rule, "notice.contact")) return r;
  if (auto r = check_text(n.phone(), notice_line_rule, "notice.phone")) return r;
  if (auto r = check_text(n.issuer(), notice_line_rule, "notice.issuer")) return r;
  if (auto r = check_text(n.bring(), notice_bring_rule, "notice.bring")) return r;
  if (n.materials_size() > max_notice_materials) {
    return reject(v1::ERROR_TOO_LARGE, "at most 50 materials", "notice.materials");
  }
  for (const auto& s : n.materials()) {
    if (auto r = check_text(s, notice_material_rule, "notice.materials")) return r;
  }
  return std::nullopt;
}

bool reply_to_confirm(const v1::Meeting& m, const v1::Attendee& a) {
  return a.reply().kind() != v1::REPLY_NONE &&
         a.reply().notice_issue() < m.lifecycle().notice_issues();
}

bool replied(const v1::Meeting& m, const v1::Attendee& a) {
  return a.reply().kind() != v1::REPLY_NONE && !reply_to_confirm(m, a);
}

std::vector<std::string> invited_accounts(const v1::Meeting& m) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& a : m.attendees()) {
    if (!a.account_id().empty() && seen.insert(a.account_id()).second) {
      out.push_back(a.account_id());
    }
  }
  return out;
}

bool reissues_notice(const v1::Meeting& m, const v1::MeetingInfo& info) {
  return m.lifecycle().phase() == v1::PHASE_NOTIFIED &&
         (info.starts_at_ms() != m.info().starts_at_ms() ||
          info.ends_at_ms() != m.info().ends_at_ms() || info.place() != m.info().place());
}

void count_reissue(v1::Lifecycle& l, std::int64_t at_ms, const std::string& by) {
  l.set_notice_issued_at_ms(at_ms);
  l.set_notice_issued_by(by);
  l.set_notice_issues(l.notice_issues() + 1);
}

reply_counts count_replies(const v1::Meeting& m) {
  reply_counts c;
  for (const auto& a : m.attendees()) {
    ++c.invited;
    switch (a.reply().kind()) {
      case v1::REPLY_ATTEND:
        ++c.attend;
        break;
      case v1::REPLY_DEPUTY:
        ++c.deputy;
        break;
      case v1::REPLY_LEAVE:
        ++c.leave;
        break;
      default:
        ++c.none;
        break;
    }
    if (reply_to_confirm(m, a)) ++c.to_confirm;
  }
  return c;
}

std::vector<inbox_delivery> inbox_deliveries(const v1::Meeting& after, const v1::Event& e,
                                             int issues_before) {
  std::vector<inbox_delivery> out;
  auto entry = [&](const char* kind) {
    v1::InboxEntry x;
    x.set_kind(kind);
    x.set_meeting_id(after.id());
    x.set_title(after.info().title());
    x.set_at_ms(e.at_ms());
    x.set_from(e.account_id());
    return x;
  };
  const int issues = after.lifecycle().notice_issues();
  if (issues > issues_before && after.lifecycle().phase() == v1::PHASE_NOTIFIED) {
    const auto x = entry(issues_before == 0 ? "notice" : "notice_update");
    for (auto& id : invited_accounts(after)) out.push_back({std::move(id), x});
  } else if (e.change().has_remind_replies()) {
    const auto x = entry("reminder");
    const auto& ids = e.change().remind_replies().attendee_ids();
    std::set<std::string> seen;
    for (const auto& a : after.attendees()) {
      if (a.account_id().empty() || std::find(ids.begin(), ids.end(), a.id()) == ids.end()) {
        continue;
      }
      if (seen.insert(a.account_id()).second) out.push_back({a.account_id(), x});
    }
  } else if (e.change().has_jiyao_action() && e.change().jiyao_action().step() == v1::JIYAO_ISSUE) {
    // 印发 (decision 0025): the issued 纪要 lands in each recipient's inbox; what each may
    // read of it is cut when they open it (the download route), not here.
    const auto x = entry("jiyao");
    std::set<std::string> seen;
    for (const auto& id : e.change().jiyao_action().recipients()) {
      if (seen.insert(id).second) out.push_back({id, x});
    }
  }
  return out;
}

}  // namespace huiwu::domain
