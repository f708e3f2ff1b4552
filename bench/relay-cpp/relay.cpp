// relay-cpp: the C++ floor of this machine (issue 15), NOT a server. The smallest Beast
// WebSocket relay that speaks enough of Huiwu's protocol for bench/huiwu-client.mjs (the
// peer harness's --client-module) to drive it through the same load.mjs scenarios as
// huiwu-server: hello -> welcome, create_meeting -> created, join -> joined (snapshot of one
// item), command (add_item, edit_minutes) -> ack + the event to every member, ping -> pong.
// No auth, no persistence, no OT transform (one writer per room), no access rules, no
// limits. What it does do the way huiwu-server does: one connection per strand, the
// connections round robin over one io_context per thread (decision 0040; --one-context: one
// io_context run by N threads, as before), the event encoded once per wire format and shared, one
// async_write at a time per connection from a queue, JSON printed by the server's own printer
// (core/proto_json). So huiwu-server's marginal cost per
// viewer can be read against it (docs/performance.md, "The network layer").
//
//   huiwu_relay_cpp --listen 127.0.0.1:PORT [--threads N] [--one-context]   (loopback only)
//
// Built only when asked: HUIWU_BUILD_TARGET=huiwu_relay_cpp deploy/build.sh
#include <google/protobuf/util/json_util.h>

#include <unistd.h>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/proto_json.hpp"
#include "huiwu.pb.h"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using huiwu::v1::Envelope;

namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// An envelope encoded at most once per format, shared by every recipient.
struct frame {
  Envelope env;
  std::once_flag b_once, j_once;
  std::shared_ptr<const std::string> b, j;
  std::shared_ptr<const std::string> encoded(bool json) {
    if (json) {
      std::call_once(j_once, [&] {
        // The cheapest JSON this codebase has (decision 0042: the server's own printer, from
        // the message's reflection); the util only for what that printer declines.
        std::string s;
        s.reserve(env.ByteSizeLong() + 256);
        if (!huiwu::core::proto_json::print(env, s)) {
          google::protobuf::util::JsonPrintOptions o;
          o.preserve_proto_field_names = true;
          (void)google::protobuf::util::MessageToJsonString(env, &s, o);
        }
        j = std::make_shared<const std::string>(std::move(s));
      });
      return j;
    }
    std::call_once(b_once,
                   [&] { b = std::make_shared<const std::string>(env.SerializeAsString()); });
    return b;
  }
};
using frame_ptr = std::shared_ptr<frame>;

frame_ptr make_frame(Envelope e) {
  auto f = std::make_shared<frame>();
  f->env = std::move(e);
  return f;
}

// UTF-8: the byte offset of code point `n` of s from byte `from`.
std::size_t advance_cp(const std::string& s, std::size_t from, std::size_t n) {
  std::size_t i = from;
  while (n > 0 && i < s.size()) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    --n;
  }
  return i;
}

std::string apply_op(const std::string& text, const huiwu::v1::TextOperation& op) {
  std::string out;
  out.reserve(text.size() + 16);
  std::size_t at = 0;
  for (const auto& c : op.ops()) {
    if (c.has_insert()) {
      out += c.insert();
    } else if (c.has_retain()) {
      const auto to = advance_cp(text, at, c.retain());
      out.append(text, at, to - at);
      at = to;
    } else if (c.has_delete_()) {
      at = advance_cp(text, at, c.delete_());
    }
  }
  out.append(text, at, std::string::npos);
  return out;
}

class session;

struct room {
  explicit room(asio::any_io_executor ex, std::string id)
      : strand(asio::make_strand(ex)), id(std::move(id)) {}
  asio::strand<asio::any_io_executor> strand;
  std::string id;
  std::uint64_t version = 0;
  std::uint64_t next_item = 1;
  huiwu::v1::AgendaItem item;  // id empty until add_item
  std::vector<std::weak_ptr<session>> members;
};

struct registry {
  std::mutex m;
  std::unordered_map<std::string, std::shared_ptr<room>> rooms;  // by meeting id
  asio::any_io_executor ex;
  std::shared_ptr<room> get(const std::string& id) {
    std::lock_guard l(m);
    auto& r = rooms[id];
    if (!r) r = std::make_shared<room>(ex, id);
    return r;
  }
};

class session : public std::enable_shared_from_this<session> {
 public:
  session(tcp::socket s, registry& reg) : ws_(std::move(s)), reg_(reg) {}

