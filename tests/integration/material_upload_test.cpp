// Uploads of several MiB through the real server (decision 0039): every chunk is written and
// hashed on the materials pool, in order, one read at a time; the stored file is the body
// byte for byte under its SHA-256, sent with a declared length or chunked. And the drain: an
// upload in flight when SIGTERM arrives is finished, stored and answered before the process
// exits, while a new one on a kept-alive connection is refused unread (503 "draining").
#include <unistd.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>

#include "auth/crypto.hpp"
#include "material_upload_fixture.hpp"
#include "raw_socket.hpp"
#include "support/eventually.hpp"

namespace huiwu::test {
namespace upload_tests {  // named: unity builds merge the test files
namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;

constexpr std::size_t limit = 16 * 1024 * 1024;

// A PDF's head followed by pseudo-random bytes: a chunk written twice, dropped or out of
// order changes the file and its hash (padding of one repeated byte would hide it).
std::string pdf_bytes(std::size_t size, unsigned seed) {
  std::ifstream in(std::string(HUIWU_MATERIAL_SAMPLES) + "/outline.pdf", std::ios::binary);
  std::string b{std::istreambuf_iterator<char>(in), {}};
  std::mt19937 rng(seed);
  b.reserve(size);
  while (b.size() < size) b.push_back(static_cast<char>(rng() & 0xff));
  b.resize(size);
  return b;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

bool port_refuses(std::uint16_t port) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket probe(io);
  boost::system::error_code ec;
  probe.connect({boost::asio::ip::make_address("127.0.0.1"), port}, ec);
  return !!ec;
}

class UploadTest : public material_upload_fixture {
 protected:
  UploadTest()
      : material_upload_fixture("huiwu-upload-", {"--max-material-bytes", std::to_string(limit),
                                                  "--drain-ms", "60000"}) {}
  // The stored blob of a 201 answer: its SHA-256 as the server reported it.
  static std::string sha_of(const std::string& answer) {
    const auto o = json::parse(body_of(answer));
    return std::string(o.at("material").at("current").at("sha256").as_string());
  }
  fs::path blob(const std::string& sha) const { return dir_ / sha.substr(0, 2) / sha; }
  std::string material_id(std::uint16_t port) {
    const auto r = http_get(port, "/api/meetings/materials?m=" + meeting_);
    EXPECT_EQ(r.status, 200) << r.body;
    return std::string(
        json::parse(r.body).at("items").at(0).at("materials").at(0).at("id").as_string());
  }
  std::string download(std::uint16_t port, const std::string& material, int version) {
    const auto r = http_get(port, "/api/meetings/materials/file?m=" + meeting_ + "&item=" + item_ +
                                      "&material=" + material + "&v=" + std::to_string(version));
    EXPECT_EQ(r.status, 200) << r.body.substr(0, 300);
    return r.body;
  }
};

TEST_F(UploadTest, AMultiMiBBodyIsStoredByteForByteUnderItsSha256DeclaredOrChunked) {
  // Declared length, sent in uneven pieces so that reads and chunk writes do not line up.
  const auto first = pdf_bytes(6 * 1024 * 1024 + 12345, 1);
  raw_socket a(server_.port());
  a.send(head("Content-Length: " + std::to_string(first.size())));
  for (std::size_t at = 0; at < first.size(); at += 100'003) {
    a.send(std::string_view(first).substr(at, 100'003));
  }
  const auto answer = a.read_all();
  ASSERT_NE(answer.find("HTTP/1.1 201"), std::string::npos) << answer.substr(0, 300);
  EXPECT_EQ(sha_of(answer), auth::sha256_hex(first));
  EXPECT_TRUE(read_file(blob(auth::sha256_hex(first))) == first) << "the stored file differs";
  const auto material = material_id(server_.port());
  EXPECT_TRUE(download(server_.port(), material, 1) == first);

  // Chunked, as a new version of the same material, in chunks of odd sizes.
  const auto second = pdf_bytes(5 * 1024 * 1024 + 777, 2);
  raw_socket b(server_.port());
  b.send(head("Transfer-Encoding: chunked", "&material=" + material));
  for (std::size_t at = 0, n = 1; at < second.size(); at += n, n = n * 7 % 300'007 + 1) {
    const auto piece = std::string_view(second).substr(at, n);
    char size_line[32];
    std::snprintf(size_line, sizeof size_line, "%zx\r\n", piece.size());
    b.send(std::string(size_line) + std::string(piece) + "\r\n");
  }
  b.send("0\r\n\r\n");
  const auto again = b.read_all();
  ASSERT_NE(again.find("HTTP/1.1 201"), std::string::npos) << again.substr(0, 300);
  EXPECT_EQ(sha_of(again), auth::sha256_hex(second));
  EXPECT_TRUE(read_file(blob(auth::sha256_hex(second))) == second) << "the stored file differs";
  EXPECT_TRUE(download(server_.port(), material, 2) == second);
  EXPECT_TRUE(files_under(dir_ / "tmp").empty()) << "a .part file was left behind";
}

TEST_F(UploadTest, AnUploadInFlightAtSigtermIsFinishedStoredAndAnsweredANewOneIsRefused) {
  const auto body = pdf_bytes(3 * 1024 * 1024, 3);
  const auto half = body.size() / 2;
  // A connection kept alive from before the signal, as a balancer keeps them.
  raw_socket kept(server_.port());
  kept.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  ASSERT_NE(kept.read_response().find("HTTP/1.1 200"), std::string::npos);

  raw_socket up(server_.port());
  up.send(head("Content-Length: " + std::to_string(body.size())));
  up.send(std::string_view(body).substr(0, half));
  // Half the body is on disk: the server has taken the request.
  ASSERT_TRUE(eventually([&] {
    const auto parts = files_under(dir_ / "tmp");
    return parts.size() == 1 && fs::file_size(parts[0]) >= half;
  })) << "the first half did not reach the .part file";

  server_.process().terminate();
  ASSERT_TRUE(eventually([&] { return port_refuses(server_.port()); }))
      << "the listener was not closed: the drain did not begin";

  // A new upload over the kept connection is refused before its body is read, and stores
  // nothing: no second .part file, the connection closes.
  kept.send(head("Content-Length: 1000"));
  const auto refused = kept.read_response();
  ASSERT_NE(refused.find("HTTP/1.1 503"), std::string::npos) << refused;
  EXPECT_NE(refused.find("Connection: close"), std::string::npos) << refused;
  const auto why = json::parse(body_of(refused));
  EXPECT_EQ(why.at("error").at("code").as_string(), "draining") << refused;
  kept.close();
  EXPECT_EQ(files_under(dir_ / "tmp").size(), 1u);
  // The WebSocket was told to go (1012) and is gone; the upload still holds the process.
  EXPECT_TRUE(ws_->wait_closed(15s));
  EXPECT_EQ(ws_->close_reason().code, 1012);
  ASSERT_TRUE(server_.process().running()) << "exited with an upload in flight";

  up.send(std::string_view(body).substr(half));
  const auto answer = up.read_response();
  ASSERT_NE(answer.find("HTTP/1.1 201"), std::string::npos) << answer.substr(0, 300);
  EXPECT_NE(answer.find("Connection: close"), std::string::npos);
  const auto sha = sha_of(answer);
  EXPECT_EQ(sha, auth::sha256_hex(body));
  const auto status = server_.process().wait_for(20s);
  ASSERT_TRUE(status) << "did not exit after the upload was answered";
  EXPECT_EQ(*status, 0);

  // Stored: the file under its hash, and the meeting names it — another instance on the same
  // Redis and directory serves the bytes.
  EXPECT_TRUE(read_file(blob(sha)) == body) << "the stored file differs";
  EXPECT_TRUE(files_under(dir_ / "tmp").empty()) << "a .part file was left behind";
  server_process other(redis_.port(), {"--materials-dir", dir_.string(), "--max-material-bytes",
                                       std::to_string(limit)});
  EXPECT_TRUE(download(other.port(), material_id(other.port()), 1) == body);
}

}  // namespace upload_tests
}  // namespace huiwu::test
