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

}  // namespace huiwu::store
