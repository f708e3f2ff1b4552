#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <memory>

#include "app/auth_service.hpp"
#include "core/notifier.hpp"
#include "net/server_context.hpp"

namespace huiwu::app {

// Follow-up (督办, docs/protocol.md "Follow-up"): registers the /api/followup routes on
// `ctx`, starts this instance's reminder scheduler and its live-update hub, and returns
// what keeps them running (hold it for the server's lifetime). Time is the server's clock
// (services::clock). Test hook, from the environment: HUIWU_FOLLOWUP_TICK_MS sets how often
// the scheduler looks for due reminders (default 1000).
std::shared_ptr<void> start_followup(boost::asio::any_io_executor ex, net::server_context& ctx,
                                     auth_service& auth, core::notifier& notify);

// The routes alone, nothing started: for --list-routes.
std::shared_ptr<void> add_followup_routes(net::server_context& ctx, auth_service& auth);

}  // namespace huiwu::app
