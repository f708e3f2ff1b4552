#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "support/child_process.hpp"

namespace huiwu::test {

// Debian's nginx as the balancer in front of server instances on loopback, configured from
// deploy/cluster-nginx.conf.in (the file deploy/cluster.sh uses), with a prefix of its own
// in a temporary directory. Blocks in the constructor until it accepts connections.
class nginx_process {
 public:
  explicit nginx_process(const std::vector<std::uint16_t>& upstreams);
  ~nginx_process();
  nginx_process(const nginx_process&) = delete;
  nginx_process& operator=(const nginx_process&) = delete;

  std::uint16_t port() const noexcept { return port_; }
  std::string error_log_tail() const;

 private:
  std::uint16_t port_;
  std::filesystem::path dir_;
  std::unique_ptr<child_process> proc_;
};

}  // namespace huiwu::test
