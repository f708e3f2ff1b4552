// The JSON request bodies of every HTTP route that takes one, read by the code the routes
// run. The first byte picks the route (mod 5), the rest is the body:
//   0  POST /api/login, /api/password, /api/accounts/reset-password   (app/body_fields.hpp)
//   1  POST /api/accounts, /api/accounts/update                       (read_account_fields)
//   2  POST /api/followup/decisions                                   (app/followup_http.hpp)
//   3  POST /api/followup/action                                      (app/followup_http.hpp)
//   4  POST /api/seating/preview                                      (seating_checks.hpp)
// Checked beyond "no crash": a body that is not an object is refused as a whole; the account
// fields an admin sends read back the same from the account's JSON, and the stored form of
// the account (auth::account_from_json) keeps them; strings stay valid UTF-8.
#include <boost/json/serialize.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "app/body_fields.hpp"
#include "app/followup_http.hpp"
#include "base/utf8.hpp"
#include "check.hpp"
#include "seating_checks.hpp"

namespace json = boost::json;
namespace bf = huiwu::app::body_fields;
namespace fh = huiwu::app::followup_http;
using huiwu::auth::account;

namespace {

bool utf8_ok(const std::string& s) {
  return huiwu::utf8::is_valid(s);
}

bool same_fields(const account& a, const account& b) {
  return a.name == b.name && a.unit == b.unit && a.title == b.title && a.clearance == b.clearance &&
         a.admin == b.admin && a.disabled == b.disabled;
}

void login(const json::object& o) {
  for (const char* k : {"user", "password", "old_password", "new_password", "id"}) {
    HUIWU_FUZZ_CHECK(utf8_ok(bf::str(o, k)));
  }
  (void)bf::flag(o, "bearer");
  (void)huiwu::auth::check_new_password(bf::str(o, "new_password"));
}

void accounts(const json::object& o) {
  account a;
  a.id = bf::str(o, "id");
  const auto why = bf::read_account_fields(o, a);
  if (!why.empty()) return;
  (void)huiwu::auth::check_account_fields(a);
  // What the account's JSON says reads back as the same fields, over a different account.
  account b;
  b.clearance = huiwu::v1::LEVEL_SECRET;
  b.admin = !a.admin;
  b.disabled = !a.disabled;
  HUIWU_FUZZ_CHECK(bf::read_account_fields(huiwu::auth::to_json(a), b).empty());
  HUIWU_FUZZ_CHECK(same_fields(a, b));
  // The stored form keeps the account (an empty id is not an account).
  const auto stored = huiwu::auth::account_from_json(json::serialize(huiwu::auth::to_json(a)));
  HUIWU_FUZZ_CHECK(stored.has_value() == !a.id.empty());
  if (stored) HUIWU_FUZZ_CHECK(same_fields(a, *stored) && stored->id == a.id);
  (void)huiwu::auth::to_wire(a);
}

void followup_common(const json::object& o) {
  HUIWU_FUZZ_CHECK(utf8_ok(fh::str(o, "client_id")));
  (void)fh::num(o, "client_seq", 1);
  HUIWU_FUZZ_CHECK(utf8_ok(fh::str(o, "meeting_id")));
}

void decision(const json::object& o) {
  followup_common(o);
  for (const char* k : {"lead_account", "supervisor_account", "lead_unit", "text", "item_id",
                        "deadline", "time_zone", "role"}) {
    HUIWU_FUZZ_CHECK(utf8_ok(fh::str(o, k)));
  }
  for (const char* k : {"co_accounts", "co_units"}) {
    for (const auto& s : fh::strs(o, k)) HUIWU_FUZZ_CHECK(utf8_ok(s));
  }
  (void)fh::num(o, "priority");
  (void)fh::num(o, "due_soon_days", 3);
  if (const auto* s = o.if_contains("source"); s && s->is_object()) {
    const auto& so = s->as_object();
    HUIWU_FUZZ_CHECK(utf8_ok(fh::str(so, "quote")));
    for (const char* k : {"start", "end", "version"}) (void)fh::num(so, k);
  }
}

void action(const json::object& o) {
  followup_common(o);
  for (const char* k : {"decision_id", "action", "role", "text", "date"}) {
    HUIWU_FUZZ_CHECK(utf8_ok(fh::str(o, k)));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const int route = data[0] % 5;
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  if (route == 4) {
    huiwu::fuzz::check_preview(body);
    return 0;
  }
  const auto o = bf::object_of(body);
  if (!o) return 0;
  switch (route) {
    case 0:
      login(*o);
      break;
    case 1:
      accounts(*o);
      break;
    case 2:
      decision(*o);
      break;
    case 3:
      action(*o);
      break;
  }
  return 0;
}
