#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "auth/audit_log.hpp"
#include "store/account_store.hpp"
#include "store/unit_store.hpp"

namespace huiwu::app {

// Login, logout, sessions and account administration (docs/security.md), over the stores.
// Password hashing runs on a pool of its own: an Argon2id verification takes tens of
// milliseconds and 64 MiB, which must never stall a network thread. Callbacks may run on any
// thread.
class auth_service {
 public:
  auth_service(std::shared_ptr<redis::connection> conn, std::shared_ptr<auth::audit_log> audit,
               std::function<std::int64_t()> now_ms, std::chrono::seconds session_ttl);
  ~auth_service();

  struct result {
    int status = 200;     // HTTP status
    std::string code;     // error code when status != 200
    std::string message;  // for people
    std::optional<auth::account> account;
    std::string token;             // login: the new session token
    std::string password;          // create / reset: the one-time password
    long long retry_after_ms = 0;  // throttled
  };
  using result_fn = std::function<void(result)>;

  void authenticate(const std::string& token,
                    std::function<void(std::error_code, std::optional<auth::account>)> cb);
  void login(const std::string& user, const std::string& password, const std::string& from,
             result_fn cb);
  void logout(const std::string& token, const std::optional<auth::account>& who,
              const std::string& from, result_fn cb);
  void change_password(const auth::account& who, const std::string& old_password,
                       const std::string& new_password, const std::string& from, result_fn cb);
  // By an admin (actor) or the command line (actor "-"). `password` empty = a one-time one.
  void create_account(const std::string& actor, auth::account a, std::string password,
                      const std::string& from, result_fn cb);
  void update_account(const std::string& actor, auth::account changed, const std::string& from,
                      result_fn cb);
  void reset_password(const std::string& actor, const std::string& id, const std::string& from,
                      result_fn cb);
  void get_account(const std::string& id,
                   std::function<void(std::error_code, std::optional<auth::account>)> cb) {
    store_.get_account(id, [cb = std::move(cb)](std::error_code ec, std::optional<auth::account> a,
                                                std::string) { cb(ec, std::move(a)); });
  }
  void list_accounts(std::function<void(std::error_code, std::vector<auth::account>)> cb) {
    store_.list_accounts(std::move(cb));
  }
  void count_accounts(std::function<void(std::error_code, long long)> cb) {
    store_.count_accounts(std::move(cb));
  }

  auth::audit_log& audit() { return *audit_; }
  // The unit directory (单位名录) the admin keeps beside the accounts (unit_routes.cpp).
  store::unit_store& units() { return units_; }
  std::chrono::seconds session_ttl() const { return session_ttl_; }
  void record(std::string actor, std::string action, std::string target, std::string from,
              std::string detail);

  static constexpr std::chrono::minutes throttle_window{15};

 private:
  void hash_then(std::string password, std::function<void(std::optional<std::string>)> cb);
  void verify_then(std::string hash, std::string password, std::function<void(bool)> cb);
  void fail_login(const std::string& user, const std::string& from, const std::string& why,
                  result_fn cb);

  store::account_store store_;
  store::unit_store units_;
  std::shared_ptr<auth::audit_log> audit_;
  std::function<std::int64_t()> now_ms_;
  std::chrono::seconds session_ttl_;
  boost::asio::thread_pool hash_pool_{1};
  std::string dummy_hash_;  // verified against for unknown users: the same cost either way
};

}  // namespace huiwu::app
