#include "store/account_store.hpp"

#include <boost/json/serialize.hpp>

#include "auth/crypto.hpp"
#include "redis/errors.hpp"
#include "store/reply_util.hpp"

namespace huiwu::store {
using auth::account_from_json;
using auth::sha256_hex;
using auth::to_json;
namespace {

std::string account_key(const std::string& id) {
  return account_keys::account(id);
}
const std::string accounts_key(account_keys::all);
std::string session_key(const std::string& token) {
  return account_keys::session(sha256_hex(token));
}
std::string account_throttle(const std::string& id) {
  return account_keys::account_throttle(id);
}
std::string address_throttle(const std::string& from) {
  return account_keys::address_throttle(from);
}

using detail::failed;

// Every script here touches one key (one Redis Cluster slot, decision 0037). The set of
// all accounts is written after the account, and again whenever a create finds it exists,
// so a create whose second step was lost is completed by running it again.
constexpr const char* account_create_script = R"lua(
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'doc', ARGV[1], 'pw', ARGV[2])
return 1
)lua";

// One throttle: a failure counted in its window.
constexpr const char* failure_script = R"lua(
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return 1
)lua";

// One throttle: {failures, ms left}.
constexpr const char* throttle_script = R"lua(
return {tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('PTTL', KEYS[1])}
)lua";

}  // namespace

void account_store::create_account(const account& a, const std::string& password_hash,
                                   std::function<void(std::error_code, bool)> cb) {
  conn_->execute({"EVAL", account_create_script, "1", account_key(a.id),
                  boost::json::serialize(to_json(a)), password_hash},
                 [conn = conn_, id = a.id, cb = std::move(cb)](std::error_code ec, redis::reply r) {
                   if (!ec) ec = failed(r);
                   if (ec) return cb(ec, false);
                   const bool created = r.integer == 1;
                   conn->execute({"SADD", accounts_key, id},
                                 [cb, created](std::error_code ec2, redis::reply r2) {
                                   if (!ec2) ec2 = failed(r2);
                                   cb(ec2, !ec2 && created);
                                 });
                 });
}

void account_store::get_account(const std::string& id, account_fn cb) {
  conn_->execute({"HMGET", account_key(id), "doc", "pw"},
                 [cb = std::move(cb)](std::error_code ec, redis::reply r) {
                   if (!ec) ec = failed(r);
                   if (ec || r.elements.size() != 2 || r.elements[0].is_nil()) {
                     return cb(ec, std::nullopt, {});
                   }
                   cb({}, account_from_json(r.elements[0].str), r.elements[1].str);
                 });
}

void account_store::put_account(const account& a, done_fn cb) {
  conn_->execute(
      {"HSET", account_key(a.id), "doc", boost::json::serialize(to_json(a))},
      [cb = std::move(cb)](std::error_code ec, redis::reply r) { cb(ec ? ec : failed(r)); });
}

void account_store::set_password(const account& a, const std::string& password_hash, done_fn cb) {
  conn_->execute(
      {"HSET", account_key(a.id), "doc", boost::json::serialize(to_json(a)), "pw", password_hash},
      [cb = std::move(cb)](std::error_code ec, redis::reply r) { cb(ec ? ec : failed(r)); });
}

void account_store::count_accounts(std::function<void(std::error_code, long long)> cb) {
  conn_->execute({"SCARD", accounts_key}, [cb = std::move(cb)](std::error_code ec, redis::reply r) {
    if (!ec) ec = failed(r);
    cb(ec, ec ? 0 : r.integer);
  });
}

void account_store::list_accounts(std::function<void(std::error_code, std::vector<account>)> cb) {
  auto conn = conn_;
  conn_->execute({"SORT", accounts_key, "ALPHA", "GET", account_keys::account("*") + "->doc"},
                 [cb = std::move(cb)](std::error_code ec, redis::reply r) {
                   if (!ec) ec = failed(r);
                   std::vector<account> out;
                   if (!ec) {
                     for (const auto& e : r.elements) {
                       if (e.is_nil()) continue;
                       if (auto a = account_from_json(e.str)) out.push_back(std::move(*a));
                     }
                   }
                   cb(ec, std::move(out));
                 });
}

