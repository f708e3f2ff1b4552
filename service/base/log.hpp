// The server's one logger: levels, one line per event, structured fields.
//
//   log::info("listening", {{"url", url}, {"threads", n}});
//   log::warn("websocket", {{"error", ec.message()}, {"client", id}, {"meeting", m}});
//
// Lines go to stderr as JSON (one object per line: ts, level, msg, then the fields in
// order) unless stderr is a terminal, where they are text for people. Every line that
// concerns a request or a meeting carries its id as a field ("request", "meeting",
// "client"), so one meeting's story can be grepped out of many instances' logs.
// Writing takes a mutex: logging is for events, not for the per-keystroke path.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace huiwu::log {

enum class level { debug, info, warn, error };
enum class format { json, text };

// "debug", "info", "warn" (or "warning"), "error"; nullopt otherwise.
std::optional<level> parse_level(std::string_view s);
void set_level(level l) noexcept;
bool enabled(level l) noexcept;
// Defaults to text when stderr is a terminal, JSON otherwise.
void set_format(format f) noexcept;

struct field {
  field(std::string_view k, std::string_view v) : key(k), value(v) {}
  field(std::string_view k, const char* v) : key(k), value(v) {}
  field(std::string_view k, const std::string& v) : key(k), value(v) {}
  field(std::string_view k, std::int64_t v) : key(k), value(std::to_string(v)), number(true) {}
  field(std::string_view k, std::uint64_t v) : key(k), value(std::to_string(v)), number(true) {}
  field(std::string_view k, int v) : key(k), value(std::to_string(v)), number(true) {}
  field(std::string_view k, unsigned v) : key(k), value(std::to_string(v)), number(true) {}
  std::string_view key;
  std::string value;
  bool number = false;
};

// The line as it would be written (for tests); write() writes it when `l` is enabled.
std::string format_line(level l, std::string_view msg, std::initializer_list<field> fields,
                        format f, std::int64_t unix_ms);
void write(level l, std::string_view msg, std::initializer_list<field> fields = {});

inline void debug(std::string_view msg, std::initializer_list<field> f = {}) {
  write(level::debug, msg, f);
}
inline void info(std::string_view msg, std::initializer_list<field> f = {}) {
  write(level::info, msg, f);
}
inline void warn(std::string_view msg, std::initializer_list<field> f = {}) {
  write(level::warn, msg, f);
}
inline void error(std::string_view msg, std::initializer_list<field> f = {}) {
  write(level::error, msg, f);
}

}  // namespace huiwu::log
