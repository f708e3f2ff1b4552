#include "followup/decision_item.hpp"

#include <array>

namespace huiwu::followup {
namespace {

struct names {
  std::string_view id;
  std::string_view zh;
};

constexpr std::array<names, item_state_count> state_names{{
    {"opened", "立项"},
    {"assigned", "已交办"},
    {"accepted", "已签收"},
    {"in_progress", "办理中"},
    {"completion_reported", "已报办结"},
    {"closed", "已销号"},
    {"cancelled", "已撤销"},
}};

constexpr std::array<names, action_kind_count> action_names{{
    {"open", "立项"},
    {"assign", "交办"},
    {"accept", "签收"},
    {"report_progress", "进展反馈"},
    {"report_completion", "办结报告"},
    {"send_back", "退回重办"},
    {"close", "销号"},
    {"request_extension", "延期申请"},
    {"approve_extension", "同意延期"},
    {"refuse_extension", "不同意延期"},
    {"cancel", "撤销"},
    {"return_assignment", "退回交办"},
}};

constexpr std::array<names, actor_role_count> role_names{{
    {"supervisor", "督办人"},
    {"lead", "牵头责任人"},
    {"co_operator", "协办人"},
    {"chair", "主持人"},
}};

template <class E, std::size_t N>
std::optional<E> parse(const std::array<names, N>& table, std::string_view s) {
  for (std::size_t i = 0; i < N; ++i) {
    if (table[i].id == s) return static_cast<E>(i);
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(item_state s) {
  return state_names.at(static_cast<std::size_t>(s)).id;
}
std::string_view to_string(action_kind a) {
  return action_names.at(static_cast<std::size_t>(a)).id;
}
std::string_view to_string(actor_role r) {
  return role_names.at(static_cast<std::size_t>(r)).id;
}
std::string_view label_zh(item_state s) {
  return state_names.at(static_cast<std::size_t>(s)).zh;
}
std::string_view label_zh(action_kind a) {
  return action_names.at(static_cast<std::size_t>(a)).zh;
}
std::string_view label_zh(actor_role r) {
  return role_names.at(static_cast<std::size_t>(r)).zh;
}

std::optional<item_state> parse_item_state(std::string_view s) {
  return parse<item_state>(state_names, s);
}
std::optional<action_kind> parse_action_kind(std::string_view s) {
  return parse<action_kind>(action_names, s);
}
std::optional<actor_role> parse_actor_role(std::string_view s) {
  return parse<actor_role>(role_names, s);
}

bool is_final(item_state s) {
  return s == item_state::closed || s == item_state::cancelled;
}

}  // namespace huiwu::followup
