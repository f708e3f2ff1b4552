#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/asio/ssl/context.hpp>
#include <boost/beast/http/verb.hpp>
#include <system_error>

#include "auth/account.hpp"
#include "core/room_registry.hpp"
#include "core/services.hpp"
#include "net/query_params.hpp"
#include "net/server_config.hpp"

namespace huiwu::net {

// Something shutdown can say goodbye to (a WebSocket session of either transport).
class closable {
 public:
  virtual ~closable() = default;
  virtual void close_going_away() = 0;  // thread-safe
  // Graceful drain (thread-safe): read no more requests, send the replies of those already
  // taken (a command's ack once Redis has it), then close with 1012 "service restart".
  virtual void drain() = 0;
  // The session sent its goodbye (or ended): it owes the client nothing more.
  virtual bool told() const = 0;
  // Closes the connection (1008) if it belongs to the account or session: their rights
  // changed or the session ended, so the client must authenticate again.
  virtual void close_if(const std::string& account_id, const std::string& session,
                        const std::string& why) = 0;
};

// Where a streamed request body goes while it is read (an upload route's, see api_route):
// the session hands it each chunk as it arrives, so the body is never held in memory, and
// the disk is written off the network thread (decision 0039). Destroying it before the
// route has kept the bytes must leave nothing behind.
class upload_sink {
 public:
  virtual ~upload_sink() = default;
  // A chunk as the parser reads it, on the network thread: copied into memory, no I/O.
  virtual void stage(std::string_view chunk) = 0;
  virtual std::size_t staged() const = 0;  // bytes staged and not yet handed to flush()
  // Writes what was staged, after everything flushed before, off the calling thread; `done`
  // runs once, on any thread, with the disk's error (an errno value) or none. The session
  // reads no more of the body until `done`: one write in flight per upload, so a client
  // faster than the disk is held back by TCP, not by the server's memory.
  virtual void flush(std::function<void(std::error_code)> done) = 0;
  virtual std::uint64_t size() const = 0;  // bytes written so far
};

// Counts one HTTP request from the moment its head is read until its answer is written or
// its connection ends (server_context::requests_in_flight): the drain waits for none left.
class request_taken {
 public:
  explicit request_taken(std::atomic<std::size_t>& n) : n_(n) { n_.fetch_add(1); }
  ~request_taken() { n_.fetch_sub(1); }
  request_taken(const request_taken&) = delete;
  request_taken& operator=(const request_taken&) = delete;

 private:
  std::atomic<std::size_t>& n_;
};

// An HTTP API request as a handler sees it: already authenticated (or a public route).
struct api_request {
  boost::beast::http::verb method = boost::beast::http::verb::get;
  std::string path;
  std::string query;                     // after '?', undecoded (for logs and the audit trail)
  query_params params;                   // the query, decoded (the router refused it if malformed)
  std::string body;                      // empty when the route streams its body:
  std::shared_ptr<upload_sink> upload;   // then the body is here, complete
  std::optional<auth::account> account;  // set on every route that is not public
  std::string token;                     // the session token the request carried
  std::string from;                      // the client's address
  bool tls = false;
};
struct api_response {
  int status = 200;
  std::string body;  // JSON
  std::vector<std::pair<std::string, std::string>> headers;
  // Set: the answer is this file's bytes (streamed from disk), `body` unused; the headers
  // above name its type and disposition.
  std::string file_path;
};
using api_reply = std::function<void(api_response)>;  // callable from any thread, once
using api_handler = std::function<void(api_request, api_reply)>;
struct api_route {
  boost::beast::http::verb method = boost::beast::http::verb::get;
  api_handler fn;
  bool public_route = false;  // no login needed (POST /api/login)
  bool admin_only = false;
  // A larger request body than server_config::max_http_body_bytes (an upload); 0 = that.
  std::size_t max_body_bytes = 0;
  // Set: the body is streamed into the sink this returns (nullptr: storage unavailable, 503)
  // and the handler finds it in api_request::upload; a body over the limit is a 413 naming
  // `body_field`.
  std::function<std::shared_ptr<upload_sink>()> open_upload{};
  std::string body_field{};
};
// The account behind a session token; nullopt when unknown, expired or disabled.
using authenticate_fn = std::function<void(
    const std::string& token, std::function<void(std::error_code, std::optional<auth::account>)>)>;

// Everything a connection needs, owned by main() and outliving every connection.
struct server_context {
  server_config config;
  core::services* svc = nullptr;
  core::room_registry* rooms = nullptr;
  std::unordered_map<std::string, std::vector<api_route>> routes;  // exact path -> by method
  authenticate_fn authenticate;
  std::shared_ptr<boost::asio::ssl::context> ssl;  // set: every connection speaks TLS
  void add_route(const std::string& path, api_route r) { routes[path].push_back(std::move(r)); }

  // Open WebSocket sessions, held weakly, so that shutdown can say goodbye to each.
  std::mutex sessions_mutex;
  std::vector<std::weak_ptr<closable>> sessions;
  void track(const std::shared_ptr<closable>& s);
  void close_all();
  // SIGTERM: /healthz answers 503 "draining", new WebSocket upgrades are refused, and every
  // open WebSocket is drained (closable::drain). untold_sessions() reaches 0 when every one
  // has been sent its close, open_sessions() when all are gone.
  // Draining, a request read after this point is refused (503 "draining") except /healthz
  // and /metrics, and one already taken is finished: the drain waits until
  // requests_in_flight is 0 (an upload being streamed, a POST whose handler runs).
  std::atomic<bool> draining{false};
  std::atomic<std::size_t> requests_in_flight{0};
  void drain_all();
  std::size_t open_sessions();
  std::size_t untold_sessions();  // open and still owing replies (not told() yet)
  void close_matching(const std::string& account_id, const std::string& session,
                      const std::string& why);
};

}  // namespace huiwu::net
