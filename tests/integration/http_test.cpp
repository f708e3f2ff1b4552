// HTTP: static files without traversal, health, metrics.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include "server_fixture.hpp"

namespace huiwu::test {
namespace {

// Sends the request line byte for byte (no client-side normalisation) and returns the
// status code.
int raw_status(std::uint16_t port, const std::string& target) {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket s(ioc);
  s.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  // As a logged-in user: the traversal must be refused for them too, not just stopped at
  // the login.
  const std::string req = "GET " + target +
                          " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer " +
                          default_token(port) + "\r\n\r\n";
  boost::asio::write(s, boost::asio::buffer(req));
  std::string out;
  boost::system::error_code ec;
  boost::asio::read(s, boost::asio::dynamic_buffer(out), ec);
  if (out.size() < 12) return 0;
  return std::stoi(out.substr(9, 3));
}

TEST_F(ServerTest, ServesTheBrowserUi) {
  auto r = http_get(server_.port(), "/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("<html"), std::string::npos);
}

TEST_F(ServerTest, RefusesPathTraversal) {
  for (const char* t :
       {"/../CMakeLists.txt", "/%2e%2e/CMakeLists.txt", "/%2E%2E/CMakeLists.txt",
        "/css/../../CMakeLists.txt", "/..%2fCMakeLists.txt", "/%2e%2e%2fCMakeLists.txt",
        "/..\\CMakeLists.txt", "/%00", "/%zz", "/.%2e/.%2e/etc/passwd", "/nonexistent.html"}) {
    EXPECT_EQ(raw_status(server_.port(), t), 404) << t;
  }
}

TEST_F(ServerTest, HealthAndMetrics) {
  auto h = http_get(server_.port(), "/healthz");
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.body, R"({"status":"ok"})");
  auto a = client();
  auto m = a->create_meeting("m");
  a->join(m.id());
  ASSERT_TRUE(a->command(m.id(), add_item_change("x")).has_ack());
  EXPECT_EQ(a->command(m.id(), add_item_change("", 1)).error().code(), v1::ERROR_INVALID_FIELD);
  auto metrics = http_get(server_.port(), "/metrics").body;
  EXPECT_NE(metrics.find("huiwu_connections 1"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("huiwu_rooms 1"), std::string::npos);
  EXPECT_NE(metrics.find("huiwu_commands_total{kind=\"add_item\"} 1"), std::string::npos);
  EXPECT_NE(metrics.find("huiwu_requests_total{type=\"command\"} 2"), std::string::npos);
  EXPECT_NE(metrics.find("huiwu_errors_total{code=\"ERROR_INVALID_FIELD\"} 1"), std::string::npos);
  EXPECT_NE(metrics.find("huiwu_redis_rtt_seconds_count"), std::string::npos);
}

TEST_F(ServerTest, OversizedHttpBodyIsRefused) {
  auto r = http_get(server_.port(), "/api/anything", "POST", std::string(100 * 1024, 'x'));
  EXPECT_EQ(r.status, 413);
}

TEST_F(ServerTest, WebSocketOnlyAtWs) {
  EXPECT_EQ(http_get(server_.port(), "/ws").status, 404);  // a plain GET is not an upgrade
}

}  // namespace
}  // namespace huiwu::test
