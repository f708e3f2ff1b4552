#include "app/auth_service.hpp"

#include <boost/asio/post.hpp>

#include "auth/crypto.hpp"
#include "domain/meeting_logic.hpp"

namespace huiwu::app {
namespace {

auth_service::result error(int status, std::string code, std::string message) {
  auth_service::result r;
  r.status = status;
  r.code = std::move(code);
  r.message = std::move(message);
  return r;
}

auth_service::result unavailable() {
  return error(503, "storage_unavailable", "storage is unavailable; nothing was changed");
}

}  // namespace

auth_service::auth_service(std::shared_ptr<redis::connection> conn,
                           std::shared_ptr<auth::audit_log> audit,
                           std::function<std::int64_t()> now_ms, std::chrono::seconds session_ttl)
    : store_(conn),
      units_(std::move(conn)),
      audit_(std::move(audit)),
      now_ms_(std::move(now_ms)),
      session_ttl_(session_ttl) {
  dummy_hash_ = auth::hash_password(auth::new_one_time_password()).value_or("");
}

auth_service::~auth_service() {
  hash_pool_.join();
}

void auth_service::record(std::string actor, std::string action, std::string target,
                          std::string from, std::string detail) {
  auth::audit_entry e;
  e.at_ms = now_ms_();
  e.actor = actor.empty() ? "-" : std::move(actor);
  e.action = std::move(action);
  e.target = std::move(target);
  e.from = std::move(from);
  e.detail = std::move(detail);
  audit_->append(std::move(e));
}

void auth_service::hash_then(std::string password,
                             std::function<void(std::optional<std::string>)> cb) {
  boost::asio::post(hash_pool_, [password = std::move(password), cb = std::move(cb)] {
    cb(auth::hash_password(password));
  });
}

void auth_service::verify_then(std::string hash, std::string password,
                               std::function<void(bool)> cb) {
  boost::asio::post(hash_pool_,
                    [hash = std::move(hash), password = std::move(password), cb = std::move(cb)] {
                      cb(auth::verify_password(hash, password));
                    });
}

void auth_service::authenticate(
    const std::string& token,
    std::function<void(std::error_code, std::optional<auth::account>)> cb) {
  store_.lookup_session(token, std::move(cb));
}

void auth_service::fail_login(const std::string& user, const std::string& from,
                              const std::string& why, result_fn cb) {
  record(user, "login_failed", "account " + user, from, why);
  store_.record_failure(user, from, throttle_window, [cb = std::move(cb)](std::error_code) {
    cb(error(401, "bad_credentials", "wrong user name or password"));
  });
}

void auth_service::login(const std::string& user_in, const std::string& password,
                         const std::string& from, result_fn cb) {
  // Unknown and malformed names get the same answer (and the same cost) as a wrong password.
  const std::string user = domain::valid_account_id(user_in) ? user_in : std::string("~invalid");
  store_.read_throttle(
      user, from,
      [this, user, password, from, cb = std::move(cb)](
          std::error_code ec, store::account_store::throttle_state t) mutable {
        if (ec) return cb(unavailable());
        if (t.retry_after_ms > 0) {
          record(user, "login_failed", "account " + user, from, "throttled");
          auto r = error(429, "throttled", "too many failed logins; wait and try again");
          r.retry_after_ms = t.retry_after_ms;
          return cb(std::move(r));
        }
        store_.get_account(user, [this, user, password, from, cb = std::move(cb)](
                                     std::error_code ec2, std::optional<auth::account> a,
                                     std::string hash) mutable {
          if (ec2) return cb(unavailable());
          const bool known = a.has_value();
          verify_then(
              known ? hash : dummy_hash_, password,
              [this, user, from, a = std::move(a), known, cb = std::move(cb)](bool ok) mutable {
                if (!known || !ok) {
                  return fail_login(user, from, known ? "wrong password" : "unknown account",
                                    std::move(cb));
                }
                if (a->disabled) return fail_login(user, from, "account disabled", std::move(cb));
                auto token = auth::new_session_token();
                store_.create_session(token, user, from, session_ttl_,
                                      [this, user, from, a = std::move(a), token,
                                       cb = std::move(cb)](std::error_code ec3) mutable {
                                        if (ec3) return cb(unavailable());
                                        store_.clear_account_failures(user, [](std::error_code) {});
                                        record(user, "login", "account " + user, from, {});
                                        result r;
                                        r.account = std::move(a);
                                        r.token = token;
                                        cb(std::move(r));
                                      });
              });
        });
      });
}

void auth_service::logout(const std::string& token, const std::optional<auth::account>& who,
                          const std::string& from, result_fn cb) {
  const auto actor = who ? who->id : std::string("-");
  store_.delete_session(token, [this, actor, from, token, cb = std::move(cb)](std::error_code ec) {
    if (ec) return cb(unavailable());
    store_.publish(store::account_store::session_ended_channel, auth::sha256_hex(token));
    record(actor, "logout", "account " + actor, from, {});
    cb(result{});
  });
}

void auth_service::change_password(const auth::account& who, const std::string& old_password,
                                   const std::string& new_password, const std::string& from,
                                   result_fn cb) {
  if (auto why = auth::check_new_password(new_password); !why.empty()) {
    return cb(error(400, "weak_password", why));
  }
  if (new_password == old_password) {
    return cb(error(400, "weak_password", "the new password must differ from the old one"));
  }
  store_.get_account(who.id, [this, old_password, new_password, from, cb = std::move(cb)](
                                 std::error_code ec, std::optional<auth::account> a,
                                 std::string hash) mutable {
    if (ec) return cb(unavailable());
    if (!a) return cb(error(401, "unauthenticated", "the account no longer exists"));
    verify_then(
        hash, old_password,
        [this, a = std::move(a), new_password, from, cb = std::move(cb)](bool ok) mutable {
          if (!ok) {
            record(a->id, "password_change_failed", "account " + a->id, from, "wrong old password");
            return cb(error(401, "bad_credentials", "the current password is wrong"));
          }
          hash_then(new_password, [this, a = std::move(a), from,
                                   cb = std::move(cb)](std::optional<std::string> h) mutable {
            if (!h) return cb(error(500, "internal", "could not hash the password"));
            a->must_change_password = false;
            store_.set_password(*a, *h, [this, a, from, cb = std::move(cb)](std::error_code ec2) {
              if (ec2) return cb(unavailable());
              record(a->id, "password_changed", "account " + a->id, from, {});
              result r;
              r.account = a;
              cb(std::move(r));
            });
          });
        });
  });
}

void auth_service::create_account(const std::string& actor, auth::account a, std::string password,
                                  const std::string& from, result_fn cb) {
  if (auto why = auth::check_account_fields(a); !why.empty()) {
    return cb(error(400, "invalid_field", why));
  }
  const bool one_time = password.empty();
  if (one_time) {
    password = auth::new_one_time_password();
    a.must_change_password = true;
  } else if (auto why = auth::check_new_password(password); !why.empty()) {
    return cb(error(400, "weak_password", why));
  }
  a.created_at_ms = now_ms_();
  hash_then(password, [this, actor, a = std::move(a), password, one_time, from,
                       cb = std::move(cb)](std::optional<std::string> h) mutable {
    if (!h) return cb(error(500, "internal", "could not hash the password"));
    store_.create_account(a, *h,
                          [this, actor, a, password, one_time, from, cb = std::move(cb)](
                              std::error_code ec, bool created) {
                            if (ec) return cb(unavailable());
                            if (!created)
                              return cb(error(409, "conflict", "an account with this id exists"));
                            record(actor, "account_created", "account " + a.id, from,
                                   std::string("clearance ") +
                                       std::string(auth::level_name(a.clearance)) +
                                       (a.admin ? ", admin" : ""));
                            result r;
                            r.status = 201;
                            r.account = a;
                            if (one_time) r.password = password;
                            cb(std::move(r));
                          });
  });
}

void auth_service::update_account(const std::string& actor, auth::account changed,
                                  const std::string& from, result_fn cb) {
  store_.get_account(
      changed.id, [this, actor, changed, from, cb = std::move(cb)](
                      std::error_code ec, std::optional<auth::account> a, std::string) mutable {
        if (ec) return cb(unavailable());
        if (!a) return cb(error(404, "not_found", "no account with this id"));
        changed.created_at_ms = a->created_at_ms;
        changed.must_change_password = a->must_change_password;
        if (auto why = auth::check_account_fields(changed); !why.empty()) {
          return cb(error(400, "invalid_field", why));
        }
        if (changed.id == actor && a->admin && !changed.admin) {
          return cb(error(409, "conflict", "an administrator cannot remove their own admin right"));
        }
        std::string detail;
        auto note = [&detail](const std::string& s) { detail += (detail.empty() ? "" : ", ") + s; };
        if (a->clearance != changed.clearance) {
          note("clearance " + std::string(auth::level_name(a->clearance)) + " -> " +
               std::string(auth::level_name(changed.clearance)));
        }
        if (a->admin != changed.admin) note(changed.admin ? "admin granted" : "admin removed");
        if (a->disabled != changed.disabled) note(changed.disabled ? "disabled" : "enabled");
        if (a->name != changed.name || a->unit != changed.unit || a->title != changed.title) {
          note("name/unit/title");
        }
        store_.put_account(
            changed, [this, actor, changed, from, detail, cb = std::move(cb)](std::error_code ec2) {
              if (ec2) return cb(unavailable());
              if (!detail.empty()) {
                record(actor, "account_changed", "account " + changed.id, from, detail);
                // Open connections carry the old rights: they reconnect and get the new ones.
                store_.publish(store::account_store::account_changed_channel, changed.id);
              }
              result r;
              r.account = changed;
              cb(std::move(r));
            });
      });
}

void auth_service::reset_password(const std::string& actor, const std::string& id,
                                  const std::string& from, result_fn cb) {
  store_.get_account(
      id, [this, actor, from, cb = std::move(cb)](
              std::error_code ec, std::optional<auth::account> a, std::string) mutable {
        if (ec) return cb(unavailable());
        if (!a) return cb(error(404, "not_found", "no account with this id"));
        auto password = auth::new_one_time_password();
        hash_then(password, [this, actor, a = std::move(a), password, from,
                             cb = std::move(cb)](std::optional<std::string> h) mutable {
          if (!h) return cb(error(500, "internal", "could not hash the password"));
          a->must_change_password = true;
          store_.set_password(
              *a, *h, [this, actor, a, password, from, cb = std::move(cb)](std::error_code ec2) {
                if (ec2) return cb(unavailable());
                record(actor, "account_changed", "account " + a->id, from, "password reset");
                store_.publish(store::account_store::account_changed_channel, a->id);
                result r;
                r.account = a;
                r.password = password;
                cb(std::move(r));
              });
        });
      });
}

}  // namespace huiwu::app
