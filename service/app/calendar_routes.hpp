// Calendar routes (docs/protocol.md §12): a meeting's invitation and an account's feed
// of the meetings it is invited to, as iCalendar in the office's zone (--time-zone).
#pragma once

#include "net/server_context.hpp"

namespace huiwu::app {

void add_calendar_routes(net::server_context& ctx);

}  // namespace huiwu::app
