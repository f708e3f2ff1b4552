#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace huiwu::net {

struct server_config {
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 8080;
  std::string redis_host = "127.0.0.1";
  std::uint16_t redis_port = 6379;
  std::string web_root;
  unsigned threads = 0;  // 0 = one per core

  std::size_t max_frame_bytes = 1024 * 1024;  // larger frames close the socket with 1009
  std::size_t max_http_body_bytes = 64 * 1024;
  // A connection whose outbound queue passes either cap is closed (1008): a client that
  // cannot keep up must not grow the server's memory or stall the room.
  std::size_t max_queued_frames = 4096;
  std::size_t max_queued_bytes = 16 * 1024 * 1024;
  std::chrono::seconds idle_timeout{30};  // pinged at half of it, closed when silent
  std::chrono::seconds http_timeout{30};

  // Origins a browser may open the WebSocket from ("https://huiwu.example.org"); empty =
  // only the origin the request was sent to (its Host header).
  std::vector<std::string> allowed_origins;
  bool metrics_on_main = true;  // false when --metrics-listen serves /metrics elsewhere
  bool metrics_only = false;    // the --metrics-listen port: /metrics and /healthz, nothing else
  bool tls = false;             // cookies get Secure
  // Reverse proxies (nginx) whose X-Forwarded-For / X-Forwarded-Proto are believed: the
  // audit log and the login throttle then see the client's address, and cookies get Secure
  // when the proxy terminated TLS.
  std::vector<std::string> trusted_proxies;
  // The office's IANA time zone: the wall-clock times of calendar invitations and documents.
  std::string time_zone = "Asia/Shanghai";
  // Materials per agenda item (decision 0027): where their bytes live (one directory shared
  // by every instance) and the largest file accepted.
  std::string materials_dir = "/var/lib/huiwu/materials";
  std::size_t max_material_bytes = 50 * 1024 * 1024;
};

}  // namespace huiwu::net
