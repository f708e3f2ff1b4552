// Who a 纪要 is issued to (印发) and the 分送 line, checked against the accounts and the
// unit directory before the issue is decided (docs/protocol.md §6.7): every recipient is an
// account, or a unit whose contact accounts receive it; a 分送 entry "u<n>" names a unit
// (printed with the directory's current name, delivered to its contacts), any other entry
// is a line of text. An id that is not there is refused — `recipients` or `distribution` —
// and nothing is issued: no number is taken, nobody's inbox gets it.
#pragma once

#include <string_view>
#include <vector>

#include "auth/account.hpp"
#include "domain/rejection.hpp"
#include "huiwu.pb.h"
#include "net/server_context.hpp"
#include "store/unit_store.hpp"

namespace huiwu::app {

class auth_service;

// Whether a 分送 entry is a unit's id ("u" and digits) rather than a line of text.
bool names_a_unit(std::string_view line);

// Pure: resolves `a` in place (recipients become account ids, each once; 分送 entries that
// are units' ids become their names), or says why not and leaves it unchanged.
domain::maybe_rejection resolve_issue(v1::JiyaoAction& a,
                                      const std::vector<auth::account>& accounts,
                                      const std::vector<store::unit>& units);

// Sets ctx.svc->check_issue: reads the accounts and the directory, then resolve_issue; a
// directory that cannot be read refuses with ERROR_STORAGE_UNAVAILABLE.
void add_jiyao_recipient_check(net::server_context& ctx, auth_service& auth);

}  // namespace huiwu::app
