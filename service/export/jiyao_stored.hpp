// The stored 纪要 (v1::Jiyao, decision 0025) and the draft model the renderers take
// (jiyao_model.hpp), each made from the other. A section's statements are stored as one
// text, one paragraph per line, which the secretaries co-edit; reading it back, a paragraph
// that opens with 会议要求/强调/提出/责成 is a requirement (after the 议定事项), every other
// one stands before them in the order written.
#pragma once

#include <string>

#include "export/jiyao_model.hpp"
#include "huiwu.pb.h"

namespace huiwu::exports {

// Section ids: "j:" + item id, "j:other" for the last section of decisions tied to no item.
v1::JiyaoDecision stored_decision(const jiyao_decision& d);
v1::Jiyao stored_jiyao(const jiyao_draft& d, v1::Level meeting_level);
// A withheld stored section stays withheld (its number kept, nothing else).
jiyao_draft draft_of(const v1::Jiyao& j, const std::string& meeting_id);

}  // namespace huiwu::exports
