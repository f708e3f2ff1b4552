#include "ot/text_operation.hpp"

#include <cassert>
#include <ostream>
#include <stdexcept>

#include "base/utf8.hpp"

namespace huiwu::ot {

text_operation& text_operation::retain(std::size_t n) {
  if (n == 0) return *this;
  base_length_ += n;
  target_length_ += n;
  if (!ops_.empty() && ops_.back().kind == component_kind::retain) {
    ops_.back().n += n;
  } else {
    ops_.push_back({component_kind::retain, n, {}});
  }
  return *this;
}

text_operation& text_operation::insert(std::string_view utf8, bool continues) {
  const auto n = utf8::count(utf8);
  if (!n) throw std::invalid_argument("text_operation::insert: invalid UTF-8");
  return insert_counted(utf8, *n, continues);
}

text_operation& text_operation::insert_counted(std::string_view utf8, std::size_t code_points,
                                               bool continues) {
  assert(utf8::count(utf8) == code_points);
  if (code_points == 0) return *this;
  target_length_ += code_points;
  const std::size_t size = ops_.size();
  if (size > 0 && ops_[size - 1].kind == component_kind::insert) {
    ops_[size - 1].n += code_points;
    ops_[size - 1].text.append(utf8);
  } else if (size > 0 && ops_[size - 1].kind == component_kind::erase) {
    // erase(k) then insert(s) has the same effect as insert(s) then erase(k); keep
    // the insert first so equal effects give equal operations.
    if (size > 1 && ops_[size - 2].kind == component_kind::insert) {
      ops_[size - 2].n += code_points;
      ops_[size - 2].text.append(utf8);
    } else {
      ops_.insert(ops_.end() - 1,
                  component{component_kind::insert, code_points, std::string(utf8), continues});
    }
  } else {
    ops_.push_back({component_kind::insert, code_points, std::string(utf8), continues});
  }
  return *this;
}

text_operation& text_operation::erase(std::size_t n) {
  if (n == 0) return *this;
  base_length_ += n;
  if (!ops_.empty() && ops_.back().kind == component_kind::erase) {
    ops_.back().n += n;
  } else {
    ops_.push_back({component_kind::erase, n, {}});
  }
  return *this;
}

bool text_operation::is_noop() const noexcept {
  return ops_.empty() || (ops_.size() == 1 && ops_[0].kind == component_kind::retain);
}

std::error_code text_operation::check_limits(const limits& lim) const noexcept {
  if (ops_.size() > lim.max_components) return errc::too_many_components;
  std::size_t inserted = 0;
  for (const auto& c : ops_) {
    if (c.kind == component_kind::insert) inserted += c.n;
  }
  if (inserted > lim.max_insert_code_points) return errc::insert_too_large;
  return {};
}

result<std::string> text_operation::apply(std::string_view doc) const {
  // Cheap early rejection: a code point takes 1..4 bytes.
  if (doc.size() < base_length_ || doc.size() / 4 > base_length_) {
    return errc::document_length_mismatch;
  }
  std::size_t inserted_bytes = 0;
  for (const auto& c : ops_) inserted_bytes += c.text.size();
  std::string out;
  out.reserve(doc.size() + inserted_bytes);

  std::size_t pos = 0;  // byte offset of the cursor in doc
  for (const auto& c : ops_) {
    switch (c.kind) {
      case component_kind::retain: {
        const std::size_t from = pos;
        if (!utf8::skip(doc, pos, c.n)) return errc::document_length_mismatch;
        out.append(doc.substr(from, pos - from));
        break;
      }
      case component_kind::insert:
        out.append(c.text);
        break;
      case component_kind::erase:
        if (!utf8::skip(doc, pos, c.n)) return errc::document_length_mismatch;
        break;
    }
  }
  if (pos != doc.size()) return errc::document_length_mismatch;  // doc is longer
  return out;
}

result<text_operation> text_operation::invert(std::string_view doc) const {
  text_operation inverse;
  std::size_t pos = 0;
  for (const auto& c : ops_) {
    switch (c.kind) {
      case component_kind::retain:
        if (!utf8::skip(doc, pos, c.n)) return errc::document_length_mismatch;
        inverse.retain(c.n);
        break;
      case component_kind::insert:
        inverse.erase(c.n);
        break;
      case component_kind::erase: {
        const std::size_t from = pos;
        if (!utf8::skip(doc, pos, c.n)) return errc::document_length_mismatch;
        inverse.insert_counted(doc.substr(from, pos - from), c.n);
        break;
      }
    }
  }
  if (pos != doc.size()) return errc::document_length_mismatch;
  return inverse;
}

std::ostream& operator<<(std::ostream& os, const text_operation& op) {
  os << '[';
  const char* sep = "";
  for (const auto& c : op.components()) {
    os << sep;
    sep = ", ";
    switch (c.kind) {
      case component_kind::retain:
        os << "retain " << c.n;
        break;
      case component_kind::insert:
        os << (c.continues ? "insert+ \"" : "insert \"") << c.text << '"';
        break;
      case component_kind::erase:
        os << "delete " << c.n;
        break;
    }
  }
  return os << ']';
}

}  // namespace huiwu::ot
