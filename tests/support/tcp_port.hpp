#pragma once

#include <chrono>
#include <cstdint>

namespace huiwu::test {

// A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0, read it, close).
// Another process could take it before we do: good enough for tests on one machine.
std::uint16_t free_tcp_port();

// Blocks until something accepts TCP connections on 127.0.0.1:port, or the timeout passes.
bool wait_for_tcp_port(std::uint16_t port, std::chrono::milliseconds timeout);

}  // namespace huiwu::test
