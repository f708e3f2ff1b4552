// Helpers of the follow-up (督办) integration tests: accounts with units, the HTTP API as a
// given account, a meeting with one item and a decision on it.
#pragma once

#include <sys/wait.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <string>

#include "followup/tz_loader.hpp"
#include "server_fixture.hpp"

namespace huiwu::test::followup_support {

namespace json = boost::json;

inline int make_account(std::uint16_t redis_port, const std::string& id, const std::string& unit,
                        const std::string& name, const std::string& clearance = "secret") {
  const std::string cmd = std::string("'") + HUIWU_SERVER_BIN +
                          "' --redis 127.0.0.1:" + std::to_string(redis_port) + " --create-user '" +
                          id + "' --clearance " + clearance + " --unit '" + unit + "' --name '" +
                          name + "' >/dev/null";
  FILE* p = ::popen(cmd.c_str(), "w");
  if (!p) return -1;
  std::fputs(("password-" + id + "\n").c_str(), p);
  const int status = ::pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

inline std::string token_of(std::uint16_t port, const std::string& id) {
  return log_in(port, id, "password-" + id);
}

inline http_result call(std::uint16_t port, const std::string& token, const std::string& target,
                        const std::string& method = "GET", const std::string& body = {}) {
  return http_request(port, target, method, body, {{"Authorization", "Bearer " + token}});
}

inline json::object parse(const http_result& r) {
  json::error_code ec;
  auto v = json::parse(r.body, ec);
  return !ec && v.is_object() ? v.as_object() : json::object{};
}

// Today in Asia/Shanghai, plus `days`, as YYYY-MM-DD (the server's clock, no offset).
inline std::string shanghai_date(int days) {
  auto zone = followup::load_time_zone("Asia/Shanghai");
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  return followup::format_date(followup::add_days(zone->local_date(now), days));
}

// Creates a decision on `item` of `meeting` as `token`; returns the response.
inline http_result create_decision(std::uint16_t port, const std::string& token,
                                   const std::string& meeting, const std::string& item,
                                   json::object extra = {}) {
  json::object body{{"meeting_id", meeting},
                    {"item_id", item},
                    {"text", "完成城区排水管网改造方案"},
                    {"lead_account", "lead1"},
                    {"lead_unit", "住建局"},
                    {"co_accounts", json::array{"co1"}},
                    {"co_units", json::array{"水务局"}},
                    {"supervisor_account", "sup1"},
                    {"deadline", shanghai_date(5)},
                    {"priority", 1},
                    {"due_soon_days", 3}};
  for (auto& [k, v] : extra) body[k] = v;
  return call(port, token, "/api/followup/decisions", "POST", json::serialize(body));
}

inline http_result act(std::uint16_t port, const std::string& token, const std::string& meeting,
                       const std::string& decision, const std::string& action,
                       const std::string& role, const std::string& text = {},
                       const std::string& date = {}) {
  json::object body{{"meeting_id", meeting}, {"decision_id", decision},
                    {"action", action},      {"role", role},
                    {"text", text},          {"date", date}};
  return call(port, token, "/api/followup/action", "POST", json::serialize(body));
}

inline json::object detail(std::uint16_t port, const std::string& token, const std::string& meeting,
                           const std::string& decision) {
  auto o =
      parse(call(port, token, "/api/followup/decision?meeting=" + meeting + "&id=" + decision));
  auto* d = o.if_contains("decision");
  return d && d->is_object() ? d->as_object() : json::object{};
}

inline std::string redis_cli(std::uint16_t redis_port, const std::string& args) {
  const std::string cmd = "redis-cli -p " + std::to_string(redis_port) + " " + args;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return {};
  std::string out;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  ::pclose(p);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

}  // namespace huiwu::test::followup_support
