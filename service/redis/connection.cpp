#include "redis/connection.hpp"

#include <algorithm>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <cctype>
#include <csignal>
#include <mutex>
#include <optional>
#include <random>
#include <utility>

#include "redis/hiredis_link.hpp"

namespace huiwu::redis {
namespace {

void ignore_sigpipe_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction current {};
    if (sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) {
      std::signal(SIGPIPE, SIG_IGN);
    }
  });
}

reply error_reply(std::string text) {
  reply r;
  r.type = reply::kind::error;
  r.str = std::move(text);
  return r;
}

// Commands that change what the server sends without hiredis 0.14 being able to follow
// (its Pub/Sub bookkeeping asserts on replies it does not expect, and it cannot read RESP3).
bool changes_protocol_state(const std::string& command) {
  static const char* const refused[] = {"subscribe",   "psubscribe",   "ssubscribe",
                                        "unsubscribe", "punsubscribe", "sunsubscribe",
                                        "monitor",     "hello",        "reset"};
  std::string lower(command);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::find(std::begin(refused), std::end(refused), lower) != std::end(refused);
}

}  // namespace

std::shared_ptr<connection> connection::create(boost::asio::any_io_executor ex, options o) {
  ignore_sigpipe_once();
  return std::shared_ptr<connection>(new connection(ex, std::move(o)));
}

connection::connection(const boost::asio::any_io_executor& ex, options o)
    : strand_(boost::asio::make_strand(ex)),
      options_(std::move(o)),
      resolver_(strand_),
      connect_timer_(strand_),
      command_timer_(strand_),
      backoff_timer_(strand_),
      machine_(backoff(options_.backoff_min, options_.backoff_max, std::random_device{}())) {}

connection::~connection() {
  // This may run on any thread (our waits hold only weak references), while one of the
  // link's own handlers, which hold the link and not us, runs on the strand and uses the
  // hiredis context: close the link there, not here.
  if (!link_) return;
  try {
    boost::asio::post(strand_, [link = std::move(link_)] { link->close(); });
  } catch (...) {  // out of memory: the link's destructor frees the context, here
  }
}

void connection::start() {
  boost::asio::post(strand_, [self = shared_from_this()] { self->do_start(); });
}

void connection::stop() {
  boost::asio::post(strand_, [self = shared_from_this()] { self->do_stop(); });
}

bool connection::is_connected() const noexcept {
  return connected_.load();
}

std::uint64_t connection::attempts() const noexcept {
  return attempts_begun_.load();
}

void connection::set_on_connected(std::function<void()> f) {
  boost::asio::post(strand_, [self = shared_from_this(), f = std::move(f)]() mutable {
    self->on_connected_ = std::move(f);
  });
}

void connection::set_on_disconnected(std::function<void(std::string)> f) {
  boost::asio::post(strand_, [self = shared_from_this(), f = std::move(f)]() mutable {
    self->on_disconnected_ = std::move(f);
  });
}

void connection::set_on_message(message_handler f) {
  boost::asio::post(strand_, [self = shared_from_this(), f = std::move(f)]() mutable {
    self->on_message_ = std::move(f);
  });
}

void connection::execute(std::vector<std::string> args, command_handler cb) {
  boost::asio::post(
      strand_, [self = shared_from_this(), args = std::move(args), cb = std::move(cb)]() mutable {
        self->do_execute(args, std::move(cb));
      });
}

void connection::subscribe(const std::string& channel) {
  boost::asio::post(strand_, [self = shared_from_this(), channel] { self->do_subscribe(channel); });
}

void connection::unsubscribe(const std::string& channel) {
  boost::asio::post(strand_,
                    [self = shared_from_this(), channel] { self->do_unsubscribe(channel); });
}

void connection::do_start() {
  handle(reconnect::event::start, {});
}

void connection::do_stop() {
  handle(reconnect::event::stop, "stopped");
}

void connection::do_execute(const std::vector<std::string>& args, command_handler cb) {
  if (!cb) cb = [](std::error_code, const reply&) {};
  if (args.empty()) return cb({}, error_reply("ERR huiwu::redis: empty command"));
  if (changes_protocol_state(args.front())) {
    return cb({}, error_reply("ERR huiwu::redis: '" + args.front() +
                              "' is not allowed in execute() (use subscribe()/unsubscribe())"));
  }
  if (!machine_.accepts_commands()) return cb(errc::not_connected, {});
  // hiredis 0.14 cannot tell a regular reply from a Pub/Sub frame while subscribed (it
  // asserts, or hands a reply to the wrong callback), and Redis would refuse the command
  // anyway: answer as Redis would, without sending it.
  if (!channels_.empty() || !acks_.empty()) {
    return cb({}, error_reply("ERR huiwu::redis: a subscribed connection runs no other command"));
  }
  if (!send(args, cb)) cb(errc::not_connected, {});
}

void connection::do_subscribe(const std::string& channel) {
  if (!channels_.insert(channel).second) return;
  // Before the handshake, the handshake subscribes to the whole set.
  if (link_accepts_subscriptions()) send_subscription({"SUBSCRIBE", channel});
}

