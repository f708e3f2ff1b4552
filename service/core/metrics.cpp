#include "core/metrics.hpp"

#include <sstream>

namespace huiwu::core {
namespace {

std::size_t slot(int n, std::size_t slots) {
  return n >= 0 && static_cast<std::size_t>(n) < slots ? static_cast<std::size_t>(n) : 0;
}

}  // namespace

void metrics::count_request(v1::Envelope::BodyCase c) {
  requests_[slot(c, slots)].fetch_add(1, std::memory_order_relaxed);
}

void metrics::count_command(v1::Change::KindCase c) {
  commands_[slot(c, slots)].fetch_add(1, std::memory_order_relaxed);
}

void metrics::count_error(v1::ErrorCode code) {
  errors_[slot(code, slots)].fetch_add(1, std::memory_order_relaxed);
}

void metrics::observe_redis(std::chrono::nanoseconds rtt) {
  const double s = std::chrono::duration<double>(rtt).count();
  std::size_t i = 0;
  while (i < bucket_bounds.size() && s > bucket_bounds[i]) ++i;
  redis_buckets_[i].fetch_add(1, std::memory_order_relaxed);
  redis_count_.fetch_add(1, std::memory_order_relaxed);
  redis_sum_ns_.fetch_add(static_cast<std::uint64_t>(rtt.count()), std::memory_order_relaxed);
}

std::string metrics::render() const {
  std::ostringstream o;
  auto gauge = [&](const char* name, const char* help, auto value) {
    o << "# HELP " << name << ' ' << help << "\n# TYPE " << name << " gauge\n"
      << name << ' ' << value << '\n';
  };
  auto counter = [&](const char* name, const char* help, auto value) {
    o << "# HELP " << name << ' ' << help << "\n# TYPE " << name << " counter\n"
      << name << ' ' << value << '\n';
  };
  gauge("huiwu_connections", "Open WebSocket connections.", connections.load());
  gauge("huiwu_rooms", "Meetings held in memory on this instance.", rooms.load());
  counter("huiwu_frames_in_total", "WebSocket frames received.", frames_in.load());
  counter("huiwu_frames_out_total", "WebSocket frames sent.", frames_out.load());
  counter("huiwu_slow_consumers_dropped_total",
          "Connections closed because their send queue was full.", slow_consumers_dropped.load());
  gauge("huiwu_ws_queued_bytes", "Bytes waiting in the WebSocket send queues of all connections.",
        ws_queued_bytes.load());
  gauge("huiwu_ws_queued_bytes_max",
        "The most bytes one connection ever had waiting in its send queue (bounded by "
        "--max-queued-bytes).",
        ws_queued_bytes_max.load());
  counter("huiwu_http_requests_total", "HTTP requests served.", http_requests.load());
  counter("huiwu_reminder_ticks_total",
          "Reminder scheduler ticks completed: the schedule read, every reminder answered.",
          reminder_ticks.load());

  // Labelled families: names come from the schema so they never drift from it.
  auto family = [&](const char* name, const char* help, const char* label,
                    const std::array<std::atomic<std::uint64_t>, slots>& values, auto name_of) {
    o << "# HELP " << name << ' ' << help << "\n# TYPE " << name << " counter\n";
    for (std::size_t i = 1; i < slots; ++i) {
      const auto v = values[i].load(std::memory_order_relaxed);
      const std::string n = name_of(static_cast<int>(i));
      if (v == 0 || n.empty()) continue;
      o << name << '{' << label << "=\"" << n << "\"} " << v << '\n';
    }
  };
  family("huiwu_requests_total", "Requests received, by type.", "type", requests_, [](int n) {
    const auto* f = v1::Envelope::descriptor()->FindFieldByNumber(n);
    return f ? f->name() : std::string();
  });
  family("huiwu_commands_total", "Changes accepted and persisted, by kind.", "kind", commands_,
         [](int n) {
           const auto* f = v1::Change::descriptor()->FindFieldByNumber(n);
           return f ? f->name() : std::string();
         });
  family("huiwu_errors_total", "Error replies, by code.", "code", errors_,
         [](int n) { return v1::ErrorCode_IsValid(n) ? v1::ErrorCode_Name(n) : std::string(); });

  o << "# HELP huiwu_redis_rtt_seconds Redis round-trip time of storage commands.\n"
    << "# TYPE huiwu_redis_rtt_seconds histogram\n";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < bucket_bounds.size(); ++i) {
    cumulative += redis_buckets_[i].load(std::memory_order_relaxed);
    o << "huiwu_redis_rtt_seconds_bucket{le=\"" << bucket_bounds[i] << "\"} " << cumulative << '\n';
  }
  cumulative += redis_buckets_[bucket_bounds.size()].load(std::memory_order_relaxed);
  o << "huiwu_redis_rtt_seconds_bucket{le=\"+Inf\"} " << cumulative << '\n'
    << "huiwu_redis_rtt_seconds_sum " << static_cast<double>(redis_sum_ns_.load()) / 1e9 << '\n'
    << "huiwu_redis_rtt_seconds_count " << redis_count_.load() << '\n';
  return o.str();
}

}  // namespace huiwu::core
