#pragma once

#include "net/server_context.hpp"

namespace huiwu::app {

// Materials per agenda item (会议材料; protocol.md §6.5, decision 0027):
//   POST /api/meetings/materials        upload (the body is the file), a new material or a
//                                       new version of one; the meeting's secretaries only
//   GET  /api/meetings/materials        the materials of the items the caller may see
//   GET  /api/meetings/materials/file   one version's bytes, audited
// Removal is the WebSocket command remove_material. A meeting or item the caller may not see
// is answered like a missing one (404).
void add_material_routes(net::server_context& ctx);

}  // namespace huiwu::app
