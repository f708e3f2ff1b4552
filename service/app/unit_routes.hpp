#pragma once

#include "app/auth_service.hpp"
#include "net/server_context.hpp"

namespace huiwu::app {

// The unit directory over HTTP (docs/protocol.md §14.5): GET /api/units for every
// logged-in account (the 督办 forms pick from it); POST /api/units, /api/units/update and
// /api/units/delete for admins only, each audited.
void add_unit_routes(net::server_context& ctx, auth_service& auth);

}  // namespace huiwu::app
