#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/room_registry.hpp"
#include "core/services.hpp"
#include "net/server_config.hpp"

namespace huiwu::net {

class websocket_session;

// A synchronous JSON endpoint (e.g. POST /api/seating/preview): body in, status and body out.
struct json_response {
  int status = 200;
  std::string body;
};
using json_handler = std::function<json_response(std::string_view body)>;

// Everything a connection needs, owned by main() and outliving every connection.
struct server_context {
  server_config config;
  core::services* svc = nullptr;
  core::room_registry* rooms = nullptr;
  std::unordered_map<std::string, json_handler> post_routes;  // exact path -> handler

  // Open WebSocket sessions, held weakly, so that shutdown can say goodbye to each.
  std::mutex sessions_mutex;
  std::vector<std::weak_ptr<websocket_session>> sessions;
  void track(const std::shared_ptr<websocket_session>& s);
  void close_all();
};

}  // namespace huiwu::net
