// Small pieces of document text shared by the record (minutes_doc) and the 纪要 (jiyao_*).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "huiwu.pb.h"

namespace huiwu::exports {

// "甲、乙、丙" from {"甲", "乙", "丙"} and "、".
inline std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

// The marking a document carries for its highest level (内部 / 秘密 / 机密); "" for public.
inline std::string level_marking(v1::Level l) {
  switch (l) {
    case v1::LEVEL_INTERNAL:
      return "内部";
    case v1::LEVEL_CONFIDENTIAL:
      return "秘密";
    case v1::LEVEL_SECRET:
      return "机密";
    default:
      return {};
  }
}

}  // namespace huiwu::exports
