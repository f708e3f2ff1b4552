// Items in a given state, built the way the workflow builds them, for the state-machine
// tests.
#pragma once

#include <gtest/gtest.h>

#include "followup/state_machine.hpp"
#include "test_zones.hpp"

namespace huiwu::followup::testing {

// 2024-05-01 10:00 Beijing time.
inline constexpr std::int64_t t0 = 1'714'528'800'000;
inline constexpr std::int64_t minute = 60'000;
inline const civil_date far_deadline{2030, 6, 30};

inline action act(action_kind k, std::string text = "说明", std::optional<civil_date> date = {},
                  std::string actor = "user-1") {
  return action{k, std::move(actor), std::move(text), date};
}

inline const time_zone& shanghai() {
  return zone("Asia/Shanghai");
}

// Takes the action and applies it, failing the test if it is refused.
inline void step(decision_item& item, const action& a, actor_role r, std::int64_t now_ms,
                 const time_zone& z = shanghai()) {
  auto t = decide(item, a, r, now_ms, z);
  ASSERT_TRUE(t) << to_string(a.kind) << ": " << t.error().message;
  ASSERT_TRUE(apply(item, *t));
}

inline decision_item opened(civil_date deadline = far_deadline, std::int64_t now_ms = t0) {
  auto item = open_item("item-1", act(action_kind::open, "立项", deadline), actor_role::supervisor,
                        now_ms, shanghai());
  EXPECT_TRUE(item) << item.error().message;
  return item ? *item : decision_item{};
}

// An item driven through real transitions into `target`.
inline decision_item in_state(item_state target, civil_date deadline = far_deadline) {
  decision_item item = opened(deadline);
  std::int64_t now = t0;
  auto next = [&](action_kind k, actor_role r) { step(item, act(k), r, now += minute); };
  switch (target) {
    case item_state::opened:
      break;
    case item_state::cancelled:
      next(action_kind::cancel, actor_role::chair);
      break;
    default:
      next(action_kind::assign, actor_role::supervisor);
      if (target == item_state::assigned) break;
      next(action_kind::accept, actor_role::lead);
      if (target == item_state::accepted) break;
      next(action_kind::report_progress, actor_role::lead);
      if (target == item_state::in_progress) break;
      next(action_kind::report_completion, actor_role::lead);
      if (target == item_state::completion_reported) break;
      next(action_kind::close, actor_role::supervisor);
  }
  EXPECT_EQ(item.state, target);
  return item;
}

}  // namespace huiwu::followup::testing
