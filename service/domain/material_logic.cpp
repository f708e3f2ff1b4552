#include "domain/material_logic.hpp"

#include <algorithm>
#include <string>

#include "domain/meeting_lookup.hpp"
#include "domain/text_rules.hpp"

namespace huiwu::domain {
namespace {

constexpr text_rule material_title_rule{text_kind::single_line, 200, true};
constexpr text_rule material_file_name_rule{text_kind::single_line, 200, true};

bool material_sha256_ok(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

rejection unknown_material(std::string_view id) {
  return reject(v1::ERROR_NOT_FOUND, "no material with id '" + std::string(id) + "'",
                "material_id");
}

v1::AgendaItem* material_item_mut(v1::Meeting& m, const std::string& id) {
  for (auto& it : *m.mutable_agenda()) {
    if (it.id() == id) return &it;
  }
  return nullptr;
}

maybe_rejection decide_add_material(const v1::Meeting& m, const v1::AddMaterial& in,
                                    std::int64_t now_ms, std::string_view actor,
                                    v1::AddMaterial& out) {
  const auto* item = find_item(m, in.item_id());
  if (!item) {
    return reject(v1::ERROR_NOT_FOUND, "no agenda item with id '" + in.item_id() + "'", "item_id");
  }
  const auto& v = in.version();
  if (!material_sha256_ok(v.sha256())) {
    return reject(v1::ERROR_INVALID_FIELD, "version.sha256 must be 64 lower-case hex digits",
                  "version.sha256");
  }
  if (v.size() <= 0) {
    return reject(v1::ERROR_INVALID_FIELD, "the file is empty", "version.size");
  }
  if (!known_material_type(v.type())) {
    return reject(v1::ERROR_INVALID_FIELD,
                  "version.type must be pdf, docx, xlsx, pptx, png or jpeg", "version.type");
  }
  if (auto r = check_text(v.file_name(), material_file_name_rule, "version.file_name")) return r;
  v1::Material material;
  if (in.material_id().empty()) {
    const auto live = std::count_if(item->materials().begin(), item->materials().end(),
                                    [](const v1::Material& x) { return !x.removed(); });
    if (live >= max_materials_per_item) {
      return reject(v1::ERROR_TOO_LARGE, "the item already has 50 materials", "item_id");
    }
    if (auto r = check_text(in.title(), material_title_rule, "title")) return r;
    material.set_id("f" + std::to_string(m.next_id() + 1));
    material.set_title(in.title());
  } else {
    const auto* old = find_material(*item, in.material_id());
    if (!old || old->removed()) return unknown_material(in.material_id());
    if (old->versions_size() >= max_versions_per_material) {
      return reject(v1::ERROR_TOO_LARGE, "the material already has 100 versions", "material_id");
    }
    material = *old;
    if (!in.title().empty()) {
      if (auto r = check_text(in.title(), material_title_rule, "title")) return r;
      material.set_title(in.title());
    }
  }
  // 仅阅读 asked for by the upload (the route passes it in the input material), kept by a
  // new version; either way only a file the browser can show.
  if (in.material().view_only()) material.set_view_only(true);
  if (view_only(*item, material) && !viewable_type(v.type())) {
    return reject(v1::ERROR_UNSUPPORTED_TYPE,
                  "a view-only (仅阅读) material must be a PDF or an image, shown in the browser: "
                  "save the file as PDF first",
                  "file");
  }
  auto& added = *material.add_versions();
  added = v;
  added.set_version(static_cast<std::uint32_t>(material.versions_size()));
  added.set_by(std::string(actor));
  added.set_at_ms(now_ms);
  out.set_item_id(in.item_id());
  out.set_material_id(material.id());
  out.set_title(material.title());
  *out.mutable_version() = added;
  *out.mutable_material() = std::move(material);
  return std::nullopt;
}

maybe_rejection decide_remove_material(const v1::Meeting& m, const v1::RemoveMaterial& in,
                                       std::int64_t now_ms, std::string_view actor,
                                       v1::RemoveMaterial& out) {
  const auto* item = find_item(m, in.item_id());
  if (!item) {
    return reject(v1::ERROR_NOT_FOUND, "no agenda item with id '" + in.item_id() + "'", "item_id");
  }
  const auto* old = find_material(*item, in.material_id());
  if (!old || old->removed()) return unknown_material(in.material_id());
  out.set_item_id(in.item_id());
  out.set_material_id(in.material_id());
  auto& after = *out.mutable_material();
  after = *old;
  after.set_removed(true);
  after.set_removed_by(std::string(actor));
  after.set_removed_at_ms(now_ms);
  return std::nullopt;
}

maybe_rejection decide_view_only(const v1::Meeting& m, const v1::SetMaterialViewOnly& in,
                                 v1::SetMaterialViewOnly& out) {
  const auto* item = find_item(m, in.item_id());
  if (!item) {
    return reject(v1::ERROR_NOT_FOUND, "no agenda item with id '" + in.item_id() + "'", "item_id");
  }
  const auto* old = find_material(*item, in.material_id());
  if (!old || old->removed()) return unknown_material(in.material_id());
  if (in.view_only() && !viewable_in_browser(*old)) {
    return reject(v1::ERROR_INVALID_FIELD,
                  "only a PDF or an image can be view only (shown in the browser): upload the "
                  "file as PDF first",
                  "view_only");
  }
  if (!in.view_only() && item->level() >= v1::LEVEL_SECRET) {
    return reject(v1::ERROR_INVALID_FIELD,
                  "the materials of a secret (机密) item are always view only", "view_only");
  }
  out.set_item_id(in.item_id());
  out.set_material_id(in.material_id());
  out.set_view_only(in.view_only());
  *out.mutable_material() = *old;
  out.mutable_material()->set_view_only(in.view_only());
  return std::nullopt;
}

}  // namespace

bool viewable_in_browser(const v1::Material& x) {
  return x.versions_size() > 0 && viewable_type(x.versions(x.versions_size() - 1).type());
}

bool viewable_type(std::string_view type) {
  return type == "pdf" || type == "png" || type == "jpeg";
}

bool view_only(const v1::AgendaItem& item, const v1::Material& x) {
  return x.view_only() || item.level() >= v1::LEVEL_SECRET;
}

bool is_material_change(const v1::Change& c) {
  return c.kind_case() == v1::Change::kAddMaterial ||
         c.kind_case() == v1::Change::kRemoveMaterial ||
         c.kind_case() == v1::Change::kSetMaterialViewOnly;
}

bool known_material_type(std::string_view t) {
  return t == "pdf" || t == "docx" || t == "xlsx" || t == "pptx" || t == "png" || t == "jpeg";
}

const v1::Material* find_material(const v1::AgendaItem& item, std::string_view material_id) {
  for (const auto& x : item.materials()) {
    if (x.id() == material_id) return &x;
  }
  return nullptr;
}

maybe_rejection decide_material(const v1::Meeting& m, const v1::Change& in, std::int64_t now_ms,
                                std::string_view actor, v1::Change& out) {
  if (in.has_add_material()) {
    return decide_add_material(m, in.add_material(), now_ms, actor, *out.mutable_add_material());
  }
  if (in.has_set_material_view_only()) {
    return decide_view_only(m, in.set_material_view_only(), *out.mutable_set_material_view_only());
  }
  return decide_remove_material(m, in.remove_material(), now_ms, actor,
                                *out.mutable_remove_material());
}

void apply_material(v1::Meeting& m, const v1::Change& c) {
  const bool add = c.has_add_material();
  const bool flag = c.has_set_material_view_only();
  const auto& item_id = add    ? c.add_material().item_id()
                        : flag ? c.set_material_view_only().item_id()
                               : c.remove_material().item_id();
  const auto& after = add    ? c.add_material().material()
                      : flag ? c.set_material_view_only().material()
                             : c.remove_material().material();
  auto* item = material_item_mut(m, item_id);
  if (!item) return;
  for (auto& x : *item->mutable_materials()) {
    if (x.id() == after.id()) {
      x = after;
      return;
    }
  }
  *item->add_materials() = after;
  m.set_next_id(m.next_id() + 1);
}

}  // namespace huiwu::domain
