#include "app/jiyao_recipients.hpp"

#include <algorithm>
#include <memory>
#include <string>

#include "app/auth_service.hpp"
#include "core/services.hpp"

namespace huiwu::app {
namespace {

const auth::account* account_named(const std::vector<auth::account>& all, const std::string& id) {
  const auto it =
      std::find_if(all.begin(), all.end(), [&](const auth::account& a) { return a.id == id; });
  return it == all.end() ? nullptr : &*it;
}

const store::unit* unit_named(const std::vector<store::unit>& all, const std::string& id) {
  const auto it =
      std::find_if(all.begin(), all.end(), [&](const store::unit& u) { return u.id == id; });
  return it == all.end() ? nullptr : &*it;
}

}  // namespace

bool names_a_unit(std::string_view line) {
  return line.size() >= 2 && line.size() <= 12 && line[0] == 'u' &&
         std::all_of(line.begin() + 1, line.end(), [](char c) { return c >= '0' && c <= '9'; });
}

domain::maybe_rejection resolve_issue(v1::JiyaoAction& a,
                                      const std::vector<auth::account>& accounts,
                                      const std::vector<store::unit>& units) {
  std::vector<std::string> to;
  const auto deliver = [&](const std::string& id) {
    if (std::find(to.begin(), to.end(), id) == to.end()) to.push_back(id);
  };
  for (int i = 0; i < a.recipients_size(); ++i) {
    const auto& id = a.recipients(i);
    if (account_named(accounts, id)) {
      deliver(id);
    } else if (const auto* u = unit_named(units, id)) {
      for (const auto& c : u->contact_accounts) deliver(c);
    } else {
      return domain::reject(v1::ERROR_INVALID_FIELD,
                            "recipients[" + std::to_string(i) + "]: '" + id +
                                "' is neither an account nor a unit of the directory",
                            "recipients");
    }
  }
  // 分送: an entry "u<n>" is a unit of the directory, printed with its name as it is now.
  auto lines = a.distribution();
  for (int i = 0; i < lines.size(); ++i) {
    if (!names_a_unit(lines[i])) continue;
    const auto* u = unit_named(units, lines[i]);
    if (!u) {
      return domain::reject(
          v1::ERROR_INVALID_FIELD,
          "distribution[" + std::to_string(i) + "]: no unit '" + lines[i] + "' in the directory",
          "distribution");
    }
    lines[i] = u->name;
    for (const auto& c : u->contact_accounts) deliver(c);
  }
  a.clear_recipients();
  for (auto& id : to) a.add_recipients(std::move(id));
  *a.mutable_distribution() = std::move(lines);
  return std::nullopt;
}

void add_jiyao_recipient_check(net::server_context& ctx, auth_service& auth) {
  if (!ctx.svc) return;  // --list-routes: routes without rooms
  ctx.svc->check_issue = [&auth](v1::JiyaoAction a, core::services::issue_checked_fn done) {
    // Nothing to look up: as sent.
    if (a.recipients_size() == 0 &&
        std::none_of(a.distribution().begin(), a.distribution().end(),
                     [](const std::string& l) { return names_a_unit(l); })) {
      return done(std::nullopt, std::move(a));
    }
    auto action = std::make_shared<v1::JiyaoAction>(std::move(a));
    auth.units().list_units([&auth, action, done = std::move(done)](
                                std::error_code ec, std::vector<store::unit> units) mutable {
      const auto unavailable = [&] {
        done(domain::reject(v1::ERROR_STORAGE_UNAVAILABLE,
                            "the accounts and the unit directory cannot be read now; retry", ""),
             *action);
      };
      if (ec) return unavailable();
      auth.list_accounts([action, done, units = std::move(units)](
                             std::error_code ec2, std::vector<auth::account> accounts) mutable {
        if (ec2) {
          return done(
              domain::reject(v1::ERROR_STORAGE_UNAVAILABLE,
                             "the accounts and the unit directory cannot be read now; retry", ""),
              *action);
        }
        auto why = resolve_issue(*action, accounts, units);
        done(std::move(why), std::move(*action));
      });
    });
  };
}

}  // namespace huiwu::app
