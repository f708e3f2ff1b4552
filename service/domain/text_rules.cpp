#include "domain/text_rules.hpp"

#include <string>

namespace huiwu::domain {

std::optional<std::size_t> utf8_length(std::string_view s) {
  std::size_t count = 0;
  std::size_t i = 0;
  const auto n = s.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    char32_t cp = 0;
    if (c < 0x80) {
      len = 1;
      cp = c;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return std::nullopt;
    }
    if (i + len > n) return std::nullopt;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Reject overlong encodings, UTF-16 surrogates and values past the last code point.
    static constexpr char32_t min_for_len[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_for_len[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return std::nullopt;
    }
    i += len;
    ++count;
  }
  return count;
}

namespace {

bool is_forbidden_control(unsigned char c, text_kind kind) {
  if (c == 0x7F) return true;
  if (c >= 0x20) return false;
  if (kind == text_kind::multi_line && (c == '\n' || c == '\t' || c == '\r')) return false;
  return true;
}

bool is_blank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
  }
  return true;
}

}  // namespace

maybe_rejection check_text(std::string_view value, const text_rule& rule, std::string_view field) {
  const std::string f(field);
  const auto length = utf8_length(value);
  if (!length) return reject(v1::ERROR_INVALID_FIELD, f + " is not valid UTF-8", f);
  if (*length > rule.max_code_points) {
    return reject(v1::ERROR_TOO_LARGE,
                  f + " is longer than " + std::to_string(rule.max_code_points) + " characters", f);
  }
  for (char c : value) {
    if (is_forbidden_control(static_cast<unsigned char>(c), rule.kind)) {
      return reject(v1::ERROR_INVALID_FIELD, f + " contains a control character", f);
    }
  }
  // C1 controls (U+0080..U+009F) are two bytes: C2 80..C2 9F.
  for (std::size_t i = 0; i + 1 < value.size(); ++i) {
    if (static_cast<unsigned char>(value[i]) == 0xC2 &&
        static_cast<unsigned char>(value[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(value[i + 1]) <= 0x9F) {
      return reject(v1::ERROR_INVALID_FIELD, f + " contains a control character", f);
    }
  }
  if (rule.required && is_blank(value)) {
    return reject(v1::ERROR_INVALID_FIELD, f + " must not be empty", f);
  }
  return std::nullopt;
}

}  // namespace huiwu::domain
