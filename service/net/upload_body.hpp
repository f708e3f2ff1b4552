// A Beast body type that hands each chunk of a request body to an upload_sink as it is read
// (server_context.hpp): an upload route's body never sits in memory as a whole.
#pragma once

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>
#include <memory>

#include "net/server_context.hpp"

namespace huiwu::net {

struct upload_body {
  using value_type = std::shared_ptr<upload_sink>;

  class reader {
   public:
    template <bool isRequest, class Fields>
    reader(boost::beast::http::header<isRequest, Fields>&, value_type& sink) : sink_(sink) {}
    void init(const boost::optional<std::uint64_t>&, boost::beast::error_code& ec) {
      ec = sink_ ? boost::beast::error_code{}
                 : boost::beast::error_code(boost::beast::http::error::bad_alloc);
    }
    // Only copies into the sink's memory: the session flushes it to disk off the network
    // thread between reads (http_session::on_body_part).
    template <class ConstBufferSequence>
    std::size_t put(const ConstBufferSequence& buffers, boost::beast::error_code& ec) {
      std::size_t n = 0;
      for (auto it = boost::asio::buffer_sequence_begin(buffers);
           it != boost::asio::buffer_sequence_end(buffers); ++it) {
        const boost::asio::const_buffer b = *it;
        sink_->stage({static_cast<const char*>(b.data()), b.size()});
        n += b.size();
      }
      ec = {};
      return n;
    }
    void finish(boost::beast::error_code& ec) { ec = {}; }

   private:
    value_type& sink_;
  };
};

}  // namespace huiwu::net