  void start() {
    beast::get_lowest_layer(ws_).socket().set_option(tcp::no_delay(true));
    beast::http::async_read(ws_.next_layer(), hbuf_, req_,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) return;
                              if (!websocket::is_upgrade(self->req_)) return;
                              self->ws_.set_option(websocket::stream_base::timeout::suggested(
                                  beast::role_type::server));
                              self->ws_.auto_fragment(false);  // as huiwu-server: one frame
                              self->ws_.async_accept(self->req_, [self](beast::error_code ec) {
                                if (ec) return;
                                self->accepted_ = true;
                                self->do_read();
                                if (!self->queue_.empty()) self->do_write();
                              });
                            });
  }

  // Thread-safe: from a room's strand.
  void send(frame_ptr f) {
    asio::post(ws_.get_executor(),
               [self = shared_from_this(), f = std::move(f)] { self->on_send(f); });
  }

 private:
  using http_req = beast::http::request<beast::http::string_body>;

  void do_read() {
    ws_.async_read(buf_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->leave();
      self->on_message();
      self->buf_.consume(self->buf_.size());
      self->do_read();
    });
  }

  void on_message() {
    const auto d = buf_.cdata();
    json_ = ws_.got_text();
    Envelope req;
    const std::string_view bytes(static_cast<const char*>(d.data()), d.size());
    if (json_) {
      google::protobuf::util::JsonParseOptions o;
      if (!google::protobuf::util::JsonStringToMessage(std::string(bytes), &req, o).ok()) return;
    } else if (!req.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      return;
    }
    Envelope rep;
    rep.set_id(req.id());
    switch (req.body_case()) {
      case Envelope::kHello:
        client_id_ = req.hello().client_id();
        rep.mutable_welcome()->set_protocol("huiwu.v1");
        rep.mutable_welcome()->set_server_time_ms(now_ms());
        return reply(std::move(rep));
      case Envelope::kPing:
        rep.mutable_pong()->set_client_time_ms(req.ping().client_time_ms());
        rep.mutable_pong()->set_server_time_ms(now_ms());
        return reply(std::move(rep));
      case Envelope::kCreateMeeting: {
        // The id derives from the creator, as in huiwu-server: every client of a room gets it.
        auto* m = rep.mutable_created()->mutable_meeting();
        m->set_id("m-" + req.create_meeting().client_id());
        *m->mutable_info() = req.create_meeting().info();
        rep.mutable_created()->set_epoch("relay");
        return reply(std::move(rep));
      }
      case Envelope::kJoin: {
        auto r = reg_.get(req.join().meeting_id());
        asio::post(r->strand, [self = shared_from_this(), r, rep = std::move(rep)]() mutable {
          r->members.push_back(self);
          auto* j = rep.mutable_joined();
          j->set_meeting_id(r->id);
          j->set_epoch("relay");
          j->set_version(r->version);
          j->set_server_time_ms(now_ms());
          auto* s = j->mutable_snapshot();
          s->set_id(r->id);
          s->set_version(r->version);
          if (!r->item.id().empty()) *s->add_agenda() = r->item;
          self->send(make_frame(std::move(rep)));
        });
        return;
      }
      case Envelope::kCommand: {
        auto r = reg_.get(req.command().meeting_id());
        asio::post(r->strand, [self = shared_from_this(), r, req = std::move(req)]() mutable {
          room_command(*r, self, std::move(req));
        });
        return;
      }
      default:
        return;
    }
  }

  static void room_command(room& r, const std::shared_ptr<session>& from, Envelope req) {
    auto& cmd = *req.mutable_command();
    Envelope ev_env;
    auto* ev = ev_env.mutable_event();
    ev->set_meeting_id(r.id);
    ev->set_client_id(cmd.client_id());
    ev->set_client_seq(cmd.client_seq());
    ev->set_at_ms(now_ms());
    auto* change = ev->mutable_change();
    if (cmd.change().has_add_item()) {
      r.item = cmd.change().add_item().item();
      r.item.set_id("i" + std::to_string(r.next_item++));
      *change->mutable_add_item()->mutable_item() = r.item;
    } else if (cmd.change().has_edit_minutes()) {
      r.item.set_minutes(apply_op(r.item.minutes(), cmd.change().edit_minutes().op()));
      *change = std::move(*cmd.mutable_change());
    } else {
      return;
    }
    ev->set_version(++r.version);
    Envelope ack;
    ack.set_id(req.id());
    ack.mutable_ack()->set_meeting_id(r.id);
    ack.mutable_ack()->set_version(r.version);
    ack.mutable_ack()->set_client_seq(cmd.client_seq());
    from->send(make_frame(std::move(ack)));
    const auto f = make_frame(std::move(ev_env));
    std::erase_if(r.members, [&](const std::weak_ptr<session>& w) {
      auto p = w.lock();
      if (!p) return true;
      p->send(f);
      return false;
    });
  }

  void reply(Envelope e) { on_send(make_frame(std::move(e))); }

  void on_send(const frame_ptr& f) {
    if (closed_) return;
    queue_.push_back({f->encoded(json_), json_});
    if (queue_.size() == 1 && accepted_) do_write();
  }

  void do_write() {
    ws_.text(queue_.front().text);
    ws_.async_write(asio::buffer(*queue_.front().bytes),
                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                      if (ec) return self->leave();
                      self->queue_.pop_front();
                      if (!self->queue_.empty()) self->do_write();
                    });
  }

  void leave() {
    closed_ = true;
    queue_.clear();
  }

  struct out {
    std::shared_ptr<const std::string> bytes;
    bool text;
  };
  websocket::stream<beast::tcp_stream> ws_;
  registry& reg_;
  beast::flat_buffer hbuf_, buf_;
  http_req req_;
  std::deque<out> queue_;
  std::string client_id_;
  bool json_ = false, accepted_ = false, closed_ = false;
};

