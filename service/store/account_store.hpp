#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "auth/account.hpp"
#include "redis/connection.hpp"
#include "store/keys.hpp"

namespace huiwu::store {

// Accounts, sessions and login throttles in Redis (docs/security.md; the keys are in
// keys.hpp). Callbacks run on the Redis connection's strand; an error code means Redis did
// not answer.
class account_store {
 public:
  using account = auth::account;

  explicit account_store(std::shared_ptr<redis::connection> conn) : conn_(std::move(conn)) {}

  using done_fn = std::function<void(std::error_code)>;
  using account_fn =
      std::function<void(std::error_code, std::optional<account>, std::string password_hash)>;

  // created = false when the id is taken (nothing is written then).
  void create_account(const account& a, const std::string& password_hash,
                      std::function<void(std::error_code, bool created)> cb);
  void get_account(const std::string& id, account_fn cb);
  void put_account(const account& a, done_fn cb);  // the account must exist
  void set_password(const account& a, const std::string& password_hash, done_fn cb);
  void list_accounts(std::function<void(std::error_code, std::vector<account>)> cb);
  void count_accounts(std::function<void(std::error_code, long long)> cb);

  // Sessions are stored under the SHA-256 of the token, with an expiry.
  void create_session(const std::string& token, const std::string& account_id,
                      const std::string& from, std::chrono::seconds ttl, done_fn cb);
  // The account behind a token; nullopt for unknown, expired or disabled.
  void lookup_session(const std::string& token,
                      std::function<void(std::error_code, std::optional<account>)> cb);
  void delete_session(const std::string& token, done_fn cb);

  // Failed-login counters per account and per address over a window.
  struct throttle_state {
    long long account_failures = 0;
    long long address_failures = 0;
    long long retry_after_ms = 0;  // of whichever counter is over its limit
  };
  void read_throttle(const std::string& account_id, const std::string& from,
                     std::function<void(std::error_code, throttle_state)> cb);
  void record_failure(const std::string& account_id, const std::string& from,
                      std::chrono::milliseconds window, done_fn cb);
  void clear_account_failures(const std::string& account_id, done_fn cb);

  // Tells every instance (pub/sub) that an account's rights changed or a session ended.
  void publish(const std::string& channel, const std::string& payload);
  static constexpr const char* account_changed_channel = account_keys::changed_channel;
  static constexpr const char* session_ended_channel = account_keys::session_ended_channel;

  static constexpr long long max_account_failures = 5;
  static constexpr long long max_address_failures = 20;

 private:
  std::shared_ptr<redis::connection> conn_;
};

}  // namespace huiwu::store
