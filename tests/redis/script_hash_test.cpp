// The store's script hashes are the ones Redis computes: EVALSHA with a wrong hash would
// fall back to EVAL on every call (NOSCRIPT), hiding the bug while sending every script
// in full each time. Checked against a real redis-server's SCRIPT LOAD.
#include <gtest/gtest.h>

#include "store/scripts.hpp"
#include "support/redis_process.hpp"

namespace huiwu::store {
namespace {

TEST(ScriptHash, EveryScriptsSha1IsTheOneRedisComputes) {
  huiwu::test::redis_process redis;
  const auto scripts = all_scripts();
  ASSERT_FALSE(scripts.empty());
  for (const script* s : scripts) {
    EXPECT_EQ(s->sha1, redis.command({"SCRIPT", "LOAD", std::string(s->text)}));
    EXPECT_EQ(redis.command({"SCRIPT", "EXISTS", s->sha1}), "1");
  }
}

TEST(ScriptHash, KnownDigests) {
  // FIPS 180 test vectors.
  EXPECT_EQ(sha1_hex(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(sha1_hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
}

}  // namespace
}  // namespace huiwu::store
