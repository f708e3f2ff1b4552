// Every (state, action, role) combination, one test each: the allowed ones succeed and
// lead to the expected state; all others are refused with the reason that applies. The
// expected table is written out here again, independently of state_table.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

#include "followup/state_table.hpp"
#include "workflow_fixtures.hpp"

namespace huiwu::followup {
namespace {

using namespace testing;
using s = item_state;
using r = actor_role;
using k = action_kind;

struct expected_row {
  k action;
  std::vector<s> from;
  std::vector<r> roles;
  std::optional<s> to;  // nullopt: unchanged
};

const std::vector<expected_row>& expected_table() {
  static const std::vector<expected_row> rows = {
      {k::open, {}, {}, std::nullopt},
      {k::assign, {s::opened}, {r::supervisor}, s::assigned},
      {k::accept, {s::assigned}, {r::lead}, s::accepted},
      {k::report_progress,
       {s::accepted, s::in_progress},
       {r::lead, r::co_operator, r::supervisor},
       s::in_progress},
      {k::report_completion, {s::accepted, s::in_progress}, {r::lead}, s::completion_reported},
      {k::send_back, {s::completion_reported}, {r::supervisor}, s::in_progress},
      {k::close, {s::completion_reported}, {r::supervisor}, s::closed},
      {k::request_extension, {s::assigned, s::accepted, s::in_progress}, {r::lead}, std::nullopt},
      {k::approve_extension,
       {s::assigned, s::accepted, s::in_progress},
       {r::supervisor},
       std::nullopt},
      {k::refuse_extension,
       {s::assigned, s::accepted, s::in_progress},
       {r::supervisor},
       std::nullopt},
      {k::cancel,
       {s::opened, s::assigned, s::accepted, s::in_progress, s::completion_reported},
       {r::supervisor, r::chair},
       s::cancelled},
      {k::return_assignment, {s::assigned, s::accepted}, {r::lead}, s::opened},
  };
  return rows;
}

template <class T>
bool contains(const std::vector<T>& v, T x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

using combo = std::tuple<int, int, int>;  // state, action, role

class EveryCombination : public ::testing::TestWithParam<combo> {};

TEST_P(EveryCombination, IsAllowedOrRefusedWithTheRightReason) {
  const auto st = static_cast<s>(std::get<0>(GetParam()));
  const auto ak = static_cast<k>(std::get<1>(GetParam()));
  const auto role = static_cast<r>(std::get<2>(GetParam()));
  const expected_row& row = expected_table().at(static_cast<std::size_t>(ak));
  ASSERT_EQ(row.action, ak);

  decision_item item = in_state(st);
  const std::int64_t now = t0 + 60 * minute;
  if (ak == k::approve_extension || ak == k::refuse_extension) {
    // What approve and refuse need; the other actions see no pending request.
    item.pending_extension = extension_request{{2030, 12, 31}, "理由", "lead-1", now};
  }
  std::optional<civil_date> date;
  if (ak == k::request_extension) date = civil_date{2030, 9, 30};
  if (ak == k::open) date = civil_date{2030, 1, 1};
  const action a = act(ak, "理由或报告", date);
  const decision_item before = item;

  auto t = decide(item, a, role, now, shanghai());
  const bool allowed_here = contains(row.from, st) && contains(row.roles, role);
  EXPECT_EQ(allowed(st, ak, role), allowed_here) << "state_table() disagrees";
  if (allowed_here) {
    ASSERT_TRUE(t) << t.error().message;
    const s want = row.to ? *row.to : st;
    EXPECT_EQ(t->entry.from_state, st);
    EXPECT_EQ(t->entry.to_state, want);
    EXPECT_EQ(t->entry.action, ak);
    EXPECT_EQ(t->entry.role, role);
    EXPECT_EQ(t->entry.actor, "user-1");
    EXPECT_EQ(t->entry.at_ms, now);
    ASSERT_TRUE(apply(item, *t));
    EXPECT_EQ(item.state, want);
    ASSERT_EQ(item.history.size(), before.history.size() + 1);
    EXPECT_TRUE(std::equal(before.history.begin(), before.history.end(), item.history.begin()));
    return;
  }
  ASSERT_FALSE(t) << "allowed but should not be";
  const rejection& why = t.error();
  EXPECT_FALSE(why.message.empty());
  EXPECT_NE(why.message.find(std::string(to_string(ak))), std::string::npos) << why.message;
  if (is_final(st)) {
    EXPECT_EQ(why.code, rejection_code::finished) << why.message;
    EXPECT_EQ(why.field, "state");
  } else if (!contains(row.from, st)) {
    EXPECT_EQ(why.code, rejection_code::wrong_state) << why.message;
    EXPECT_EQ(why.field, "state");
    EXPECT_NE(why.message.find(std::string(to_string(st))), std::string::npos) << why.message;
  } else {
    EXPECT_EQ(why.code, rejection_code::forbidden) << why.message;
    EXPECT_EQ(why.field, "role");
    for (r ok : row.roles) {
      EXPECT_NE(why.message.find(std::string(to_string(ok))), std::string::npos) << why.message;
    }
  }
  EXPECT_EQ(item, before);  // a refusal changes nothing
}

std::string combo_name(const ::testing::TestParamInfo<combo>& info) {
  return std::string(to_string(static_cast<s>(std::get<0>(info.param)))) + "_" +
         std::string(to_string(static_cast<k>(std::get<1>(info.param)))) + "_" +
         std::string(to_string(static_cast<r>(std::get<2>(info.param))));
}

INSTANTIATE_TEST_SUITE_P(StateTable, EveryCombination,
                         ::testing::Combine(::testing::Range(0, item_state_count),
                                            ::testing::Range(0, action_kind_count),
                                            ::testing::Range(0, actor_role_count)),
                         combo_name);

TEST(StateTable, AllowedActionsAreTheButtonsToShow) {
  EXPECT_EQ(allowed_actions(s::opened, r::supervisor), (std::vector<k>{k::assign, k::cancel}));
  EXPECT_EQ(allowed_actions(s::in_progress, r::lead),
            (std::vector<k>{k::report_progress, k::report_completion, k::request_extension}));
  EXPECT_EQ(allowed_actions(s::in_progress, r::co_operator), (std::vector<k>{k::report_progress}));
  EXPECT_EQ(allowed_actions(s::completion_reported, r::supervisor),
            (std::vector<k>{k::send_back, k::close, k::cancel}));
  EXPECT_EQ(allowed_actions(s::completion_reported, r::chair), (std::vector<k>{k::cancel}));
  for (int role = 0; role < actor_role_count; ++role) {
    EXPECT_TRUE(allowed_actions(s::closed, static_cast<r>(role)).empty());
    EXPECT_TRUE(allowed_actions(s::cancelled, static_cast<r>(role)).empty());
  }
}

TEST(StateTable, NamesRoundTrip) {
  for (int i = 0; i < item_state_count; ++i) {
    const auto v = static_cast<s>(i);
    EXPECT_EQ(parse_item_state(to_string(v)), v);
    EXPECT_FALSE(label_zh(v).empty());
  }
  for (int i = 0; i < action_kind_count; ++i) {
    const auto v = static_cast<k>(i);
    EXPECT_EQ(parse_action_kind(to_string(v)), v);
    EXPECT_FALSE(label_zh(v).empty());
  }
  for (int i = 0; i < actor_role_count; ++i) {
    const auto v = static_cast<r>(i);
    EXPECT_EQ(parse_actor_role(to_string(v)), v);
    EXPECT_FALSE(label_zh(v).empty());
  }
  EXPECT_EQ(parse_item_state("done"), std::nullopt);
  EXPECT_EQ(label_zh(s::closed), "已销号");
  EXPECT_EQ(label_zh(k::send_back), "退回重办");  // distinct from 退回交办
  EXPECT_EQ(label_zh(k::return_assignment), "退回交办");
}

}  // namespace
}  // namespace huiwu::followup
