#include "ws_client.hpp"

#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>

#include "core/frame.hpp"

#include <unistd.h>
#include <atomic>

#include <map>
#include <mutex>

namespace huiwu::test {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = boost::asio::ip::tcp;

namespace {
std::mutex tokens_mutex;
std::map<std::uint16_t, std::string>& tokens() {
  static std::map<std::uint16_t, std::string> t;
  return t;
}
}  // namespace

void set_default_token(std::uint16_t port, std::string token) {
  std::lock_guard lock(tokens_mutex);
  tokens()[port] = std::move(token);
}

std::string default_token(std::uint16_t port) {
  std::lock_guard lock(tokens_mutex);
  auto it = tokens().find(port);
  return it == tokens().end() ? std::string() : it->second;
}

ws_client::ws_client(std::uint16_t port, std::string client_id, std::optional<std::string> token)
    : ws_(ioc_), client_id_(std::move(client_id)) {
  static std::atomic<int> counter{0};
  if (client_id_.empty()) {
    client_id_ = "test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
  }
  tcp::endpoint ep(boost::asio::ip::make_address("127.0.0.1"), port);
  beast::get_lowest_layer(ws_).connect(ep);
  ws_.read_message_max(64 * 1024 * 1024);
  const auto bearer = token ? *token : default_token(port);
  ws_.set_option(websocket::stream_base::decorator([bearer](websocket::request_type& req) {
    if (!bearer.empty()) req.set(boost::beast::http::field::authorization, "Bearer " + bearer);
  }));
  ws_.handshake("127.0.0.1:" + std::to_string(port), "/ws");
  start_read();
}

ws_client::~ws_client() {
  if (!closed_) {
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().close(ec);
  }
  ioc_.restart();
  ioc_.poll();
}

void ws_client::start_read() {
  ws_.async_read(buffer_, [this](beast::error_code ec, std::size_t) {
    if (ec) {
      closed_ = true;
      return;
    }
    inbox_.push_back({beast::buffers_to_string(buffer_.data()), ws_.got_binary()});
    buffer_.consume(buffer_.size());
    start_read();
  });
}

void ws_client::send_raw(const std::string& bytes, bool binary) {
  ws_.binary(binary);
  bool done = false;
  beast::error_code result;
  ws_.async_write(boost::asio::buffer(bytes), [&](beast::error_code ec, std::size_t) {
    done = true;
    result = ec;
  });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!done && std::chrono::steady_clock::now() < deadline) {
    ioc_.restart();
    ioc_.run_one_for(std::chrono::milliseconds(100));
  }
  if (!done || result) closed_ = true;
}

std::uint64_t ws_client::send(v1::Envelope e, bool binary) {
  const auto id = next_id_++;
  e.set_id(id);
  send_raw(binary ? e.SerializeAsString() : core::to_json(e), binary);
  return id;
}

std::optional<ws_client::message> ws_client::next(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (inbox_.empty() && !closed_) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) break;
    ioc_.restart();
    ioc_.run_one_for(deadline - now);
  }
  if (inbox_.empty()) return std::nullopt;
  auto m = std::move(inbox_.front());
  inbox_.pop_front();
  return m;
}

std::optional<v1::Envelope> ws_client::decode(const message& m) {
  v1::Envelope e;
  if (m.binary) {
    if (!e.ParseFromString(m.bytes)) return std::nullopt;
    return e;
  }
  if (!google::protobuf::util::JsonStringToMessage(m.bytes, &e).ok()) return std::nullopt;
  return e;
}

std::optional<v1::Envelope> ws_client::wait_for(
    const std::function<bool(const v1::Envelope&)>& pred, std::chrono::milliseconds timeout) {
  for (auto it = skipped_.begin(); it != skipped_.end(); ++it) {
    if (pred(*it)) {
      auto e = std::move(*it);
      skipped_.erase(it);
      return e;
    }
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return std::nullopt;
    auto m = next(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now));
    if (!m) return std::nullopt;
    auto e = decode(*m);
    if (!e) {
      ADD_FAILURE() << "undecodable frame from the server: " << m->bytes.substr(0, 200);
      continue;
    }
    if (pred(*e)) return e;
    skipped_.push_back(std::move(*e));
  }
}

