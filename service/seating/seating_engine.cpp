#include "seating/seating_engine.hpp"

#include <map>
#include <set>

#include "seating/audience_planner.hpp"
#include "seating/meeting_planner.hpp"
#include "seating/podium_planner.hpp"
#include "seating/talks_planner.hpp"

namespace huiwu::seating {

namespace {

std::string convention_text(convention c) {
  return c == convention::left ? "以左为上" : "以右为上";
}

// Audience units: the listed ones, or the people's units in order of first appearance.
result<std::vector<std::string>> order_units(const seating_request& r,
                                             std::optional<ordered_people>& unit_order) {
  std::vector<unit_entry> units = r.units;
  if (!r.units_listed) {
    std::set<std::string> seen;
    for (const auto& p : r.people) {
      if (seen.insert(p.unit).second) units.push_back({p.unit, std::nullopt});
    }
  }
  auto ordered = people_order::sort_units(units, r.unit_order);
  if (!ordered) return ordered.error();
  std::vector<std::string> names;
  for (std::size_t i : ordered->order) names.push_back(units[i].name);
  unit_order = std::move(*ordered);
  return names;
}

}  // namespace

result<seating_outcome> seating_engine::compute(const seating_request& r) {
  seating_outcome out;
  const bool by_side = r.kind == layout_kind::meeting || r.kind == layout_kind::talks;
  auto ordered = people_order::sort(r.people, r.order, by_side);
  if (!ordered) return ordered.error();
  out.people_order = std::move(*ordered);
  const auto& order = out.people_order.order;

  result<seating_plan> plan = seating_plan{};
  std::vector<std::string> notes;
  switch (r.kind) {
    case layout_kind::podium:
      plan = podium_planner(r.conv, r.even).plan(r.podium_rows, r.blocked, r.people, order);
      notes.push_back(
          "主席台：" + convention_text(r.conv) + "，左右以座位视角（面向观众）为准；偶数排按" +
          (r.even == even_rule::a ? "A" : "B") + "方案；前排先排满，每排按本排人数居中");
      notes.push_back("座位号按座位视角（面向观众）从左到右编号；从台下看（面向主席台）左右相反");
      break;
    case layout_kind::meeting:
      plan = meeting_planner().plan(r.table, r.people, order);
      if (plan && r.convention_given) {
        plan->warnings.push_back("会见按惯例主宾坐在主人右侧，“以左为上/以右为上”的设置不适用");
      }
      break;
    case layout_kind::talks:
      plan = talks_planner(r.conv).plan(r.table, r.people, order);
      break;
    case layout_kind::audience: {
      auto units = order_units(r, out.unit_order);
      if (!units) return units.error();
      out.unit_names = std::move(*units);
      plan = audience_planner(r.conv).plan(r.audience, out.unit_names, r.people, order);
      break;
    }
  }
  if (!plan) return plan.error();
  out.plan = std::move(*plan);
  std::string on_leave;
  std::string staff;
  for (const auto& l : r.left_off) {
    auto& list = l.reason == left_off_reason::on_leave ? on_leave : staff;
    list += (list.empty() ? "" : "、") + (l.who.name.empty() ? l.who.id : l.who.name);
  }
  if (!on_leave.empty()) notes.push_back("请假人员不排座：" + on_leave);
  if (!staff.empty()) notes.push_back("会务工作人员不上主席台：" + staff);
  out.plan.notes.insert(out.plan.notes.begin(), notes.begin(), notes.end());

  // The ordering's warnings first: they explain the list every seat follows.
  std::vector<std::string> warnings = out.people_order.warnings;
  if (out.unit_order) {
    for (const auto& w : out.unit_order->warnings) warnings.push_back("单位排序：" + w);
  }
  warnings.insert(warnings.end(), out.plan.warnings.begin(), out.plan.warnings.end());
  out.plan.warnings = std::move(warnings);

  if (r.previous) out.changes = seat_diff::compare(*r.previous, out.plan, r.people);
  return out;
}

}  // namespace huiwu::seating
