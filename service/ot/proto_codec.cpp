#include "ot/proto_codec.hpp"

#include <algorithm>
#include <cstdint>

#include "ot/checked_builder.hpp"

namespace huiwu::ot {

void to_proto(const text_operation& op, huiwu::v1::TextOperation& out) {
  out.Clear();
  for (const auto& c : op.components()) {
    if (c.kind == component_kind::insert) {
      auto* pc = out.add_ops();
      pc->set_insert(c.text);
      if (c.continues) pc->set_continues(true);
      continue;
    }
    for (std::size_t left = c.n; left > 0;) {
      const auto chunk =
          static_cast<std::uint32_t>(std::min<std::size_t>(left, checked_builder::max_count));
      auto* pc = out.add_ops();
      if (c.kind == component_kind::retain) {
        pc->set_retain(chunk);
      } else {
        pc->set_delete_(chunk);
      }
      left -= chunk;
    }
  }
}

huiwu::v1::TextOperation to_proto(const text_operation& op) {
  huiwu::v1::TextOperation msg;
  to_proto(op, msg);
  return msg;
}

result<text_operation> from_proto(const huiwu::v1::TextOperation& msg, const limits& lim) {
  checked_builder b(lim);
  if (auto ec = b.expect_components(static_cast<std::size_t>(msg.ops_size()))) return ec;
  for (const auto& pc : msg.ops()) {
    std::error_code ec;
    // `continues` belongs to inserts; on a retain or a delete it means nothing, and
    // saying it there is a client bug worth hearing about.
    if (pc.continues() && pc.kind_case() != huiwu::v1::TextComponent::kInsert)
      return errc::malformed;
    switch (pc.kind_case()) {
      case huiwu::v1::TextComponent::kRetain:
        ec = b.retain(pc.retain());
        break;
      case huiwu::v1::TextComponent::kInsert:
        ec = b.insert(pc.insert(), pc.continues());
        break;
      case huiwu::v1::TextComponent::kDelete:
        ec = b.erase(pc.delete_());
        break;
      case huiwu::v1::TextComponent::KIND_NOT_SET:
        ec = errc::malformed;
        break;
    }
    if (ec) return ec;
  }
  return std::move(b).take();
}

}  // namespace huiwu::ot
