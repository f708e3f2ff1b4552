// Query strings decoded once by Boost.URL: escapes, '+', repeated and empty keys, and a
// malformed query refused whole.
#include "net/query_params.hpp"

#include <gtest/gtest.h>

namespace huiwu::net {
namespace {

query_params ok(std::string_view raw) {
  auto r = query_params::parse(raw);
  EXPECT_TRUE(r.has_value()) << raw << ": " << r.error().message();
  return r ? *r : query_params{};
}

TEST(QueryParams, DecodesPercentEscapesIncludingUtf8) {
  const auto q = ok("unit=%E4%BD%8F%E5%BB%BA%E5%B1%80&m=m-1&x=%2F%3F%26%3D%25");
  EXPECT_EQ(q.value_or("unit"), "住建局");
  EXPECT_EQ(q.value_or("m"), "m-1");
  EXPECT_EQ(q.value_or("x"), "/?&=%");              // escaped delimiters are data, not delimiters
  EXPECT_EQ(ok("%75nit=a").value_or("unit"), "a");  // keys are decoded too
}

TEST(QueryParams, PlusIsASpaceAndEscapedPlusIsAPlus) {
  const auto q = ok("text=a+b&sum=1%2B1&both=+%2B+");
  EXPECT_EQ(q.value_or("text"), "a b");
  EXPECT_EQ(q.value_or("sum"), "1+1");
  EXPECT_EQ(q.value_or("both"), " + ");
}

TEST(QueryParams, RepeatedKeysKeepEveryValueInOrder) {
  const auto q = ok("unit=a&state=open&unit=b&unit=");
  EXPECT_EQ(q.value_or("unit"), "a");  // get: the first
  EXPECT_EQ(q.all("unit"), (std::vector<std::string>{"a", "b", ""}));
  EXPECT_EQ(q.all("state"), (std::vector<std::string>{"open"}));
  EXPECT_TRUE(q.all("none").empty());
  EXPECT_EQ(q.size(), 4u);
}

TEST(QueryParams, AbsentEmptyAndValuelessAreDistinguished) {
  const auto q = ok("a=&b&c=1=2");
  EXPECT_EQ(q.get("a"), std::optional<std::string>(""));
  EXPECT_EQ(q.get("b"), std::optional<std::string>(""));  // no '=': the empty value
  EXPECT_EQ(q.value_or("c"), "1=2");                      // only the first '=' splits
  EXPECT_FALSE(q.get("d").has_value());
  EXPECT_EQ(q.value_or("d", "docx"), "docx");
  EXPECT_FALSE(q.contains("d"));
  EXPECT_TRUE(q.contains("b"));
  // A key must match exactly: "xafter" is not "after".
  EXPECT_FALSE(ok("xafter=5").contains("after"));
  EXPECT_EQ(ok("").size(), 0u);
}

TEST(QueryParams, MalformedQueriesAreRefusedWhole) {
  for (std::string_view bad : {
           "m=%",                // '%' at the end
           "m=%4",               // one hex digit
           "m=%zz",              // not hex
           "m=ok&unit=%G1",      // a good parameter does not save a bad one
           "m=a b",              // a raw space
           "m=\"x\"",            // a raw quote
           "unit=\xE4\xBD\x8F",  // raw bytes above 0x7F
           "m=%FF",              // decodes to a byte that is not UTF-8
           "unit=%E4%BD",        // a cut UTF-8 sequence
           "%C0%AF=x",           // an overlong key
       }) {
    EXPECT_FALSE(query_params::parse(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace huiwu::net
