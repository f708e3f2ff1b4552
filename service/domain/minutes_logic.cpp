#include "domain/minutes_logic.hpp"

#include <string>
#include <vector>

#include "base/utf8.hpp"
#include "domain/jiyao_logic.hpp"
#include "ot/proto_codec.hpp"
#include "ot/transform.hpp"

namespace huiwu::domain {
namespace {

rejection bad_op(std::string why) {
  return reject(v1::ERROR_INVALID_FIELD, "op " + why, "op");
}

}  // namespace

maybe_rejection decide_minutes(const v1::Meeting& m, const v1::EditMinutes& in,
                               std::span<const v1::Event> since_base, v1::EditMinutes& out) {
  // An item's record, or a section of the 纪要 (decision 0025): one engine for both.
  const std::string* text = find_text(m, in.item_id());
  if (!text) {
    return reject(
        v1::ERROR_NOT_FOUND,
        std::string(is_jiyao_section_id(in.item_id()) ? "no 纪要 section" : "no agenda item") +
            " with id '" + in.item_id() + "'",
        "item_id");
  }
  if (auto r = check_text_editable(m, in.item_id())) return r;
  if (in.base_version() > m.version()) {
    return reject(v1::ERROR_INVALID_FIELD, "base_version is ahead of the meeting", "base_version");
  }
  ot::limits lim;
  lim.max_insert_code_points = max_minutes_insert;
  auto op = ot::from_proto(in.op(), lim);
  if (!op) {
    const auto code = op.error() == ot::make_error_code(ot::errc::insert_too_large) ||
                              op.error() == ot::make_error_code(ot::errc::too_many_components)
                          ? v1::ERROR_TOO_LARGE
                          : v1::ERROR_INVALID_FIELD;
    return reject(code,
                  "op is not acceptable: " +
                      std::string(ot::errc_name(static_cast<ot::errc>(op.error().value()))),
                  "op");
  }
  // The edits this client had not seen, in server order.
  std::vector<ot::text_operation> concurrent;
  std::uint64_t expect = in.base_version() + 1;
  for (const auto& e : since_base) {
    if (e.version() <= in.base_version()) continue;
    if (e.version() != expect) {
      return reject(v1::ERROR_INTERNAL, "the history since base_version is incomplete");
    }
    ++expect;
    if (!e.change().has_edit_minutes() || e.change().edit_minutes().item_id() != in.item_id()) {
      continue;
    }
    auto seen = ot::from_proto(e.change().edit_minutes().op());
    if (!seen) return reject(v1::ERROR_INTERNAL, "a stored edit does not parse");
    concurrent.push_back(std::move(*seen));
  }
  if (expect != m.version() + 1) {
    return reject(v1::ERROR_INTERNAL, "the history since base_version is incomplete");
  }
  auto transformed = ot::transform_incoming(std::move(*op), concurrent);
  if (!transformed) {
    // The client's op did not fit the minutes as of its base: its length is wrong.
    return bad_op("does not fit the minutes at base_version (length mismatch)");
  }
  // The minutes are valid UTF-8 (only checked text enters them): count lead bytes rather
  // than decode every character of a long record on every keystroke.
  if (utf8::count_valid(*text) != transformed->base_length()) {
    return bad_op("does not fit the minutes (length mismatch)");
  }
  if (transformed->target_length() > max_minutes_code_points) {
    return reject(v1::ERROR_TOO_LARGE,
                  "the minutes of one item are limited to 1,000,000 characters", "op");
  }
  out.set_item_id(in.item_id());
  out.set_base_version(m.version());
  ot::to_proto(*transformed, *out.mutable_op());
  return std::nullopt;
}

bool apply_minutes(v1::AgendaItem& item, const v1::EditMinutes& edit) {
  return apply_minutes(*item.mutable_minutes(), edit);
}

bool apply_minutes(std::string& text, const v1::EditMinutes& edit) {
  auto op = ot::from_proto(edit.op());
  if (!op) return false;
  auto next = op->apply(text);
  if (!next) return false;
  text = std::move(*next);
  return true;
}

}  // namespace huiwu::domain
