// 会见 and 会谈 tables.
#include <gtest/gtest.h>

#include <map>

#include "seating/meeting_planner.hpp"
#include "seating/talks_planner.hpp"
#include "test_helpers.hpp"

namespace huiwu::seating {
namespace {

using testing::identity_order;

person party_member(std::string id, party_side side, party_role role = party_role::member) {
  person p;
  p.id = id;
  p.name = id;
  p.side = side;
  p.role = role;
  return p;
}

// Ids per seat in a chart row, "_" when free.
std::string ids_in(const chart_row& row, const std::vector<person>& people) {
  std::string out;
  for (const auto& who : row.from_seat) {
    out += (out.empty() ? "" : " ") + (who ? people[*who].id : std::string("_"));
  }
  return out;
}

const chart_row* find_row(const seating_plan& plan, int row, party_side side) {
  for (const auto& r : plan.rows) {
    if (r.row == row && r.side == side) return &r;
  }
  return nullptr;
}

std::vector<person> meeting_people() {
  return {party_member("h1", party_side::host),
          party_member("g1", party_side::guest),
          party_member("h2", party_side::host),
          party_member("g2", party_side::guest),
          party_member("h3", party_side::host),
          party_member("hi", party_side::host, party_role::interpreter),
          party_member("gn", party_side::guest, party_role::note_taker)};
}

TEST(MeetingPlanner, HostLeftGuestOnTheHostsRightPartiesOutward) {
  const auto people = meeting_people();
  auto plan = meeting_planner().plan({}, people, identity_order(people.size()));
  ASSERT_TRUE(plan) << plan.error().message;
  ASSERT_EQ(plan->rows.size(), 2u);
  EXPECT_EQ(ids_in(plan->rows[0], people), "h3 h2 h1 g1 g2");
  EXPECT_EQ(ids_in(plan->rows[1], people), "hi gn");
  std::map<std::string, placed_seat> by_id;
  for (const auto& s : plan->seats) by_id[people[s.person].id] = s;
  EXPECT_EQ(by_id["g1"].seat_from_seat, by_id["h1"].seat_from_seat + 1);  // host's right
  EXPECT_EQ(by_id["h1"].seat_from_audience, 3);
  EXPECT_EQ(by_id["g1"].seat_from_audience, 2);
  EXPECT_EQ(by_id["hi"].role, party_role::interpreter);
  EXPECT_EQ(by_id["gn"].row, 2);
}

TEST(MeetingPlanner, FixedSeatsPerSideLeaveTheOuterEndsFree) {
  const auto people = meeting_people();
  table_layout layout;
  layout.seats_per_side = 4;
  auto plan = meeting_planner().plan(layout, people, identity_order(people.size()));
  ASSERT_TRUE(plan);
  EXPECT_EQ(ids_in(plan->rows[0], people), "_ h3 h2 h1 g1 g2 _ _");
  layout.seats_per_side = 2;
  auto over = meeting_planner().plan(layout, people, identity_order(people.size()));
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, "too_many_people");
}

TEST(MeetingPlanner, NeedsSidesAndBothPrincipals) {
  auto people = meeting_people();
  people[1].side = party_side::none;
  auto r = meeting_planner().plan({}, people, identity_order(people.size()));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "missing_side");
  std::vector<person> hosts{party_member("h1", party_side::host),
                            party_member("gi", party_side::guest, party_role::interpreter)};
  auto r2 = meeting_planner().plan({}, hosts, identity_order(2));
  ASSERT_FALSE(r2);
  EXPECT_EQ(r2.error().code, "missing_principal");
  auto pinned = meeting_people();
  pinned[0].pin = seat_ref{1, 1};
  auto r3 = meeting_planner().plan({}, pinned, identity_order(pinned.size()));
  ASSERT_FALSE(r3);
  EXPECT_EQ(r3.error().code, "invalid_pin");
}

