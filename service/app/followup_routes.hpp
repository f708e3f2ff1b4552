#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <memory>

#include "app/auth_service.hpp"
#include "core/notifier.hpp"
#include "net/server_context.hpp"

namespace huiwu::app {

// Follow-up (督办, docs/protocol.md "Follow-up"): registers the /api/followup routes on
// `ctx`, starts this instance's reminder scheduler and its live-update hub, and returns
// what keeps them running (hold it for the server's lifetime). Test hooks, from the
// environment: HUIWU_CLOCK_OFFSET_MS moves the server's clock (services::now_ms) by that
// much, HUIWU_FOLLOWUP_TICK_MS sets how often the scheduler looks for due reminders
// (default 1000).
std::shared_ptr<void> start_followup(boost::asio::any_io_executor ex, net::server_context& ctx,
                                     auth_service& auth, core::notifier& notify);

// The routes alone, nothing started and no clock hook: for --list-routes.
std::shared_ptr<void> add_followup_routes(net::server_context& ctx, auth_service& auth);

}  // namespace huiwu::app
