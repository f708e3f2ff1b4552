#pragma once

#include "app/auth_service.hpp"
#include "net/server_context.hpp"

namespace huiwu::app {

// The audit log over HTTP, admin only (docs/security.md "Audit"): GET /api/audit (the
// entries, newest first, with the meeting's title and the agenda item's title or the
// attendee's name where the administrator is cleared for them), GET /api/audit/meetings
// (the meetings the log can be filtered by, by title) and GET /api/audit/verify.
void add_audit_routes(net::server_context& ctx, auth_service& auth);

}  // namespace huiwu::app