std::optional<v1::Envelope> ws_client::reply_to(std::uint64_t id,
                                                std::chrono::milliseconds timeout) {
  return wait_for([id](const v1::Envelope& e) { return e.id() == id; }, timeout);
}

bool ws_client::nothing_before_reply(const std::function<bool(const v1::Envelope&)>& forbidden,
                                     std::uint64_t barrier_id) {
  auto first =
      wait_for([&](const v1::Envelope& e) { return e.id() == barrier_id || forbidden(e); });
  if (!first) {
    ADD_FAILURE() << "no reply to the barrier request " << barrier_id;
    return false;
  }
  if (first->id() == barrier_id && !forbidden(*first)) return true;
  ADD_FAILURE() << "received before the barrier: " << first->DebugString();
  reply_to(barrier_id);
  return false;
}

v1::Envelope ws_client::call(v1::Envelope e, bool binary) {
  const auto id = send(std::move(e), binary);
  auto r = reply_to(id);
  if (!r) {
    ADD_FAILURE() << "no reply to request " << id;
    return {};
  }
  return *r;
}

std::optional<v1::Event> ws_client::event(const std::string& meeting_id, std::uint64_t version,
                                          std::chrono::milliseconds timeout) {
  auto e = wait_for(
      [&](const v1::Envelope& x) {
        return x.has_event() && x.event().meeting_id() == meeting_id &&
               x.event().version() == version;
      },
      timeout);
  if (!e) return std::nullopt;
  return e->event();
}

bool ws_client::wait_closed(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!closed_ && std::chrono::steady_clock::now() < deadline) {
    ioc_.restart();
    ioc_.run_one_for(std::chrono::milliseconds(50));
    inbox_.clear();
  }
  return closed_;
}

v1::Meeting ws_client::create_meeting(const std::string& title) {
  v1::Envelope e;
  e.mutable_create_meeting()->mutable_info()->set_title(title);
  e.mutable_create_meeting()->set_client_id(client_id_);
  e.mutable_create_meeting()->set_client_seq(++seq_);
  auto r = call(std::move(e));
  EXPECT_TRUE(r.has_created()) << r.DebugString();
  return r.created().meeting();
}

v1::Joined ws_client::join(const std::string& meeting_id, std::uint64_t known_version,
                           const std::string& epoch) {
  v1::Envelope e;
  e.mutable_join()->set_meeting_id(meeting_id);
  e.mutable_join()->set_known_version(known_version);
  e.mutable_join()->set_known_epoch(epoch);
  auto r = call(std::move(e));
  EXPECT_TRUE(r.has_joined()) << r.DebugString();
  return r.joined();
}

std::uint64_t ws_client::send_command(const std::string& meeting_id, const v1::Change& change) {
  v1::Envelope e;
  auto* c = e.mutable_command();
  c->set_meeting_id(meeting_id);
  c->set_client_id(client_id_);
  c->set_client_seq(++seq_);
  *c->mutable_change() = change;
  return send(std::move(e));
}

v1::Envelope ws_client::command(const std::string& meeting_id, const v1::Change& change,
                                std::uint64_t expected_version) {
  v1::Envelope e;
  auto* c = e.mutable_command();
  c->set_meeting_id(meeting_id);
  c->set_client_id(client_id_);
  c->set_client_seq(++seq_);
  c->set_expected_version(expected_version);
  *c->mutable_change() = change;
  return call(std::move(e));
}

std::vector<std::string> ws_client::drain(std::chrono::milliseconds quiet) {
  std::vector<std::string> out;
  auto to_json = [](const v1::Envelope& e) {
    std::string s;
    google::protobuf::util::JsonPrintOptions o;
    o.preserve_proto_field_names = true;
    (void)google::protobuf::util::MessageToJsonString(e, &s, o);
    return s;
  };
  for (const auto& e : skipped_) out.push_back(to_json(e));
  skipped_.clear();
  while (auto m = next(quiet)) {
    if (auto e = decode(*m)) out.push_back(to_json(*e));
  }
  return out;
}

v1::Change add_item_change(const std::string& title, int minutes) {
  v1::Change c;
  c.mutable_add_item()->mutable_item()->set_title(title);
  c.mutable_add_item()->mutable_item()->set_planned_minutes(minutes);
  c.mutable_add_item()->set_position(-1);
  return c;
}

}  // namespace huiwu::test
