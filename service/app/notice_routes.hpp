#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <memory>

#include "core/notifier.hpp"
#include "net/server_context.hpp"

namespace huiwu::app {

// The notice's replies and the per-account inbox (docs/protocol.md §6.5, decision 0026):
// registers /api/inbox, /api/inbox/read, /api/inbox/changes (long poll), /api/notice and
// /api/notice/reply on `ctx`, and makes every committed issue, re-issue and reminder land in
// the inboxes of those it concerns (services::committed). Hold the result for the server's
// lifetime.
std::shared_ptr<void> start_notice(boost::asio::any_io_executor ex, net::server_context& ctx,
                                   core::notifier& notify);

// The routes alone, nothing started: for --list-routes.
std::shared_ptr<void> add_notice_routes(net::server_context& ctx);

}  // namespace huiwu::app
