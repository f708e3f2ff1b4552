#include "ot/client.hpp"

#include <gtest/gtest.h>

#include "op_of.hpp"
#include "ot/json_codec.hpp"

namespace huiwu::ot {
namespace {

using test_support::op_of;

TEST(Client, WalksThroughItsThreeStates) {
  client c(7);
  EXPECT_EQ(c.current_state(), client::state::synchronized);
  auto sent = c.apply_client(op_of(R"(["a",3])")).value();
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->revision, 7u);
  EXPECT_EQ(c.current_state(), client::state::awaiting_confirm);
  EXPECT_FALSE(c.apply_client(op_of(R"([4,"b"])")).value());
  EXPECT_FALSE(c.apply_client(op_of(R"([5,"c"])")).value());  // composed into the buffer
  EXPECT_EQ(c.current_state(), client::state::awaiting_with_buffer);
  EXPECT_EQ(to_json(*c.buffer()), R"([4,"bc"])");
  auto next = c.server_ack().value();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->revision, 8u);
  EXPECT_EQ(to_json(next->op), R"([4,"bc"])");
  EXPECT_FALSE(c.server_ack().value());
  EXPECT_EQ(c.current_state(), client::state::synchronized);
  EXPECT_EQ(c.server_ack().error(), errc::nothing_in_flight);
}

TEST(Client, TransformsServerOperationsAgainstPendingOnes) {
  // Local "xyz": we sent ["A",3] (in flight) and buffered [1,"B",3]: local "ABxyz".
  client c(0);
  ASSERT_TRUE(c.apply_client(op_of(R"(["A",3])")));
  ASSERT_TRUE(c.apply_client(op_of(R"([1,"B",3])")));
  // Someone else's insert at 0, sequenced first: it wins the tie and goes left.
  const auto local = c.apply_server(op_of(R"(["S",3])")).value();
  EXPECT_EQ(local.apply("ABxyz").value(), "SABxyz");
  EXPECT_EQ(c.revision(), 1u);
  EXPECT_EQ(to_json(*c.outstanding()), R"([1,"A",3])");
  EXPECT_EQ(c.apply_server(op_of("[9]")).error(), errc::base_length_mismatch);
  EXPECT_EQ(c.revision(), 1u);  // unchanged by the failed call
  // A remote caret at 3 in the server's "Sxyz" (before z) is at 5 in "SABxyz".
  EXPECT_EQ(c.transform_index(3), 5u);
}

TEST(Client, HoldsSendsWhileDisconnectedAndResendsOnReconnect) {
  client c(0);
  ASSERT_TRUE(c.apply_client(op_of(R"(["A"])")).value());
  c.disconnected();
  ASSERT_FALSE(c.apply_client(op_of(R"([1,"B"])")).value());
  // Catching up shows our op was sequenced: the ack would send the buffer, but we
  // are still offline, so it waits for reconnected().
  EXPECT_FALSE(c.server_ack().value());
  const auto resend = c.reconnected();
  ASSERT_TRUE(resend);
  EXPECT_EQ(resend->revision, 1u);
  EXPECT_EQ(to_json(resend->op), R"([1,"B"])");
  c.disconnected();
  EXPECT_TRUE(c.reconnected());  // still unacknowledged: sent again
}

}  // namespace
}  // namespace huiwu::ot
