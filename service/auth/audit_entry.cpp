#include "auth/audit_entry.hpp"

#include "auth/crypto.hpp"

namespace huiwu::auth {

std::string chain_hash(const audit_entry& e) {
  std::string s = e.prev;
  auto field = [&s](std::string_view v) {
    s += std::to_string(v.size());
    s += ':';
    s += v;
    s += '\n';
  };
  field(std::to_string(e.seq));
  field(std::to_string(e.at_ms));
  field(e.actor);
  field(e.action);
  field(e.target);
  field(e.from);
  field(e.detail);
  return sha256_hex(s);
}

}  // namespace huiwu::auth
