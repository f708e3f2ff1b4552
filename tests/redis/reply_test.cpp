#include <gtest/gtest.h>
#include <hiredis/hiredis.h>

#include <memory>
#include <sstream>
#include <string>

#include "redis/errors.hpp"
#include "redis/hiredis_reply.hpp"
#include "redis/reply.hpp"

namespace huiwu::redis {
namespace {

// Parses RESP bytes with hiredis's own reader, so copy_reply sees exactly what the async
// context would hand it.
reply parse(const std::string& wire) {
  std::unique_ptr<redisReader, void (*)(redisReader*)> reader(redisReaderCreate(),
                                                              &redisReaderFree);
  EXPECT_EQ(redisReaderFeed(reader.get(), wire.data(), wire.size()), REDIS_OK);
  void* raw = nullptr;
  EXPECT_EQ(redisReaderGetReply(reader.get(), &raw), REDIS_OK);
  EXPECT_NE(raw, nullptr);
  std::unique_ptr<redisReply, void (*)(void*)> r(static_cast<redisReply*>(raw), &freeReplyObject);
  return copy_reply(*r);
}

TEST(Reply, CopiesEveryKind) {
  EXPECT_EQ(parse("+OK\r\n"), (reply{reply::kind::status, "OK", 0, {}}));
  EXPECT_EQ(parse("-ERR bad\r\n"), (reply{reply::kind::error, "ERR bad", 0, {}}));
  EXPECT_EQ(parse(":-42\r\n"), (reply{reply::kind::integer, "", -42, {}}));
  EXPECT_EQ(parse("$-1\r\n"), reply{});
  EXPECT_EQ(parse("*-1\r\n"), reply{});
  EXPECT_EQ(parse("*0\r\n"), (reply{reply::kind::array, "", 0, {}}));
  EXPECT_TRUE(parse("-ERR x\r\n").is_error());
  EXPECT_TRUE(parse("$-1\r\n").is_nil());
}

TEST(Reply, BulkStringsAreBinarySafe) {
  const std::string value("a\0b\r\nc\xff", 8);
  const auto r = parse("$8\r\n" + value + "\r\n");
  EXPECT_EQ(r.type, reply::kind::string);
  EXPECT_EQ(r.str, value);
}

TEST(Reply, NestedArraysAreDeepCopies) {
  const auto r = parse("*3\r\n$1\r\na\r\n*2\r\n:1\r\n$-1\r\n+x\r\n");
  ASSERT_EQ(r.type, reply::kind::array);
  ASSERT_EQ(r.elements.size(), 3U);
  EXPECT_EQ(r.elements[0].str, "a");
  ASSERT_EQ(r.elements[1].elements.size(), 2U);
  EXPECT_EQ(r.elements[1].elements[0].integer, 1);
  EXPECT_TRUE(r.elements[1].elements[1].is_nil());
  EXPECT_EQ(r.elements[2].str, "x");
}

TEST(Reply, PrintsReadably) {
  std::ostringstream os;
  os << parse("*3\r\n$2\r\na\x01\r\n:7\r\n-ERR e\r\n");
  EXPECT_EQ(os.str(), "[\"a\\x01\", (integer) 7, (error) ERR e]");
}

TEST(Errors, CategoryAndMessages) {
  const std::error_code unknown = errc::outcome_unknown;
  const std::error_code not_connected = errc::not_connected;
  EXPECT_STREQ(unknown.category().name(), "redis");
  EXPECT_NE(unknown, not_connected);
  EXPECT_EQ(not_connected, errc::not_connected);
  EXPECT_NE(unknown.message().find("may or may not"), std::string::npos);
  EXPECT_TRUE(static_cast<bool>(not_connected));
}

}  // namespace
}  // namespace huiwu::redis
