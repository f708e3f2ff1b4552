// Logins, sessions, origins, throttling, the HTTP endpoint table and the audit chain, against
// the real server and Redis (docs/security.md).
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <cstdio>
#include <set>
#include <sstream>
#include <thread>

#include "server_fixture.hpp"
#include "support/eventually.hpp"
#include "support/tcp_port.hpp"

namespace huiwu::test {
namespace {

// Sends a WebSocket upgrade with the given extra headers; the HTTP status of the answer.
int upgrade_status(std::uint16_t port, const std::string& extra_headers) {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket s(ioc);
  s.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  const std::string req = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                          "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                          "Sec-WebSocket-Version: 13\r\n" +
                          extra_headers + "\r\n";
  boost::asio::write(s, boost::asio::buffer(req));
  std::string out(12, '\0');
  boost::system::error_code ec;
  boost::asio::read(s, boost::asio::buffer(out), ec);
  if (ec || out.size() < 12) return 0;
  return std::stoi(out.substr(9, 3));
}

std::string bearer(const std::string& token) {
  return "Authorization: Bearer " + token + "\r\n";
}

std::vector<std::pair<std::string, std::string>> as(const std::string& token) {
  if (token.empty()) return {};
  return {{"Authorization", "Bearer " + token}};
}

// The error code of a JSON error body ("" when there is none).
std::string error_code(const std::string& body) {
  const auto at = body.find(R"("code":")");
  if (at == std::string::npos) return {};
  return body.substr(at + 8, body.find('"', at + 8) - at - 8);
}

std::string run(const std::string& command, int* rc = nullptr) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  char buf[4096];
  while (p && std::fgets(buf, sizeof buf, p)) out += buf;
  const int status = p ? ::pclose(p) : -1;
  if (rc) *rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

class AuthTest : public ServerTest {
 protected:
  std::string account(const std::string& id, const std::string& clearance = "internal",
                      bool admin = false) {
    EXPECT_EQ(create_account(redis_.port(), id, "password-" + id, clearance, admin), 0);
    auto t = log_in(server_.port(), id, "password-" + id);
    EXPECT_FALSE(t.empty()) << id;
    return t;
  }
  int verify_audit() {
    int rc = -1;
    run(std::string("'") + HUIWU_SERVER_BIN +
            "' --redis 127.0.0.1:" + std::to_string(redis_.port()) + " --verify-audit",
        &rc);
    return rc;
  }
};

// Every HTTP endpoint: who gets what. The routes come from the server's own table
// (--list-routes): an endpoint without a row here fails the test.
TEST_F(AuthTest, EveryEndpointHasARowForAnonymousMemberAndAdmin) {
  const auto member = account("member");
  const auto admin = server_.token();  // the test account is an admin
  account("spare");
  struct row {
    std::string body;
    int anonymous, member, admin;
  };
  const std::string preview =
      R"({"layout":{"kind":"podium","rows":[1]},"convention":"left","order":"rank","people":[{"id":"a","name":"王伟","rank":1}]})";
  std::map<std::string, row> rows = {
      {"POST /api/login", {R"({"user":"member","password":"wrong-password"})", 401, 401, 401}},
      {"GET /api/me", {"", 401, 200, 200}},
      {"POST /api/password",
       {R"({"old_password":"wrong","new_password":"abcdefghijk"})", 401, 401, 401}},
      {"GET /api/accounts", {"", 401, 200, 200}},
      {"POST /api/accounts",
       {R"({"id":"made","name":"新人","clearance":"internal"})", 401, 403, 201}},
      {"POST /api/accounts/update", {R"({"id":"spare","title":"处长"})", 401, 403, 200}},
      {"POST /api/accounts/reset-password", {R"({"id":"spare"})", 401, 403, 200}},
      {"GET /api/units", {"", 401, 200, 200}},
      {"POST /api/units", {R"({"name":"审计测试单位"})", 401, 403, 201}},
      {"POST /api/units/update", {R"({"id":"u999","name":"x"})", 401, 403, 404}},
      {"POST /api/units/delete", {R"({"id":"u999"})", 401, 403, 404}},
      {"GET /api/audit", {"", 401, 403, 200}},
      {"GET /api/audit/verify", {"", 401, 403, 200}},
      {"GET /api/audit/meetings", {"", 401, 403, 200}},
      {"POST /api/seating/preview", {preview, 401, 200, 200}},
      {"GET /api/meetings/minutes", {"", 401, 404, 404}},  // with `queries` below
      {"GET /api/meetings/jiyao", {"", 401, 404, 404}},    // with `queries` below
      {"GET /api/meetings/invite.ics", {"", 401, 404, 404}},
      {"GET /api/meetings/materials", {"", 401, 404, 404}},        // with `queries` below
      {"POST /api/meetings/materials", {"%PDF-", 401, 404, 404}},  // with `queries` below
      {"GET /api/meetings/materials/file", {"", 401, 404, 404}},   // with `queries` below
      {"GET /api/calendar/feed.ics", {"", 401, 200, 200}},
      {"GET /api/followup/board", {"", 401, 200, 200}},
      {"GET /api/followup/changes", {"", 401, 200, 200}},
      {"GET /api/followup/decision", {"", 401, 404, 404}},
      {"GET /api/followup/digest", {"", 401, 200, 200}},
      {"GET /api/followup/league", {"", 401, 200, 200}},
      {"GET /api/followup/export.csv", {"", 401, 200, 200}},
      {"GET /api/followup/export.xlsx", {"", 401, 200, 200}},
      {"POST /api/followup/decisions", {"{}", 401, 400, 400}},
      {"POST /api/followup/action", {"{}", 401, 400, 400}},
      {"GET /api/inbox", {"", 401, 200, 200}},
      {"POST /api/inbox/read", {R"({"id":"1"})", 401, 404, 404}},
      {"GET /api/inbox/changes", {"", 401, 200, 200}},
      {"GET /api/notice", {"", 401, 404, 404}},
      {"GET /api/meetings/notice.docx", {"", 401, 404, 404}},
      {"POST /api/notice/reply",
       {R"({"meeting_id":"m-unknown","attendee_id":"p1","kind":"attend"})", 401, 404, 404}},
      {"POST /api/logout", {"", 401, 200, 200}},  // last: it ends the sessions
  };
  // Query strings for GET routes that need one (an unknown meeting: nobody may see it).
  const std::map<std::string, std::string> queries = {
      {"GET /api/meetings/minutes", "?m=m-unknown&format=txt"},
      {"GET /api/meetings/jiyao", "?m=m-unknown&format=txt"},
      {"GET /api/meetings/invite.ics", "?m=m-unknown"},
      {"GET /api/meetings/materials", "?m=m-unknown"},
      {"POST /api/meetings/materials", "?m=m-unknown&item=i1&name=a.pdf"},
      {"GET /api/meetings/materials/file", "?m=m-unknown&item=i1&material=f1"},
      {"GET /api/followup/changes", "?after=999999"},  // answers at once: no long poll
      {"GET /api/inbox/changes", "?after=999999"},
      {"GET /api/notice", "?m=m-unknown"},
      {"GET /api/meetings/notice.docx", "?m=m-unknown"},
      {"GET /api/followup/decision", "?m=m-unknown&d=d1"}};
  int rc = -1;
  const auto listed = run(std::string("'") + HUIWU_SERVER_BIN + "' --list-routes", &rc);
  ASSERT_EQ(rc, 0);
  std::istringstream lines(listed);
  std::set<std::string> routes;
  for (std::string method, path, who; lines >> method >> path >> who;) {
    routes.insert(method + ' ' + path);
    EXPECT_TRUE(rows.count(method + ' ' + path)) << "no row for " << method << ' ' << path;
  }
  for (const auto& [route, r] : rows) EXPECT_TRUE(routes.count(route)) << "stale row " << route;
  // Logout last, so that the other rows run with live sessions.
  std::vector<std::string> order;
  for (const auto& [route, r] : rows) {
    if (route != "POST /api/logout") order.push_back(route);
  }
  order.push_back("POST /api/logout");
  for (const auto& route : order) {
    const auto& r = rows.at(route);
    const auto method = route.substr(0, route.find(' '));
    const auto path = route.substr(route.find(' ') + 1);
    for (const auto& [who, token, expected] : {std::tuple{"anonymous", std::string(), r.anonymous},
                                               {"member", member, r.member},
                                               {"admin", admin, r.admin}}) {
      const auto q = queries.find(route);
      auto got = http_request(server_.port(), path + (q == queries.end() ? "" : q->second), method,
                              r.body, as(token));
      EXPECT_EQ(got.status, expected) << route << " as " << who << ": " << got.body;
      if (expected == 401 && std::string(who) == "anonymous" && route != "POST /api/login") {
        EXPECT_EQ(error_code(got.body), "unauthenticated") << route;
      }
    }
  }
  // The directory shows clearances to admins only.
  auto dir = http_request(server_.port(), "/api/accounts", "GET", {}, as(account("again")));
  EXPECT_EQ(dir.body.find("clearance"), std::string::npos);
  // Pages and assets: the login page and its assets are public, the rest needs a session.
  const auto reader = account("reader");
  for (const auto& [path, anonymous] :
       std::vector<std::pair<std::string, int>>{{"/", 302},
                                                {"/secretary.html", 302},
                                                {"/admin.html", 302},
                                                {"/js/client.js", 401},
                                                {"/js/ui.js", 401},
                                                {"/login.html", 200},
                                                {"/css/base.css", 200},
                                                {"/js/i18n.js", 200},
                                                {"/js/pages/login.js", 200},
                                                {"/healthz", 200},
                                                {"/metrics", 200}}) {
    auto anon = http_request(server_.port(), path, "GET", {}, {});
    EXPECT_EQ(anon.status, anonymous) << path;
    if (anonymous == 302) {
      EXPECT_EQ(anon.headers["location"].rfind("/login.html?next=", 0), 0u) << path;
    }
    EXPECT_EQ(http_request(server_.port(), path, "GET", {}, as(reader)).status, 200) << path;
  }
}

TEST_F(AuthTest, TheWebSocketNeedsAValidSessionAndTheRightOrigin) {
  const auto token = account("wsuser");
  const auto self = "Origin: http://127.0.0.1:" + std::to_string(server_.port()) + "\r\n";
  EXPECT_EQ(upgrade_status(server_.port(), ""), 401);  // no token at all
  EXPECT_EQ(upgrade_status(server_.port(), bearer("forged-token-forged-token-forged-token-xx")),
            401);
  EXPECT_EQ(upgrade_status(server_.port(), "Cookie: huiwu_session=" + token + "\r\n" + self), 101);
  EXPECT_EQ(upgrade_status(server_.port(), bearer(token)), 101);  // no Origin: not a browser
  EXPECT_EQ(upgrade_status(server_.port(), bearer(token) + "Origin: https://evil.example\r\n"),
            403);
  EXPECT_EQ(upgrade_status(server_.port(),
                           "Cookie: huiwu_session=" + token + "\r\nOrigin: http://127.0.0.1:1\r\n"),
            403);
  // Cross-site POSTs are refused the same way.
  auto post = http_request(server_.port(), "/api/login", "POST",
                           R"({"user":"wsuser","password":"password-wsuser"})",
                           {{"Origin", "https://evil.example"}});
  EXPECT_EQ(post.status, 403);
  EXPECT_EQ(error_code(post.body), "origin_not_allowed");

  // A configured list replaces the same-origin rule.
  server_process other(redis_.port(), {"--allowed-origin", "https://huiwu.example.org"});
  EXPECT_EQ(upgrade_status(other.port(), bearer(token) + "Origin: https://huiwu.example.org\r\n"),
            101);
  EXPECT_EQ(upgrade_status(other.port(), bearer(token) + "Origin: http://127.0.0.1:" +
                                             std::to_string(other.port()) + "\r\n"),
            403);
}

TEST_F(AuthTest, LogoutAndExpiryEndSessionsAndTheirConnections) {
  const auto token = account("leaver");
  ws_client open_ws(server_.port(), "leaver-1", token);
  ASSERT_TRUE(open_ws.open());
  const auto cookie_login = http_request(server_.port(), "/api/login", "POST",
                                         R"({"user":"leaver","password":"password-leaver"})", {});
  ASSERT_EQ(cookie_login.status, 200);
  const auto& set_cookie = cookie_login.headers.at("set-cookie");
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(set_cookie.find("Secure"), std::string::npos);        // plain HTTP here
  EXPECT_EQ(cookie_login.body.find("token"), std::string::npos);  // only when asked for
  auto out = http_request(server_.port(), "/api/logout", "POST", {}, as(token));
  EXPECT_EQ(out.status, 200);
  EXPECT_NE(out.headers["set-cookie"].find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(http_request(server_.port(), "/api/me", "GET", {}, as(token)).status, 401);
  EXPECT_EQ(upgrade_status(server_.port(), bearer(token)), 401);
  EXPECT_TRUE(open_ws.wait_closed());  // the open connection of that session is closed too
  EXPECT_EQ(open_ws.close_reason().code, 1008);

  server_process short_lived(redis_.port(), {"--session-seconds", "1"});
  const auto brief = log_in(short_lived.port(), "leaver", "password-leaver");
  ASSERT_FALSE(brief.empty());
  EXPECT_EQ(http_request(short_lived.port(), "/api/me", "GET", {}, as(brief)).status, 200);
  EXPECT_TRUE(eventually([&] { return upgrade_status(short_lived.port(), bearer(brief)) == 401; },
                         std::chrono::seconds(10)));
}

TEST_F(AuthTest, BruteForceIsThrottledPerAccountAndOthersAreNot) {
  account("target");
  account("bystander");
  const auto attempt = [&](const std::string& user, const std::string& password) {
    return http_request(server_.port(), "/api/login", "POST",
                        R"({"user":")" + user + R"(","password":")" + password + R"("})", {});
  };
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(attempt("target", "guess-" + std::to_string(i)).status, 401);
  auto throttled = attempt("target", "guess-6");
  EXPECT_EQ(throttled.status, 429);
  EXPECT_EQ(error_code(throttled.body), "throttled");
  EXPECT_GT(std::stoi(throttled.headers["retry-after"]), 0);
  // Even the right password waits now: a guess that happens to be right tells nothing.
  EXPECT_EQ(attempt("target", "password-target").status, 429);
  EXPECT_EQ(attempt("bystander", "password-bystander").status, 200);
  // Unknown accounts cost the same and count against the address.
  EXPECT_EQ(attempt("nobody", "whatever-password").status, 401);
}

TEST_F(AuthTest, AOneTimePasswordMustBeChangedBeforeAnythingElse) {
  int rc = -1;
  const auto out = run(std::string("'") + HUIWU_SERVER_BIN + "' --redis 127.0.0.1:" +
                           std::to_string(redis_.port()) + " --create-user fresh --temporary",
                       &rc);
  ASSERT_EQ(rc, 0) << out;
  const auto otp = out.substr(out.rfind(' ') + 1, out.size() - out.rfind(' ') - 2);
  const auto token = log_in(server_.port(), "fresh", otp);
  ASSERT_FALSE(token.empty()) << out;
  EXPECT_EQ(upgrade_status(server_.port(), bearer(token)), 403);
  EXPECT_EQ(http_request(server_.port(), "/api/me", "GET", {}, as(token)).status, 200);
  auto blocked = http_request(server_.port(), "/api/accounts", "GET", {}, as(token));
  EXPECT_EQ(blocked.status, 403);
  EXPECT_EQ(error_code(blocked.body), "password_change_required");
  auto weak =
      http_request(server_.port(), "/api/password", "POST",
                   R"({"old_password":")" + otp + R"(","new_password":"short"})", as(token));
  EXPECT_EQ(weak.status, 400);
  auto changed = http_request(
      server_.port(), "/api/password", "POST",
      R"({"old_password":")" + otp + R"(","new_password":"a-better-password"})", as(token));
  EXPECT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(upgrade_status(server_.port(), bearer(token)), 101);
  EXPECT_TRUE(log_in(server_.port(), "fresh", otp).empty());
}

TEST_F(AuthTest, ChangingAnAccountReconnectsItWithItsNewRights) {
  const auto token = account("moved", "secret");
  ws_client c(server_.port(), "moved-1", token);
  v1::Envelope hello;
  hello.mutable_hello()->set_client_id("moved-1");
  auto w = c.call(hello);
  ASSERT_TRUE(w.has_welcome());
  EXPECT_EQ(w.welcome().account().clearance(), v1::LEVEL_SECRET);
  auto r = http_get(server_.port(), "/api/accounts/update", "POST",
                    R"({"id":"moved","clearance":"LEVEL_INTERNAL"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(c.wait_closed());
  ws_client again(server_.port(), "moved-2", token);
  w = again.call(hello);
  EXPECT_EQ(w.welcome().account().clearance(), v1::LEVEL_INTERNAL);
  // Disabled: the session stops working at once.
  ASSERT_EQ(
      http_get(server_.port(), "/api/accounts/update", "POST", R"({"id":"moved","disabled":true})")
          .status,
      200);
  EXPECT_TRUE(again.wait_closed());
  EXPECT_EQ(upgrade_status(server_.port(), bearer(token)), 401);
  EXPECT_TRUE(log_in(server_.port(), "moved", "password-moved").empty());
}

TEST_F(AuthTest, TheAuditChainRecordsAccessAndDetectsTampering) {
  const auto token = account("auditee");
  http_request(server_.port(), "/api/login", "POST",
               R"({"user":"auditee","password":"not-the-password"})", {});
  auto c = client();
  auto m = c->create_meeting("机密会议");
  v1::Change up;
  up.mutable_update_info()->mutable_info()->set_title("机密会议");
  up.mutable_update_info()->mutable_info()->set_level(v1::LEVEL_CONFIDENTIAL);
  c->join(m.id());
  ASSERT_TRUE(c->command(m.id(), up).has_ack());
  v1::Change link;
  link.mutable_add_attendee()->mutable_attendee()->set_name("审计对象");
  link.mutable_add_attendee()->mutable_attendee()->set_account_id("auditee");
  ASSERT_TRUE(c->command(m.id(), link).has_ack());
  client()->join(m.id());  // a view of confidential content

  auto audit = http_get(server_.port(), "/api/audit?limit=200");
  ASSERT_EQ(audit.status, 200);
  for (const char* action : {"\"login\"", "\"login_failed\"", "\"account_created\"", "\"join\"",
                             "\"view_confidential\"", "\"level_changed\"", "\"role_changed\""}) {
    EXPECT_NE(audit.body.find(action), std::string::npos) << action << " missing: " << audit.body;
  }
  auto filtered = http_get(server_.port(), "/api/audit?action=login_failed&actor=auditee");
  EXPECT_NE(filtered.body.find("auditee"), std::string::npos);
  EXPECT_EQ(filtered.body.find("\"view_confidential\""), std::string::npos);
  EXPECT_NE(http_get(server_.port(), "/api/audit/verify").body.find("\"ok\":true"),
            std::string::npos);
  EXPECT_EQ(verify_audit(), 0);

  // Changed: the third entry's detail rewritten in place (same id, same hash).
  const auto ids = redis_.command({"XRANGE", "hw:audit", "-", "+"});
  std::vector<std::string> flat;
  std::istringstream in(ids);
  for (std::string line; std::getline(in, line);) flat.push_back(line);
  // flat: id, field, value, ..., id, ... — find the entry ids (they contain '-').
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < flat.size(); ++i) {
    if (i + 1 < flat.size() && flat[i + 1] == "seq") starts.push_back(i);
  }
  ASSERT_GE(starts.size(), 5u);
  auto entry_args = [&](std::size_t k, const std::string& new_detail) {
    std::vector<std::string> args{"XADD", "hw:audit", flat[starts[k]]};
    const auto end = k + 1 < starts.size() ? starts[k + 1] : flat.size();
    for (std::size_t i = starts[k] + 1; i + 1 < end; i += 2) {
      args.push_back(flat[i]);
      args.push_back(flat[i] == "detail" && !new_detail.empty() ? new_detail : flat[i + 1]);
    }
    return args;
  };
  // Rebuild the stream with one entry's detail changed.
  redis_.command({"DEL", "hw:audit"});
  for (std::size_t k = 0; k < starts.size(); ++k)
    redis_.command(entry_args(k, k == 2 ? "nothing happened" : ""));
  EXPECT_EQ(verify_audit(), 1);
  // Restored, it verifies again; then an entry removed from the middle breaks it.
  redis_.command({"DEL", "hw:audit"});
  for (std::size_t k = 0; k < starts.size(); ++k) redis_.command(entry_args(k, ""));
  EXPECT_EQ(verify_audit(), 0);
  redis_.command({"XDEL", "hw:audit", flat[starts[1]]});
  EXPECT_EQ(verify_audit(), 1);
  // And the last one removed (with a correct chain before it) shows at the head.
  redis_.command({"DEL", "hw:audit"});
  for (std::size_t k = 0; k + 1 < starts.size(); ++k) redis_.command(entry_args(k, ""));
  EXPECT_EQ(verify_audit(), 1);
}

// The admin page names meetings by title (issue 13), only those the reader is cleared for.
TEST_F(AuthTest, AuditEntriesNameTheMeetingsTheReaderIsClearedFor) {
  auto c = client();
  auto open = c->create_meeting("公开的办公会");
  auto secret = c->create_meeting("机密的专题会");
  v1::Change up;
  up.mutable_update_info()->mutable_info()->set_title("机密的专题会");
  up.mutable_update_info()->mutable_info()->set_level(v1::LEVEL_CONFIDENTIAL);
  c->join(secret.id());
  ASSERT_TRUE(c->command(secret.id(), up).has_ack());
  c->join(open.id());
  const auto token = account("auditor", "internal", true);
  auto audit = http_request(server_.port(), "/api/audit?limit=200", "GET", {}, as(token));
  ASSERT_EQ(audit.status, 200);
  EXPECT_NE(audit.body.find(R"("meeting_title":"公开的办公会")"), std::string::npos) << audit.body;
  // Above the reader's clearance: the id only, never the title.
  EXPECT_EQ(audit.body.find("机密的专题会"), std::string::npos) << audit.body;
  EXPECT_NE(audit.body.find("\"meeting " + secret.id()), std::string::npos) << audit.body;
  EXPECT_EQ(verify_audit(), 0);  // the title is added on reading, not stored
}

TEST_F(AuthTest, OnlyATrustedProxySaysWhereTheClientIs) {
  account("proxied");
  const std::vector<std::pair<std::string, std::string>> forwarded = {
      {"X-Forwarded-For", "198.51.100.7, 203.0.113.9"}, {"X-Forwarded-Proto", "https"}};
  const auto body = R"({"user":"proxied","password":"password-proxied"})";
  // Not trusted: the headers are anybody's words.
  auto direct = http_request(server_.port(), "/api/login", "POST", body, forwarded);
  ASSERT_EQ(direct.status, 200);
  EXPECT_EQ(direct.headers["set-cookie"].find("Secure"), std::string::npos);
  server_process behind(redis_.port(), {"--trusted-proxy", "127.0.0.1"});
  auto via = http_request(behind.port(), "/api/login", "POST", body, forwarded);
  ASSERT_EQ(via.status, 200);
  EXPECT_NE(via.headers["set-cookie"].find("; Secure"), std::string::npos);
  // The login is recorded after its answer (auth_service::record): wait for both entries.
  http_result audit;
  eventually([&] {
    audit = http_get(server_.port(), "/api/audit?actor=proxied&action=login");
    return audit.body.find(R"("from":"203.0.113.9")") != std::string::npos;
  });
  EXPECT_NE(audit.body.find(R"("from":"203.0.113.9")"), std::string::npos) << audit.body;
  EXPECT_NE(audit.body.find(R"("from":"127.0.0.1")"), std::string::npos) << audit.body;
  EXPECT_EQ(audit.body.find("198.51.100.7"), std::string::npos) << audit.body;
}

TEST(MetricsListen, MetricsMoveToTheirOwnAddress) {
  redis_process redis;
  const auto metrics_port = free_tcp_port();
  server_process server(redis.port(),
                        {"--metrics-listen", "127.0.0.1:" + std::to_string(metrics_port)});
  EXPECT_EQ(http_request(server.port(), "/metrics", "GET", {}, {}).status, 401);
  auto m = http_request(metrics_port, "/metrics", "GET", {}, {});
  EXPECT_EQ(m.status, 200);
  EXPECT_NE(m.body.find("huiwu_"), std::string::npos);
  EXPECT_EQ(http_request(metrics_port, "/healthz", "GET", {}, {}).status, 200);
  EXPECT_EQ(http_request(metrics_port, "/login.html", "GET", {}, {}).status, 404);
  EXPECT_EQ(http_request(metrics_port, "/api/me", "GET", {}, {}).status, 404);
}

}  // namespace
}  // namespace huiwu::test
