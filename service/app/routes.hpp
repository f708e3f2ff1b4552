#pragma once

#include "app/auth_service.hpp"
#include "net/server_context.hpp"

namespace huiwu::app {

// The HTTP API (docs/security.md): login, logout, me, password, accounts, audit, and the
// seating preview. Every route but /api/login needs a session; admin routes need an admin.
void add_routes(net::server_context& ctx, auth_service& auth);

}  // namespace huiwu::app