// Connections round robin over the shards (one io_context per thread, as huiwu-server;
// with --one-context, one io_context run by every thread, as both did before decision 0040).
void accept_loop(tcp::acceptor& acc, std::vector<asio::io_context*>& shards, std::size_t next,
                 registry& reg) {
  acc.async_accept(asio::make_strand(*shards[next % shards.size()]),
                   [&, next](beast::error_code ec, tcp::socket s) {
                     if (!ec) std::make_shared<session>(std::move(s), reg)->start();
                     accept_loop(acc, shards, next + 1, reg);
                   });
}

}  // namespace

int main(int argc, char** argv) {
  std::string listen = "127.0.0.1:0";
  unsigned threads = 0;
  bool one_context = false;
  for (int i = 1; i < argc; i += 2) {
    if (!std::strcmp(argv[i], "--one-context")) {
      one_context = true;
      --i;
    } else if (i + 1 >= argc) {
      std::cerr << "usage: huiwu_relay_cpp --listen 127.0.0.1:PORT [--threads N] [--one-context]\n";
      return 2;
    } else if (!std::strcmp(argv[i], "--listen"))
      listen = argv[i + 1];
    else if (!std::strcmp(argv[i], "--threads"))
      threads = static_cast<unsigned>(std::stoul(argv[i + 1]));
    else {
      std::cerr << "usage: huiwu_relay_cpp --listen 127.0.0.1:PORT [--threads N] [--one-context]\n";
      return 2;
    }
  }
  const auto colon = listen.rfind(':');
  const auto host = asio::ip::make_address(listen.substr(0, colon));
  if (!host.is_loopback()) {
    std::cerr << "relay-cpp binds loopback only\n";
    return 2;
  }
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  asio::io_context ioc(one_context ? static_cast<int>(threads) : 1);
  std::vector<std::unique_ptr<asio::io_context>> more;
  std::vector<asio::io_context*> shards{&ioc};
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep;
  for (unsigned i = 1; !one_context && i < threads; ++i) {
    more.push_back(std::make_unique<asio::io_context>(1));
    shards.push_back(more.back().get());
    keep.push_back(asio::make_work_guard(*more.back()));
  }
  registry reg;
  reg.ex = ioc.get_executor();
  tcp::acceptor acc(ioc, {host, static_cast<unsigned short>(std::stoi(listen.substr(colon + 1)))});
  accept_loop(acc, shards, 0, reg);
  asio::signal_set sigs(ioc, SIGINT, SIGTERM);
  sigs.async_wait([&](beast::error_code, int) {
    for (auto& g : keep) g.reset();
    for (auto* s : shards) s->stop();
  });
  std::printf("READY port=%u pid=%d server=relay-cpp threads=%u\n", acc.local_endpoint().port(),
              getpid(), threads);
  std::fflush(stdout);
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) {
    pool.emplace_back([s = one_context ? &ioc : shards[i]] { s->run(); });
  }
  ioc.run();
  for (auto& t : pool) t.join();
}
