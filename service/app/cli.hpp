#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/clock.hpp"

namespace huiwu::app {

// The command-line tools of huiwu-server (docs/security.md): they talk to Redis, print
// what they did, and exit. Passwords are read from stdin, never from argv.
struct cli_command {
  std::string redis_host;
  std::uint16_t redis_port = 6379;
  std::string create_user;  // id; with --create-admin: admin and LEVEL_SECRET
  bool admin = false;
  bool temporary = false;  // a one-time password is generated and printed (no stdin)
  std::string name, unit, title, clearance = "internal";
  bool verify_audit = false;
  bool seed_demo = false;
  std::string trim_meeting;       // --trim-history ID: drop its stored events...
  std::uint64_t trim_before = 0;  // ...with versions below this (never past the snapshot)
  // --sweep-materials: remove the blobs under this directory that no meeting names and that
  // are older than the grace (decision 0032).
  std::string sweep_materials_dir;
  unsigned sweep_grace_hours = 24;
  // The server's clock (with HUIWU_CLOCK_OFFSET_MS), for account and audit times; null: the
  // machine's.
  const base::clock* clock = nullptr;
};

// Runs the command; the process exit code.
int run_cli(const cli_command& c);

}  // namespace huiwu::app
