// Materials per agenda item (会议材料, decision 0027): the metadata lives in the meeting, as
// events; the bytes live in the blob store under their SHA-256 (service/materials).
#pragma once

#include <cstdint>
#include <string_view>

#include "domain/rejection.hpp"
#include "huiwu.pb.h"

namespace huiwu::domain {

inline constexpr int max_materials_per_item = 50;
inline constexpr int max_versions_per_material = 100;

bool is_material_change(const v1::Change& c);

// Resolves add_material / remove_material into the change an event carries: the material
// id assigned, version number, uploader and time set, the whole material after the change.
maybe_rejection decide_material(const v1::Meeting& m, const v1::Change& in, std::int64_t now_ms,
                                std::string_view actor, v1::Change& out);
void apply_material(v1::Meeting& m, const v1::Change& c);

// The material of an item, or null.
const v1::Material* find_material(const v1::AgendaItem& item, std::string_view material_id);

// 仅阅读: the material is shown in the browser's viewer and never downloaded by a reader
// (decision 0032): flagged by a secretary, or the item is at LEVEL_SECRET.
bool view_only(const v1::AgendaItem& item, const v1::Material& x);
// A PDF, PNG or JPEG: what a browser shows by itself (of the current version).
bool viewable_type(std::string_view type);
bool viewable_in_browser(const v1::Material& x);

// The file types a material may have, as named in MaterialVersion.type.
bool known_material_type(std::string_view type);

}  // namespace huiwu::domain
