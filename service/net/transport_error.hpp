// The one place that decides what a transport error means, for both sessions (STYLE
// rule 4): the ends that are part of normal life (the peer closed, reset, cut a TLS
// stream short or went idle past the deadline; we cancelled) end a session quietly; anything else
// is worth a line.
#pragma once

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/websocket/error.hpp>
#include <string_view>

#include "base/log.hpp"

namespace huiwu::net {

inline bool is_normal_end(boost::beast::error_code ec) {
  namespace asio = boost::asio;
  return ec == boost::beast::websocket::error::closed || ec == asio::error::operation_aborted ||
         ec == asio::error::eof || ec == boost::beast::error::timeout ||
         ec == asio::error::connection_reset || ec == boost::beast::http::error::end_of_stream ||
         ec == asio::error::broken_pipe || ec == asio::ssl::error::stream_truncated;
}

// Logs `ec` at `where` (e.g. "websocket read") unless it is a normal end.
inline void report_transport_error(boost::beast::error_code ec, std::string_view where,
                                   std::string_view account = {}) {
  if (!ec || is_normal_end(ec)) return;
  log::warn("connection ended on an error",
            {{"where", where}, {"error", ec.message()}, {"account", account}});
}

}  // namespace huiwu::net