void connection::do_unsubscribe(const std::string& channel) {
  if (channels_.erase(channel) == 0) return;
  // Sent only for a channel this link subscribed to: hiredis 0.14 drops the confirmation of
  // an unknown channel, which would leave our confirmation count wrong.
  if (link_accepts_subscriptions()) send_subscription({"UNSUBSCRIBE", channel});
}

bool connection::attempting(step s) const noexcept {
  return machine_.current() == reconnect::state::connecting && step_ == s;
}

bool connection::link_accepts_subscriptions() const noexcept {
  return attempting(step::handshaking) || machine_.accepts_commands();
}

// The machine's start_connect.
void connection::do_resolve() {
  step_ = step::resolving;
  const auto attempt = ++attempt_;
  ++attempts_begun_;
  // One deadline for the whole attempt: resolve, connect, AUTH, first PING or SUBSCRIBE.
  connect_timer_.expires_after(options_.connect_timeout);
  connect_timer_.async_wait(boost::asio::bind_executor(
      strand_, [w = weak_from_this(), attempt](boost::system::error_code ec) {
        if (auto self = w.lock(); self && !ec) self->on_connect_timer(attempt);
      }));

  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(options_.host, ec);
  if (!ec) {
    endpoints_.assign(1, {address, options_.port});
    next_endpoint_ = 0;
    return do_connect({});
  }
  // hiredis would call getaddrinfo() on this thread; Asio's resolver does it on its own.
  // No AI_ADDRCONFIG: on a host with only loopback it hides "localhost".
  resolver_.async_resolve(
      options_.host, std::to_string(options_.port), boost::asio::ip::resolver_base::flags{},
      boost::asio::bind_executor(
          strand_, [w = weak_from_this(), attempt](
                       boost::system::error_code ec,
                       const boost::asio::ip::tcp::resolver::results_type& results) {
            auto self = w.lock();
            if (!self || self->attempt_ != attempt || !self->attempting(step::resolving)) return;
            self->on_resolve(ec, results);
          }));
}

void connection::on_resolve(boost::system::error_code ec,
                            const boost::asio::ip::tcp::resolver::results_type& results) {
  if (ec) return fail("cannot resolve " + options_.host + ": " + ec.message());
  endpoints_.clear();
  for (const auto& entry : results) endpoints_.push_back(entry.endpoint());
  next_endpoint_ = 0;
  do_connect("no address for " + options_.host);
}

void connection::do_connect(std::string previous_error) {
  step_ = step::connecting;
  while (next_endpoint_ < endpoints_.size()) {
    const auto endpoint = endpoints_[next_endpoint_++];
    const auto id = ++link_id_;
    link_ = std::make_shared<hiredis_link>(strand_, [w = weak_from_this(), id](link_event ev) {
      if (auto self = w.lock()) self->on_link_event(id, std::move(ev));
    });
    if (link_->open(endpoint.address().to_string(), endpoint.port(), previous_error)) return;
    link_.reset();
  }
  fail(std::move(previous_error));
}

void connection::on_connect_timer(std::uint64_t attempt) {
  // A deadline that fired while the handshake's last reply was being handled is stale.
  if (attempt != attempt_ || machine_.current() != reconnect::state::connecting) return;
  handle(reconnect::event::connect_failed, "connect timeout");
}

void connection::on_link_event(std::uint64_t link_id, link_event ev) {
  if (link_id != link_id_ || !link_) return;  // from a link we already dropped
  switch (ev.type) {
    case link_event::kind::connected:
      return on_link_connected();
    case link_event::kind::reply:
      return on_link_reply(std::move(ev.payload));
    case link_event::kind::push:
      return on_link_push(ev.payload);
    case link_event::kind::closed:
      return on_link_closed(std::move(ev.reason));
  }
}

void connection::on_link_connected() {
  if (!attempting(step::connecting)) return;
  step_ = step::handshaking;
  do_handshake();
}

void connection::do_handshake() {
  if (!options_.password.empty()) {
    auto step = handshake_step("AUTH");
    if (!send({"AUTH", options_.password}, step)) return fail("cannot send AUTH");
  }
  if (channels_.empty()) {
    // Proves the server answers commands: a Redis still loading its AOF says -LOADING, and
    // we would rather retry than report a connection that refuses everything.
    auto step = handshake_step("PING");
    if (!send({"PING"}, step)) return fail("cannot send PING");
  } else {
    std::vector<std::string> args{"SUBSCRIBE"};
    args.insert(args.end(), channels_.begin(), channels_.end());
    send_subscription(args);
  }
}

connection::command_handler connection::handshake_step(std::string what) {
  return [w = weak_from_this(), what = std::move(what)](std::error_code ec, const reply& r) {
    auto self = w.lock();
    if (!self || ec) return;  // ec: this attempt is already being torn down
    if (r.is_error()) return self->fail(what + " failed: " + r.str);
    self->finish_handshake_if_done();
  };
}

void connection::finish_handshake_if_done() {
  if (!attempting(step::handshaking) || !pending_.empty() || !acks_.empty()) return;
  handle(reconnect::event::connect_ok, {});
}

