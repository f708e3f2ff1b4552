#include "store/keys.hpp"

namespace huiwu::store {

std::optional<meeting_channel> parse_meeting_channel(std::string_view channel) {
  // Built by meeting_keys: "hw:{m:" ID "}:ch" (version wake-ups) or "}:pr" (carets).
  constexpr std::string_view prefix = "hw:{m:";
  constexpr std::string_view wake = "}:ch", carets = "}:pr";
  if (channel.size() <= prefix.size() + wake.size() || !channel.starts_with(prefix)) {
    return std::nullopt;
  }
  const bool presence = channel.ends_with(carets);
  if (!presence && !channel.ends_with(wake)) return std::nullopt;
  const auto id = channel.substr(prefix.size(), channel.size() - prefix.size() - wake.size());
  if (!valid_meeting_id(id)) return std::nullopt;
  return meeting_channel{std::string(id), presence};
}

std::string_view hash_tag(std::string_view key) {
  const auto open = key.find('{');
  if (open == std::string_view::npos) return key;
  const auto close = key.find('}', open + 1);
  if (close == std::string_view::npos || close == open + 1) return key;
  return key.substr(open + 1, close - open - 1);
}

bool is_global_key(std::string_view key) {
  if (hash_tag(key) != key) return false;  // tagged: a meeting's or an account's
  for (const std::string_view exact :
       {meetings_index_key, decisions_index_key, due_index_key, board_indexed_key,
        std::string_view(unit_keys::all), std::string_view(unit_keys::seq),
        std::string_view(account_keys::all), audit_stream_key}) {
    if (key == exact) return true;
  }
  for (const std::string_view prefix :
       {std::string_view("hw:jiyao:no:"), std::string_view("hw:acct:"),
        std::string_view("hw:sess:"), std::string_view("hw:throttle:acct:"),
        std::string_view("hw:throttle:addr:")}) {
    if (key.starts_with(prefix) && key.size() > prefix.size()) return true;
  }
  return false;
}

}  // namespace huiwu::store
