#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <memory>
#include <string>
#include <unordered_map>

#include "base/token_bucket.hpp"
#include "core/peer.hpp"
#include "core/room_registry.hpp"
#include "core/services.hpp"
#include "domain/rejection.hpp"
#include "huiwu.pb.h"

namespace huiwu::core {

// The protocol state of one client connection, with no I/O: it takes decoded request
// envelopes and answers through the peer. All calls come from the connection's strand
// (`ex`); replies may be sent from room strands (peer::send is thread-safe).
class connection_handler {
 public:
  connection_handler(boost::asio::any_io_executor ex, services& svc, room_registry& rooms);

  // The peer is set once the transport exists; replies go nowhere before.
  void attach(std::weak_ptr<peer> self) { self_ = std::move(self); }

  // The account the transport authenticated; set once, before the first request.
  void authenticate(principal who, v1::Account account);
  const principal& who() const { return who_; }

  void handle(v1::Envelope request);
  void reply_error(std::uint64_t id, const domain::rejection& r);
  void closed();  // leaves every joined room

 private:
  void reply(std::uint64_t id, v1::Envelope e);
  void on_hello(std::uint64_t id, const v1::Hello& h);
  void on_list(std::uint64_t id, const v1::ListMeetings& l);
  void on_create(std::uint64_t id, const v1::CreateMeeting& c);
  void on_join(std::uint64_t id, v1::Join j);
  void on_leave(std::uint64_t id, const v1::Leave& l);
  void on_command(std::uint64_t id, v1::Command c);
  void on_presence(std::uint64_t id, v1::Presence p);
  void on_history(std::uint64_t id, const v1::History& h);

  static constexpr int max_presence_per_second = 30;
  v1::Account account_;
  base::token_bucket presence_{max_presence_per_second, max_presence_per_second};

  boost::asio::any_io_executor ex_;
  services& svc_;
  room_registry& rooms_;
  // Steady time: the buckets are about the machine, not the meeting's calendar (base/clock.hpp).
  base::token_bucket requests_;  // services::max_requests_per_second, burst twice that
  std::weak_ptr<peer> self_;
  principal who_;
  std::unordered_map<std::string, std::shared_ptr<room>> joined_;
};

// The error reply for a request, or for a frame that could not be read (id 0).
v1::Envelope make_error(std::uint64_t id, const domain::rejection& r);

}  // namespace huiwu::core
