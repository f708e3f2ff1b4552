#include "base/log.hpp"

#include "base/utf8.hpp"

#include <unistd.h>

#include <atomic>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace huiwu::log {
namespace {

std::atomic<level> g_level{level::info};
std::atomic<int> g_format{-1};  // -1: not chosen yet (decided on first use)
std::mutex g_write;

std::string_view name(level l) {
  switch (l) {
    case level::debug:
      return "debug";
    case level::info:
      return "info";
    case level::warn:
      return "warn";
    case level::error:
      return "error";
  }
  return "info";
}

format current_format() {
  int f = g_format.load(std::memory_order_relaxed);
  if (f < 0) {
    f = ::isatty(STDERR_FILENO) ? static_cast<int>(format::text) : static_cast<int>(format::json);
    g_format.store(f, std::memory_order_relaxed);
  }
  return static_cast<format>(f);
}

// 2026-12-05T23:10:00.123Z
std::string timestamp(std::int64_t unix_ms) {
  const std::time_t secs = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  ::gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(unix_ms % 1000));
  return buf;
}

// A JSON string literal; invalid UTF-8 (an OS error text, a peer's bytes) is replaced,
// never passed through.
std::string quoted(std::string_view s) {
  if (utf8::is_valid(s)) return boost::json::serialize(boost::json::string(s));
  return boost::json::serialize(boost::json::string(utf8::replace_invalid(s)));
}

}  // namespace

std::optional<level> parse_level(std::string_view s) {
  if (s == "debug") return level::debug;
  if (s == "info") return level::info;
  if (s == "warn" || s == "warning") return level::warn;
  if (s == "error") return level::error;
  return std::nullopt;
}

void set_level(level l) noexcept {
  g_level.store(l, std::memory_order_relaxed);
}
bool enabled(level l) noexcept {
  return l >= g_level.load(std::memory_order_relaxed);
}
void set_format(format f) noexcept {
  g_format.store(static_cast<int>(f), std::memory_order_relaxed);
}

std::string format_line(level l, std::string_view msg, std::initializer_list<field> fields,
                        format f, std::int64_t unix_ms) {
  std::string out;
  if (f == format::json) {
    out = R"({"ts":")" + timestamp(unix_ms) + R"(","level":")" + std::string(name(l)) +
          R"(","msg":)" + quoted(msg);
    for (const auto& fl : fields) {
      out += ',' + quoted(fl.key) + ':' + (fl.number ? fl.value : quoted(fl.value));
    }
    out += '}';
  } else {
    out = timestamp(unix_ms) + ' ' + std::string(name(l)) + ' ' + std::string(msg);
    for (const auto& fl : fields) {
      out += ' ' + std::string(fl.key) + '=' + fl.value;
    }
  }
  return out + '\n';
}

void write(level l, std::string_view msg, std::initializer_list<field> fields) {
  if (!enabled(l)) return;
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  const std::string line = format_line(l, msg, fields, current_format(), now);
  std::lock_guard lock(g_write);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace huiwu::log
