// The unit league table's judgement of one unit (督办通报 排名): the colour a unit gets
// from its own record, not from its place in the ranking. A unit whose every known
// outcome was on time and that has nothing overdue is in good standing even when it is
// last of three units that are all at 100% — "需要关注" is earned by the record.
#pragma once

#include <string_view>

namespace huiwu::followup {

/** One unit's record in the league: counts over its (not cancelled) decisions. */
struct unit_record {
  int closed = 0;          // 已销号
  int closed_on_time = 0;  // of which closed by the deadline
  int overdue = 0;         // open and past the deadline now (red light)
  int late = 0;            // decisions with any days late (closed late or overdue now)
};

enum class unit_standing {
  good,       // 良好: every known outcome on time, nothing overdue, nothing late
  watch,      // 留意: something closed late, nothing overdue now, on-time rate ≥ 80 %
  attention,  // 需要关注: something overdue now, or on-time rate below 80 %
};

/** On time among the decisions whose outcome is known (closed or overdue); 1 with none. */
double on_time_rate(const unit_record& r);

unit_standing standing_of(const unit_record& r);

/** "good", "watch", "attention": the wire names (protocol.md §8, league). */
std::string_view to_string(unit_standing s);

}  // namespace huiwu::followup
