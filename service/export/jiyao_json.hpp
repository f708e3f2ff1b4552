// The 纪要 draft and its layout as JSON (Boost.JSON values; the HTTP layer writes them with
// net::json_text). The print page renders "lines", so that its wording is the server's;
// "draft" is the structure the editor and the review workflow will store.
#pragma once

#include <boost/json/object.hpp>
#include <vector>

#include "export/jiyao_layout.hpp"

namespace huiwu::exports {

boost::json::object jiyao_json(const jiyao_draft& d, const std::vector<jline>& lines);

// "marking", "heading", … as in jline_kind; "heard", "assessed", … as in statement_kind.
const char* kind_name(jline_kind k);
const char* kind_name(statement_kind k);

}  // namespace huiwu::exports
