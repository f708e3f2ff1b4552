#include "redis/hiredis_link.hpp"

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <boost/asio/bind_executor.hpp>
#include <utility>

#include "redis/hiredis_reply.hpp"

namespace huiwu::redis {
namespace {

hiredis_link* link_of(void* data) {
  return static_cast<hiredis_link*>(data);
}

}  // namespace

hiredis_link::hiredis_link(strand_type strand, sink_type sink)
    : strand_(std::move(strand)), sink_(std::move(sink)), fd_(strand_) {}

hiredis_link::~hiredis_link() {
  // Only reached with no wait in flight (each holds a shared_ptr to us): the owner dropped
  // a link without closing it, or the io_context was destroyed. Nobody listens any more.
  sink_ = nullptr;
  if (ac_ != nullptr) free_context("destroyed");
}

bool hiredis_link::open(const std::string& address, std::uint16_t port, std::string& error) {
  redisAsyncContext* ac = redisAsyncConnect(address.c_str(), port);
  if (ac == nullptr) {
    error = "cannot allocate a hiredis context";
    return false;
  }
  if (ac->err != 0) {
    error = ac->c.errstr;
    redisAsyncFree(ac);  // no hooks installed yet: hiredis just closes its fd
    return false;
  }
  // TCP keepalive (REDIS_KEEPALIVE_INTERVAL: 15 s idle, then 3 probes 5 s apart): a Pub/Sub
  // connection with no confirmation outstanding has no command timeout to notice a peer
  // that vanished without a FIN; keepalive is what eventually does. Best effort: a failure
  // leaves an error in the context that would make hiredis drop it at the first read.
  if (redisEnableKeepAlive(&ac->c) != REDIS_OK) {
    ac->c.err = 0;
    ac->c.errstr[0] = '\0';
  }
  boost::system::error_code ec;
  fd_.assign(ac->c.fd, ec);
  if (ec) {
    error = "cannot watch the Redis socket: " + ec.message();
    redisAsyncFree(ac);
    return false;
  }
  ac_ = ac;
  ac->data = this;
  ac->ev.data = this;
  ac->ev.addRead = &hook_add_read;
  ac->ev.delRead = &hook_del_read;
  ac->ev.addWrite = &hook_add_write;
  ac->ev.delWrite = &hook_del_write;
  ac->ev.cleanup = &hook_cleanup;
  // This also asks for writability (addWrite): hiredis detects the end of the non-blocking
  // connect on the first readiness event.
  redisAsyncSetConnectCallback(ac, &on_connect_c);
  return true;
}

bool hiredis_link::send(const std::vector<std::string>& args) {
  return submit(args, false);
}

bool hiredis_link::send_subscription(const std::vector<std::string>& args) {
  return submit(args, true);
}

bool hiredis_link::submit(const std::vector<std::string>& args, bool subscription) {
  // hiredis asserts on an empty command.
  if (ac_ == nullptr || args.empty()) return false;
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  argv.reserve(args.size());
  lengths.reserve(args.size());
  for (const auto& a : args) {
    argv.push_back(a.data());
    lengths.push_back(a.size());
  }
  // Subscription frames go to one callback per channel, held in hiredis's channel table;
  // regular replies go to a FIFO. Either way privdata is just the link: the owner keeps
  // its own FIFO of what it sent.
  const int rc = redisAsyncCommandArgv(ac_, subscription ? &on_push_c : &on_reply_c, this,
                                       static_cast<int>(argv.size()), argv.data(), lengths.data());
  flush();
  return rc == REDIS_OK;
}

void hiredis_link::close() {
  if (ac_ == nullptr) return;
  free_context("closed by client");
  flush();
}

void hiredis_link::free_context(const char* reason) {
  close_reason_ = reason;
  redisAsyncFree(ac_);  // runs hook_cleanup, which clears ac_
  close_reason_ = nullptr;
  ac_ = nullptr;
}

void hiredis_link::hook_add_read(void* data) {
  auto* self = link_of(data);
  self->want_read_ = true;
  self->do_wait_read();
}

void hiredis_link::hook_del_read(void* data) {
  link_of(data)->want_read_ = false;
}

void hiredis_link::hook_add_write(void* data) {
  auto* self = link_of(data);
  self->want_write_ = true;
  self->do_wait_write();
}

void hiredis_link::hook_del_write(void* data) {
  link_of(data)->want_write_ = false;
}

void hiredis_link::hook_cleanup(void* data) {
  auto* self = link_of(data);
  // hiredis closes the fd right after this hook returns. Give it back instead of closing it
  // a second time (by then the number may belong to another socket); release() also
  // deregisters it from epoll and cancels our waits, whose handlers then see ac_ == nullptr.
  self->fd_.release();
  self->want_read_ = false;
  self->want_write_ = false;
  std::string reason;
  if (self->close_reason_ != nullptr) {
    reason = self->close_reason_;
  } else if (self->ac_->err != 0 && self->ac_->errstr != nullptr) {
    reason = self->ac_->errstr;
  } else {
    reason = "connection closed";
  }
  self->ac_ = nullptr;
  self->events_.push_back({link_event::kind::closed, {}, std::move(reason)});
}

void hiredis_link::on_connect_c(const redisAsyncContext* ac, int status) {
  // A failed connect is reported by hook_cleanup, which follows it.
  if (status == REDIS_OK)
    link_of(ac->data)->events_.push_back({link_event::kind::connected, {}, {}});
}

void hiredis_link::on_reply_c(redisAsyncContext*, void* r, void* privdata) {
  // NULL: the context is being freed with this command unanswered. The owner fails its own
  // pending entries on `closed`, so there is nothing to record.
  if (r == nullptr) return;
  link_of(privdata)->events_.push_back(
      {link_event::kind::reply, copy_reply(*static_cast<redisReply*>(r)), {}});
}

void hiredis_link::on_push_c(redisAsyncContext*, void* r, void* privdata) {
  if (r == nullptr) return;
  link_of(privdata)->events_.push_back(
      {link_event::kind::push, copy_reply(*static_cast<redisReply*>(r)), {}});
}

void hiredis_link::do_wait_read() {
  if (read_waiting_ || ac_ == nullptr) return;
  read_waiting_ = true;
  fd_.async_wait(boost::asio::posix::descriptor_base::wait_read,
                 boost::asio::bind_executor(
                     strand_, [self = shared_from_this()](boost::system::error_code ec) {
                       self->on_readable(ec);
                     }));
}

void hiredis_link::on_readable(boost::system::error_code ec) {
  read_waiting_ = false;
  if (ac_ == nullptr) return;  // the context was freed; this is the cancelled wait
  if (ec) {
    free_context("waiting for the Redis socket failed");
  } else if (want_read_) {
    redisAsyncHandleRead(ac_);  // may free the context (EOF, protocol error)
    if (ac_ != nullptr && want_read_) do_wait_read();
  }
  flush();
}

void hiredis_link::do_wait_write() {
  if (write_waiting_ || ac_ == nullptr) return;
  write_waiting_ = true;
  fd_.async_wait(boost::asio::posix::descriptor_base::wait_write,
                 boost::asio::bind_executor(
                     strand_, [self = shared_from_this()](boost::system::error_code ec) {
                       self->on_writable(ec);
                     }));
}

void hiredis_link::on_writable(boost::system::error_code ec) {
  write_waiting_ = false;
  if (ac_ == nullptr) return;
  if (ec) {
    free_context("waiting for the Redis socket failed");
  } else if (want_write_) {
    redisAsyncHandleWrite(ac_);  // may free the context (connect refused, EPIPE)
    if (ac_ != nullptr && want_write_) do_wait_write();
  }
  flush();
}

void hiredis_link::flush() {
  // Re-entered when the sink sends or closes from an event: the outer loop delivers what
  // that produced, after the rest of the current batch, so the order stays the wire order.
  if (flushing_) return;
  auto self = shared_from_this();  // the sink may drop the owner's reference to us
  flushing_ = true;
  struct reset_flag {
    bool& flag;
    ~reset_flag() { flag = false; }
  } reset{flushing_};
  while (!events_.empty()) {
    auto batch = std::exchange(events_, {});
    for (auto& e : batch) {
      if (sink_) sink_(std::move(e));
    }
  }
}

}  // namespace huiwu::redis
