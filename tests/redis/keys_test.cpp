// The key layout of store/keys.hpp, read back the way its users need it: the notifier turns
// a pub/sub channel into a meeting (and never mistakes another channel for one), and the
// account keys are exactly the ones data written by earlier versions lives under.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/keys.hpp"

namespace huiwu::store {
namespace {

TEST(Keys, AMeetingsChannelsReadBackAsThatMeeting) {
  for (const std::string& id :
       std::vector<std::string>{"m1", "a", "M-_9zZ", std::string(64, 'x')}) {
    const auto channels = meeting_channels(id);
    const auto wake = parse_meeting_channel(channels[0]);
    const auto carets = parse_meeting_channel(channels[1]);
    ASSERT_TRUE(wake && carets) << id;
    EXPECT_EQ(wake->meeting_id, id);
    EXPECT_FALSE(wake->presence);
    EXPECT_EQ(carets->meeting_id, id);
    EXPECT_TRUE(carets->presence);
    EXPECT_EQ(channels[0], meeting_keys(id).channel);
    EXPECT_EQ(channels[1], meeting_keys(id).presence_channel);
  }
}

TEST(Keys, OtherChannelsAreNoMeetings) {
  for (const std::string& channel : std::vector<std::string>{
           "", "hw:followup", "hw:accounts:changed", "hw:sessions:ended", "hw:{m:}:ch",
           "hw:{m:m1}:log", "hw:{m:m1}:meta", "hw:{m:m 1}:ch", "hw:{a:m1}:ch", "hw:{m:m1}:chx",
           "xhw:{m:m1}:ch", "hw:{m:" + std::string(65, 'x') + "}:ch"}) {
    EXPECT_FALSE(parse_meeting_channel(channel)) << channel;
  }
}

// Moving the key names into store/ changed no key: accounts, sessions, throttles and the
// audit log written before are found where they were.
TEST(Keys, AccountAndAuditKeysAreThoseOfStoredData) {
  EXPECT_EQ(account_keys::account("mishu"), "hw:acct:mishu");
  EXPECT_EQ(std::string(account_keys::all), "hw:accts");
  EXPECT_EQ(account_keys::session("ab12"), "hw:sess:ab12");
  EXPECT_EQ(account_keys::account_throttle("mishu"), "hw:throttle:acct:mishu");
  EXPECT_EQ(account_keys::address_throttle("127.0.0.1"), "hw:throttle:addr:127.0.0.1");
  EXPECT_EQ(std::string(account_keys::changed_channel), "hw:accounts:changed");
  EXPECT_EQ(std::string(account_keys::session_ended_channel), "hw:sessions:ended");
  EXPECT_EQ(audit_stream_key, "hw:audit");
  EXPECT_EQ(audit_head_key, "hw:audit:head");
}

}  // namespace
}  // namespace huiwu::store