void connection::on_link_reply(reply r) {
  if (pending_.empty()) return;  // cannot happen: hiredis answers what we sent, in order
  auto command = std::move(pending_.front());
  pending_.pop_front();
  command.done({}, std::move(r));
}

void connection::on_link_push(const reply& r) {
  if (r.type != reply::kind::array || r.elements.size() < 3) return;
  const auto& kind = r.elements[0].str;
  if (kind == "message") {
    if (on_message_) on_message_(r.elements[1].str, r.elements[2].str);
  } else if (kind == "subscribe" || kind == "unsubscribe") {
    if (!acks_.empty()) acks_.pop_front();
    finish_handshake_if_done();
  }
}

void connection::on_link_closed(std::string reason) {
  link_.reset();
  // A refused connect to one address of a name: try the next one within the same attempt.
  if (attempting(step::connecting) && next_endpoint_ < endpoints_.size()) {
    return do_connect(std::move(reason));
  }
  fail(std::move(reason));
}

bool connection::send(const std::vector<std::string>& args, command_handler& done) {
  if (!link_) return false;
  // Queued before the send so that the FIFO already matches if a reply were delivered early.
  pending_.push_back({std::move(done), clock::now()});
  if (!link_->send(args)) {
    done = std::move(pending_.back().done);
    pending_.pop_back();
    return false;
  }
  arm_command_timer();
  return true;
}

bool connection::send_subscription(const std::vector<std::string>& args) {
  if (!link_ || !link_->send_subscription(args)) {
    fail("cannot send " + args.front());
    return false;
  }
  acks_.insert(acks_.end(), args.size() - 1, clock::now());
  arm_command_timer();
  return true;
}

void connection::arm_command_timer() {
  if (command_timer_armed_) return;
  std::optional<clock::time_point> oldest;
  if (!pending_.empty()) oldest = pending_.front().sent_at;
  if (!acks_.empty()) oldest = oldest ? std::min(*oldest, acks_.front()) : acks_.front();
  if (!oldest) return;
  command_timer_armed_ = true;
  command_timer_.expires_at(*oldest + options_.command_timeout);
  command_timer_.async_wait(
      boost::asio::bind_executor(strand_, [w = weak_from_this()](boost::system::error_code) {
        if (auto self = w.lock()) self->on_command_timer();
      }));
}

void connection::on_command_timer() {
  // Runs on expiry and on cancellation alike, and always re-evaluates: a cancel that raced
  // with a re-arm must not leave outstanding commands without a deadline.
  command_timer_armed_ = false;
  const auto now = clock::now();
  const auto expired = [&](clock::time_point sent) {
    return now - sent >= options_.command_timeout;
  };
  if ((!pending_.empty() && expired(pending_.front().sent_at)) ||
      (!acks_.empty() && expired(acks_.front()))) {
    return fail("command timeout");
  }
  arm_command_timer();
}

void connection::fail(std::string reason) {
  handle(
      machine_.accepts_commands() ? reconnect::event::link_lost : reconnect::event::connect_failed,
      reason);
}

void connection::handle(reconnect::event e, const std::string& reason) {
  // The machine's state is already the new one when the actions run: a callback that
  // calls back into us (which posts) sees it consistent.
  for (const auto& a : machine_.on(e)) perform(a, reason);
}

void connection::perform(const reconnect::action& a, const std::string& reason) {
  using kind = reconnect::action::kind;
  switch (a.what) {
    case kind::start_connect:
      return do_resolve();
    case kind::close_link:
      return close_link();
    case kind::arm_timer:
      return arm_backoff_timer(a.delay);
    case kind::cancel_timers:
      backoff_timer_.cancel();
      command_timer_.cancel();
      return;
    case kind::fail_pending: {
      auto pending = std::exchange(pending_, {});
      for (auto& command : pending) command.done(errc::outcome_unknown, {});
      return;
    }
    case kind::report_connected:
      connected_ = true;
      connect_timer_.cancel();
      if (on_connected_) on_connected_();
      return;
    case kind::report_disconnected:
      if (on_disconnected_) on_disconnected_(reason);
      return;
  }
}

void connection::close_link() {
  ++attempt_;  // what the resolver or the timers of this attempt still report is stale
  if (link_) {
    auto link = std::move(link_);  // its `closed` event will not match link_id_ any more
    ++link_id_;
    link->close();
  }
  connected_ = false;
  resolver_.cancel();
  connect_timer_.cancel();
  acks_.clear();
}

void connection::arm_backoff_timer(std::chrono::milliseconds delay) {
  backoff_timer_.expires_after(delay);
  backoff_timer_.async_wait(boost::asio::bind_executor(
      strand_, [w = weak_from_this(), attempt = attempt_](boost::system::error_code ec) {
        if (auto self = w.lock(); self && !ec) self->on_backoff_timer(attempt);
      }));
}

void connection::on_backoff_timer(std::uint64_t attempt) {
  if (attempt != attempt_) return;
  handle(reconnect::event::timer_fired, {});
}

}  // namespace huiwu::redis
