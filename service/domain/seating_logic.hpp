#pragma once

#include <cstdint>

#include "domain/rejection.hpp"
#include "huiwu.pb.h"

namespace huiwu::domain {

inline constexpr int max_charts = 20;
inline constexpr std::size_t max_config_bytes = 16 * 1024;

// Seating charts of a meeting. Each decide function validates the change, runs the
// seating engine (the same code as POST /api/seating/preview) on the meeting's attendees,
// and resolves the change into the chart as computed, which the event carries whole.
// `version` is the version the event will have.
maybe_rejection decide_set_chart(const v1::Meeting& m, const v1::SetChart& in,
                                 std::uint64_t version, v1::SetChart& out);
maybe_rejection decide_remove_chart(const v1::Meeting& m, const v1::RemoveChart& in,
                                    v1::RemoveChart& out);
maybe_rejection decide_pin_seat(const v1::Meeting& m, const v1::PinSeat& in, std::uint64_t version,
                                v1::PinSeat& out);
maybe_rejection decide_swap_seats(const v1::Meeting& m, const v1::SwapSeats& in,
                                  std::uint64_t version, v1::SwapSeats& out);
maybe_rejection decide_recompute_chart(const v1::Meeting& m, const v1::RecomputeChart& in,
                                       std::uint64_t version, v1::RecomputeChart& out);

// Puts a computed chart into the meeting (replacing the one with its id, or appending).
void put_chart(v1::Meeting& m, const v1::SeatingChart& chart);

}  // namespace huiwu::domain
