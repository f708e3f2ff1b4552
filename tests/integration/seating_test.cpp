// Seating over the real server: charts are events like any other; overrides reach every
// client, pins survive re-computation and restarts, and the preview API keeps its shape.
#include <boost/json.hpp>

#include "server_fixture.hpp"

namespace huiwu::test {
namespace {

namespace json = boost::json;

std::map<std::string, std::int64_t> seats_by_id(const v1::SeatingChart& c) {
  std::map<std::string, std::int64_t> out;
  const auto result = json::parse(c.result_json());  // kept alive for the loop
  for (const auto& s : result.at("seats").as_array()) {
    out[std::string(s.at("id").as_string())] = s.at("seat_from_seat").as_int64();
  }
  return out;
}

TEST_F(ServerTest, SeatingOverridesReachEveryoneAndPinsSurviveRestarts) {
  auto secretary = client();
  auto leader = client();
  auto m = secretary->create_meeting("座次");
  secretary->join(m.id());
  leader->join(m.id());
  std::vector<std::string> people;
  for (auto [name, rank] : {std::pair{"王伟", 1}, {"李强", 2}, {"张敏", 3}}) {
    v1::Change c;
    c.mutable_add_attendee()->mutable_attendee()->set_name(name);
    c.mutable_add_attendee()->mutable_attendee()->set_rank(rank);
    auto r = secretary->command(m.id(), c);
    ASSERT_TRUE(r.has_ack()) << r.DebugString();
    auto e = leader->event(m.id(), r.ack().version());
    ASSERT_TRUE(e);
    people.push_back(e->change().add_attendee().attendee().id());
  }
  v1::Change set;
  auto* chart = set.mutable_set_chart()->mutable_chart();
  chart->set_name("主席台");
  chart->set_config_json(
      R"({"layout":{"kind":"podium","rows":[3]},"convention":"left","order":"rank"})");
  for (const auto& p : people) chart->add_members()->set_attendee_id(p);
  auto r = secretary->command(m.id(), set);
  ASSERT_TRUE(r.has_ack()) << r.DebugString();
  auto e = leader->event(m.id(), r.ack().version());
  ASSERT_TRUE(e);
  const auto computed = e->change().set_chart().chart();
  EXPECT_EQ(seats_by_id(computed)[people[0]], 2);  // No.1 in the centre of three

  v1::Change swap;
  swap.mutable_swap_seats()->set_chart_id(computed.id());
  swap.mutable_swap_seats()->set_member_a(people[0]);
  swap.mutable_swap_seats()->set_member_b(people[2]);
  r = leader->command(m.id(), swap);  // an override by one client...
  ASSERT_TRUE(r.has_ack()) << r.DebugString();
  auto swapped = secretary->event(m.id(), r.ack().version());  // ...appears at the other
  ASSERT_TRUE(swapped);
  EXPECT_EQ(seats_by_id(swapped->change().swap_seats().chart())[people[0]], 3);

  v1::Change again;
  again.mutable_recompute_chart()->set_chart_id(computed.id());
  ASSERT_TRUE(secretary->command(m.id(), again).has_ack());
  server_.kill();
  server_.start();
  auto state = client()->join(m.id()).snapshot();
  ASSERT_EQ(state.charts_size(), 1);
  EXPECT_EQ(seats_by_id(state.charts(0))[people[0]], 3);
  EXPECT_EQ(seats_by_id(state.charts(0))[people[2]], 2);
}

TEST_F(ServerTest, SeatingPreviewAnswersInTheDocumentedShape) {
  auto r = http_get(server_.port(), "/api/seating/preview", "POST",
                    R"({"layout": {"kind": "podium", "rows": [5]}, "convention": "left",
                        "even_rule": "A", "order": "rank",
                        "people": [{"id": "p1", "name": "王伟", "rank": 1},
                                   {"id": "p2", "name": "李强", "rank": 2},
                                   {"id": "p3", "name": "张敏", "rank": 3},
                                   {"id": "p4", "name": "刘洋", "rank": 4},
                                   {"id": "p5", "name": "陈静", "rank": 5}]})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto v = json::parse(r.body).as_object();
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> seat;
  for (const auto& s : v.at("seats").as_array()) {
    seat[std::string(s.at("id").as_string())] = {s.at("seat_from_seat").as_int64(),
                                                 s.at("seat_from_audience").as_int64()};
    EXPECT_EQ(s.at("row").as_int64(), 1);
  }
  // DOMAIN.md: 5 people, seen from the seat 4 2 1 3 5, from the audience 5 3 1 2 4.
  EXPECT_EQ(seat["p1"], std::make_pair(std::int64_t{3}, std::int64_t{3}));
  EXPECT_EQ(seat["p4"], std::make_pair(std::int64_t{1}, std::int64_t{5}));
  EXPECT_TRUE(v.at("warnings").is_array());

  auto too_many = http_get(server_.port(), "/api/seating/preview", "POST",
                           R"({"layout": {"kind": "podium", "rows": [1]}, "convention": "left",
                               "order": "rank", "people": [{"id": "a", "name": "甲", "rank": 1},
                                                           {"id": "b", "name": "乙", "rank": 2}]})");
  EXPECT_EQ(too_many.status, 422);
  EXPECT_EQ(http_get(server_.port(), "/api/seating/preview", "POST", "{oops").status, 400);
  EXPECT_EQ(http_get(server_.port(), "/api/seating/preview").status, 405);
}

}  // namespace
}  // namespace huiwu::test
