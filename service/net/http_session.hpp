#pragma once

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <memory>
#include <optional>

#include "net/router.hpp"
#include "net/server_context.hpp"
#include "net/upload_body.hpp"

namespace huiwu::net {

// One HTTP/1.1 connection over plain TCP or TLS (Stream = beast::tcp_stream or
// beast::ssl_stream<beast::tcp_stream>): reads requests one at a time with a body limit and
// a deadline, lets route_request() decide, writes the answer, or hands the connection to a
// WebSocket session on upgrade.
template <class Stream>
class http_session : public std::enable_shared_from_this<http_session<Stream>> {
 public:
  http_session(Stream&& stream, server_context& ctx, bool tls);
  void run();

 private:
  void do_read();
  void on_header(boost::beast::error_code ec, std::size_t);
  void on_read(boost::beast::error_code ec, std::size_t);
  void read_streamed(const api_route& route);  // an upload route's body, into its sink
  void read_body_part();
  void on_body_part(boost::beast::error_code ec, std::size_t);
  void on_flushed(std::error_code ec);  // the sink wrote what the last read staged
  void finish_streamed();
  // Draining: a request read now is answered 503 "draining" unread, and the connection closes.
  void refuse_draining();
  // 503 storage_unavailable (the file could not be written); the connection closes.
  void storage_unavailable();
  // 413 with the limit in the message; the connection closes (the body was not read).
  void too_large(std::size_t limit);
  void on_outcome(outcome o);
  template <class Response>
  void send(Response&& res);
  void on_write(bool keep_alive, boost::beast::error_code ec, std::size_t);
  void do_close();
  void drain();  // reads and drops what the client still sends, until it closes
  // The transport failed at `where`: report it (net/transport_error.hpp); the session ends.
  void fail(boost::beast::error_code ec, const char* where);

  Stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::optional<boost::beast::http::request_parser<upload_body>> streaming_;
  std::optional<request> upgrading_;  // the request being routed, kept for an upgrade
  server_context& ctx_;
  bool tls_;
  std::string from_;
  std::shared_ptr<void> pending_;  // the response being written
  std::size_t body_limit_ = 0;     // of the request being read
  std::string body_field_;         // what a 413 names (an upload's "file")
  bool linger_ = false;            // a body was refused unread: drain it before closing
  // The request being handled, counted from its head to its answer (the drain waits for it).
  std::optional<request_taken> taken_;
};

}  // namespace huiwu::net
