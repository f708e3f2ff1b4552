// The follow-up (督查督办) workflow's vocabulary: the states a decision item goes through,
// the actions people take on it, the roles they act in, and the item itself with its
// append-only history. Plain values; state_machine.hpp decides and applies.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "followup/civil_date.hpp"

namespace huiwu::followup {

enum class item_state {
  opened,               // 立项: recorded from the meeting, not yet handed to anyone
  assigned,             // 交办: handed to the responsible unit, awaiting its signature
  accepted,             // 签收: the lead responsible person has signed for it
  in_progress,          // 办理中: at least one progress report (进展情况)
  completion_reported,  // 办结报告: reported done, awaiting the supervisor's review
  closed,               // 销号: verified done; final
  cancelled,            // 撤销: withdrawn, with a reason; final
};
inline constexpr int item_state_count = 7;

enum class action_kind {
  open,               // 立项: only ever the first entry (open_item), never decided on an item
  assign,             // 交办
  accept,             // 签收
  report_progress,    // 进展反馈
  report_completion,  // 办结报告
  send_back,          // 退回重办: a completion report sent back (reason required)
  close,              // 销号
  request_extension,  // 延期申请 (before the deadline; new date and reason required)
  approve_extension,  // 同意延期
  refuse_extension,   // 不同意延期 (reason required)
  cancel,             // 撤销 (reason required)
  return_assignment,  // 退回交办: the lead returns an assignment not in its remit (reason required)
};
inline constexpr int action_kind_count = 12;

enum class actor_role {
  supervisor,   // 督办人: the secretariat's supervising officer
  lead,         // 牵头责任人: the lead responsible person
  co_operator,  // 协办人: a co-operating person
  chair,        // 主持人/领导: the chair or leader
};
inline constexpr int actor_role_count = 4;

// Stable lower-case identifiers (for storage, metrics, the wire) and Chinese labels (for
// exports and the UI).
std::string_view to_string(item_state s);
std::string_view to_string(action_kind a);
std::string_view to_string(actor_role r);
std::string_view label_zh(item_state s);
std::string_view label_zh(action_kind a);
std::string_view label_zh(actor_role r);
std::optional<item_state> parse_item_state(std::string_view s);
std::optional<action_kind> parse_action_kind(std::string_view s);
std::optional<actor_role> parse_actor_role(std::string_view s);

bool is_final(item_state s);  // closed or cancelled

// One line of the history: who did what, when, why, and what it changed. Entries are only
// ever appended.
struct history_entry {
  std::int64_t seq = 0;  // 1, 2, 3, … in order
  std::string actor;     // the acting person's id
  actor_role role = actor_role::supervisor;
  std::int64_t at_ms = 0;
  action_kind action = action_kind::open;
  std::string text;  // the report, the reason or the note; may be empty where optional
  item_state from_state = item_state::opened;
  item_state to_state = item_state::opened;
  // request_extension: the date asked for; approve_extension: the new deadline.
  std::optional<civil_date> deadline;
  std::optional<civil_date> previous_deadline;  // approve_extension: the one replaced

  friend bool operator==(const history_entry&, const history_entry&) = default;
};

struct extension_request {
  civil_date proposed;
  std::string reason;
  std::string requested_by;
  std::int64_t requested_at_ms = 0;

  friend bool operator==(const extension_request&, const extension_request&) = default;
};

// The workflow's view of a decision item (决定事项). Who the lead, co-operators and
// supervisor are, the text, the unit and the meeting it came from live beside it in the
// server's record; the caller resolves the acting person's role before deciding.
struct decision_item {
  std::string id;
  item_state state = item_state::opened;
  civil_date deadline;  // in the meeting's time zone
  std::optional<extension_request> pending_extension;
  std::optional<std::int64_t> completion_reported_at_ms;  // the latest 办结报告
  std::optional<std::int64_t> closed_at_ms;               // 销号 or 撤销
  std::vector<history_entry> history;

  friend bool operator==(const decision_item&, const decision_item&) = default;
};

}  // namespace huiwu::followup
