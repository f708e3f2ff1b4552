#pragma once

#include "net/server_context.hpp"

namespace huiwu::app {

// GET /api/meetings/jiyao?m=<id>&format=docx|pdf|md|txt|json[&number=N][&numbering=year|
// period][&issuer=…][&unit=…][&recorder=…][&to=…]: the formal minutes (纪要) drafted from
// the meeting's live state, as the caller may see it — a section above the caller's
// clearance is withheld and marked — audited like every export (docs/export.md, "纪要").
// The office's defaults come from HUIWU_JIYAO_ISSUER, HUIWU_JIYAO_UNIT and
// HUIWU_JIYAO_NUMBERING; the PDF from LibreOffice (HUIWU_SOFFICE, HUIWU_PDF_TIMEOUT_MS).
void add_jiyao_routes(net::server_context& ctx);

}  // namespace huiwu::app
