// The server terminating TLS itself (--tls-cert/--tls-key): HTTPS with Secure cookies and a
// WebSocket over TLS, with a certificate made for the test by the openssl command line.
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <cstdlib>
#include <filesystem>

#include "server_fixture.hpp"
#include "support/eventually.hpp"

namespace huiwu::test {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = boost::asio::ssl;
using tls_stream = beast::ssl_stream<beast::tcp_stream>;

struct tls_files {
  std::filesystem::path dir, cert, key;
  tls_files() {
    dir = std::filesystem::temp_directory_path() / ("huiwu-tls-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    cert = dir / "cert.pem";
    key = dir / "key.pem";
    const auto cmd =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
        "-days 1 -subj /CN=127.0.0.1 -keyout '" +
        key.string() + "' -out '" + cert.string() + "' 2>/dev/null";
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("openssl could not make a cert");
  }
  ~tls_files() { std::filesystem::remove_all(dir); }
};

std::unique_ptr<tls_stream> connect_tls(boost::asio::io_context& ioc, ssl::context& ctx,
                                        std::uint16_t port) {
  auto s = std::make_unique<tls_stream>(ioc, ctx);
  beast::get_lowest_layer(*s).connect({boost::asio::ip::make_address("127.0.0.1"), port});
  s->handshake(ssl::stream_base::client);
  return s;
}

http::response<http::string_body> https(std::uint16_t port, http::verb method,
                                        const std::string& target, const std::string& body = {},
                                        const std::string& token = {}) {
  boost::asio::io_context ioc;
  ssl::context ctx(ssl::context::tls_client);
  ctx.set_verify_mode(ssl::verify_none);  // a self-signed certificate made for the test
  auto s = connect_tls(ioc, ctx, port);
  http::request<http::string_body> req{method, target, 11};
  req.set(http::field::host, "127.0.0.1");
  if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
  if (!body.empty()) req.set(http::field::content_type, "application/json");
  req.body() = body;
  req.prepare_payload();
  http::write(*s, req);
  beast::flat_buffer buf;
  http::response<http::string_body> res;
  http::read(*s, buf, res);
  return res;
}

TEST(Tls, HttpsAndSecureWebSocketWithSecureCookies) {
  tls_files files;
  redis_process redis;
  // Plain first, to create the test account and its token through the usual path.
  server_process plain(redis.port());
  server_process server(
      redis.port(), {"--tls-cert", files.cert.string(), "--tls-key", files.key.string()}, false);
  // server_process waits on plain HTTP; over TLS, ask ourselves. The port opens before the
  // Redis link is up (503 "unavailable" until then), so wait for the instance to be ready.
  http::response<http::string_body> health;
  EXPECT_TRUE(eventually([&] {
    health = https(server.port(), http::verb::get, "/healthz");
    return health.result_int() == 200;
  })) << health.body();
  EXPECT_NE(std::string(health["Strict-Transport-Security"]).find("max-age"), std::string::npos);
  auto login = https(server.port(), http::verb::post, "/api/login",
                     R"({"user":"tester","password":"tester-password-1","bearer":true})");
  ASSERT_EQ(login.result_int(), 200) << login.body();
  EXPECT_NE(std::string(login[http::field::set_cookie]).find("; Secure"), std::string::npos);
  EXPECT_EQ(https(server.port(), http::verb::get, "/api/me").result_int(), 401);
  EXPECT_EQ(https(server.port(), http::verb::get, "/api/me", {}, plain.token()).result_int(), 200);

  // WSS: the same protocol over TLS.
  boost::asio::io_context ioc;
  ssl::context ctx(ssl::context::tls_client);
  ctx.set_verify_mode(ssl::verify_none);
  beast::websocket::stream<tls_stream> ws(ioc, ctx);
  beast::get_lowest_layer(ws).connect({boost::asio::ip::make_address("127.0.0.1"), server.port()});
  ws.next_layer().handshake(ssl::stream_base::client);
  ws.set_option(beast::websocket::stream_base::decorator(
      [t = plain.token()](beast::websocket::request_type& r) {
        r.set(http::field::authorization, "Bearer " + t);
      }));
  ws.handshake("127.0.0.1", "/ws");
  ws.text(true);
  ws.write(boost::asio::buffer(std::string(R"({"id":"1","ping":{"client_time_ms":"5"}})")));
  beast::flat_buffer buf;
  ws.read(buf);
  const auto reply = beast::buffers_to_string(buf.data());
  EXPECT_NE(reply.find("pong"), std::string::npos) << reply;
  ws.close(beast::websocket::close_code::normal);

  // Plain HTTP to the TLS port gets nowhere.
  EXPECT_THROW(http_request(server.port(), "/healthz", "GET", {}, {}), std::exception);
}

}  // namespace
}  // namespace huiwu::test