void account_store::create_session(const std::string& token, const std::string& account_id,
                                   const std::string& from, std::chrono::seconds ttl, done_fn cb) {
  conn_->execute(
      {"SET", session_key(token), account_id + '\n' + from, "EX", std::to_string(ttl.count())},
      [cb = std::move(cb)](std::error_code ec, redis::reply r) { cb(ec ? ec : failed(r)); });
}

void account_store::lookup_session(
    const std::string& token, std::function<void(std::error_code, std::optional<account>)> cb) {
  auto conn = conn_;
  conn_->execute({"GET", session_key(token)},
                 [conn, cb = std::move(cb)](std::error_code ec, redis::reply r) mutable {
                   if (!ec) ec = failed(r);
                   if (ec || r.is_nil()) return cb(ec, std::nullopt);
                   const auto id = r.str.substr(0, r.str.find('\n'));
                   conn->execute({"HGET", account_key(id), "doc"},
                                 [cb = std::move(cb)](std::error_code ec2, redis::reply r2) {
                                   if (!ec2) ec2 = failed(r2);
                                   if (ec2 || r2.is_nil()) return cb(ec2, std::nullopt);
                                   auto a = account_from_json(r2.str);
                                   if (a && a->disabled) a.reset();
                                   cb({}, std::move(a));
                                 });
                 });
}

void account_store::publish(const std::string& channel, const std::string& payload) {
  conn_->execute({"PUBLISH", channel, payload}, [](std::error_code, redis::reply) {});
}

void account_store::delete_session(const std::string& token, done_fn cb) {
  conn_->execute(
      {"DEL", session_key(token)},
      [cb = std::move(cb)](std::error_code ec, redis::reply r) { cb(ec ? ec : failed(r)); });
}

void account_store::read_throttle(const std::string& account_id, const std::string& from,
                                  std::function<void(std::error_code, throttle_state)> cb) {
  // The account's throttle, then the address's: two keys, two slots, two calls.
  conn_->execute({"EVAL", throttle_script, "1", account_throttle(account_id)},
                 [conn = conn_, addr = address_throttle(from), cb = std::move(cb)](
                     std::error_code ec, redis::reply a) {
                   if (!ec) ec = failed(a);
                   if (ec || a.elements.size() != 2) return cb(ec, throttle_state{});
                   conn->execute(
                       {"EVAL", throttle_script, "1", addr},
                       [a = std::move(a), cb](std::error_code ec2, redis::reply r) {
                         if (!ec2) ec2 = failed(r);
                         throttle_state t;
                         if (!ec2 && r.elements.size() == 2) {
                           t.account_failures = a.elements[0].integer;
                           t.address_failures = r.elements[0].integer;
                           if (t.account_failures >= max_account_failures) {
                             t.retry_after_ms = std::max(t.retry_after_ms, a.elements[1].integer);
                           }
                           if (t.address_failures >= max_address_failures) {
                             t.retry_after_ms = std::max(t.retry_after_ms, r.elements[1].integer);
                           }
                         }
                         cb(ec2, t);
                       });
                 });
}

void account_store::record_failure(const std::string& account_id, const std::string& from,
                                   std::chrono::milliseconds window, done_fn cb) {
  const auto ms = std::to_string(window.count());
  conn_->execute({"EVAL", failure_script, "1", account_throttle(account_id), ms},
                 [conn = conn_, addr = address_throttle(from), ms, cb = std::move(cb)](
                     std::error_code ec, redis::reply r) {
                   if (!ec) ec = failed(r);
                   if (ec) return cb(ec);
                   conn->execute(
                       {"EVAL", failure_script, "1", addr, ms},
                       [cb](std::error_code ec2, redis::reply r2) { cb(ec2 ? ec2 : failed(r2)); });
                 });
}

void account_store::clear_account_failures(const std::string& account_id, done_fn cb) {
  conn_->execute(
      {"DEL", account_throttle(account_id)},
      [cb = std::move(cb)](std::error_code ec, redis::reply r) { cb(ec ? ec : failed(r)); });
}

}  // namespace huiwu::store