std::vector<person> talks_people() {
  return {party_member("H1", party_side::host),
          party_member("G1", party_side::guest),
          party_member("H2", party_side::host),
          party_member("G2", party_side::guest),
          party_member("H3", party_side::host),
          party_member("G3", party_side::guest),
          party_member("H4", party_side::host),
          party_member("HI", party_side::host, party_role::interpreter),
          party_member("GI", party_side::guest, party_role::interpreter),
          party_member("HN", party_side::host, party_role::note_taker)};
}

TEST(TalksPlanner, PrincipalsFaceEachOtherInterpreterOnTheRight) {
  const auto people = talks_people();
  auto plan = talks_planner(convention::right).plan({}, people, identity_order(people.size()));
  ASSERT_TRUE(plan) << plan.error().message;
  const chart_row* host = find_row(*plan, 1, party_side::host);
  const chart_row* guest = find_row(*plan, 1, party_side::guest);
  ASSERT_NE(host, nullptr);
  ASSERT_NE(guest, nullptr);
  // 5 seats per side, principal in the middle, interpreter on the principal's right
  // (seen from the seat). 占位不占数 with 以右为上: No.2 on the right, beyond the
  // interpreter; No.3 on the principal's left; No.4 has no right seat left and takes
  // the next on the left (DOMAIN.md: `_ 3 1 i 2` for three people).
  EXPECT_EQ(ids_in(*host, people), "H4 H3 H1 HI H2");
  EXPECT_EQ(ids_in(*guest, people), "_ G3 G1 GI G2");
  const chart_row* behind = find_row(*plan, 2, party_side::host);
  ASSERT_NE(behind, nullptr);
  EXPECT_EQ(ids_in(*behind, people), "HN");
  EXPECT_EQ(find_row(*plan, 2, party_side::guest), nullptr);
  // Host seat i faces guest seat S+1-i: the principals face each other.
  std::map<std::string, placed_seat> by_id;
  for (const auto& s : plan->seats) by_id[people[s.person].id] = s;
  EXPECT_EQ(by_id["H1"].seat_from_seat + by_id["G1"].seat_from_seat, 6);
  EXPECT_EQ(by_id["H1"].seat_from_audience, 3);  // seen from across the table
  EXPECT_EQ(by_id["HI"].seat_from_audience, 2);
}

TEST(TalksPlanner, EvenSideAndDoorNotes) {
  const auto people = talks_people();
  table_layout layout;
  layout.seats_per_side = 6;
  layout.door = door_position::end;
  auto plan = talks_planner(convention::right).plan(layout, people, identity_order(people.size()));
  ASSERT_TRUE(plan);
  EXPECT_EQ(ids_in(*find_row(*plan, 1, party_side::host), people), "_ H3 H1 HI H2 H4");
  // The guest principal faces the host principal (host seat 3 <-> guest seat 4).
  EXPECT_EQ(ids_in(*find_row(*plan, 1, party_side::guest), people), "_ _ G3 G1 GI G2");
  bool door_note = false;
  for (const auto& n : plan->notes)
    door_note = door_note || n.find("进门后客方在右侧") != std::string::npos;
  EXPECT_TRUE(door_note);
}

TEST(TalksPlanner, LeftConventionPutsNoTwoLeftFirstAndCapacityIsChecked) {
  const auto people = talks_people();
  auto plan = talks_planner(convention::left).plan({}, people, identity_order(people.size()));
  ASSERT_TRUE(plan);
  // 以左为上 with an interpreter (占位不占数): No.2 on the principal's left, No.3 beyond
  // the interpreter, No.4 left again: never two of them bunched on one side.
  EXPECT_EQ(ids_in(*find_row(*plan, 1, party_side::host), people), "H4 H2 H1 HI H3");
  table_layout small;
  small.seats_per_side = 4;
  auto over = talks_planner(convention::right).plan(small, people, identity_order(people.size()));
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, "too_many_people");
}

}  // namespace
}  // namespace huiwu::seating
