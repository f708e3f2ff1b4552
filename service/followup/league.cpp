#include "followup/league.hpp"

namespace huiwu::followup {

double on_time_rate(const unit_record& r) {
  const int known = r.closed + r.overdue;
  return known ? static_cast<double>(r.closed_on_time) / known : 1.0;
}

unit_standing standing_of(const unit_record& r) {
  if (r.overdue > 0 || on_time_rate(r) < 0.8) return unit_standing::attention;
  if (r.late > 0 || r.closed_on_time < r.closed) return unit_standing::watch;
  return unit_standing::good;
}

std::string_view to_string(unit_standing s) {
  switch (s) {
    case unit_standing::good:
      return "good";
    case unit_standing::watch:
      return "watch";
    case unit_standing::attention:
      return "attention";
  }
  return "good";
}

}  // namespace huiwu::followup
