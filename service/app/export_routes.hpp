#pragma once

#include "net/server_context.hpp"

namespace huiwu::app {

// GET /api/meetings/minutes?m=<id>&format=docx|txt&group=item|speaker[&number=…]: the formal
// minutes (会议纪要) of a meeting as the caller may see it (docs/export.md). Called from
// add_routes, so `huiwu-server --list-routes` lists it.
void add_export_routes(net::server_context& ctx);

}  // namespace huiwu::app
