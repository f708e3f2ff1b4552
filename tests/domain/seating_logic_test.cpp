#include "domain/seating_logic.hpp"

#include <gtest/gtest.h>

#include "test_time.hpp"

#include <boost/json.hpp>

#include "domain/meeting_logic.hpp"

namespace huiwu::domain {
namespace {

namespace json = boost::json;
using test_support::t0;

class Seating : public ::testing::Test {
 protected:
  void SetUp() override {
    v1::MeetingInfo info;
    info.set_title("m");
    m = new_meeting("m1", info, t0);
    for (auto [name, rank] :
         {std::pair{"王伟", 1}, {"李强", 2}, {"张敏", 3}, {"刘洋", 4}, {"陈静", 5}}) {
      v1::Change c;
      c.mutable_add_attendee()->mutable_attendee()->set_name(name);
      c.mutable_add_attendee()->mutable_attendee()->set_rank(rank);
      EXPECT_FALSE(run(c));
    }
  }

  maybe_rejection run(const v1::Change& c) {
    v1::Event e;
    if (auto r = decide(m, c, t0, *e.mutable_change())) return r;
    e.set_version(m.version() + 1);
    apply(m, e);
    return std::nullopt;
  }

  v1::Change podium(int seats, const std::string& id = {}) {
    v1::Change c;
    auto* chart = c.mutable_set_chart()->mutable_chart();
    chart->set_id(id);
    chart->set_name("主席台");
    chart->set_config_json(R"({"layout":{"kind":"podium","rows":[)" + std::to_string(seats) +
                           R"(]},"convention":"left","order":"rank"})");
    for (const auto& a : m.attendees()) chart->add_members()->set_attendee_id(a.id());
    return c;
  }

  // name -> seat number as seen from the seat, from the chart's computed result.
  std::map<std::string, std::int64_t> seats(int chart = 0) {
    std::map<std::string, std::int64_t> out;
    auto v = json::parse(m.charts(chart).result_json());
    for (const auto& s : v.at("seats").as_array()) {
      out[std::string(s.at("name").as_string())] = s.at("seat_from_seat").as_int64();
    }
    return out;
  }

  v1::Meeting m;
};

TEST_F(Seating, ComputesThePodiumFromTheAttendees) {
  ASSERT_FALSE(run(podium(5)));
  ASSERT_EQ(m.charts_size(), 1);
  EXPECT_EQ(m.charts(0).id(), "s6");
  // DOMAIN.md, 5 people, odd rule, seen from the seat: 4 2 1 3 5.
  auto s = seats();
  EXPECT_EQ(s["王伟"], 3);
  EXPECT_EQ(s["李强"], 2);
  EXPECT_EQ(s["张敏"], 4);
  EXPECT_EQ(s["刘洋"], 1);
  EXPECT_EQ(s["陈静"], 5);
}

TEST_F(Seating, PinsSurviveRecomputationAndReportMoves) {
  ASSERT_FALSE(run(podium(7)));
  const auto chart = m.charts(0).id();
  v1::Change pin;
  pin.mutable_pin_seat()->set_chart_id(chart);
  pin.mutable_pin_seat()->set_member_id(m.attendees(4).id());  // 陈静
  pin.mutable_pin_seat()->set_row(1);
  pin.mutable_pin_seat()->set_seat(1);
  ASSERT_FALSE(run(pin));
  EXPECT_EQ(seats()["陈静"], 1);
  // Someone joins and someone is re-ranked; recomputation keeps the pin and says who moved.
  v1::Change add;
  add.mutable_add_attendee()->mutable_attendee()->set_name("赵书记");
  add.mutable_add_attendee()->mutable_attendee()->set_rank(6);
  ASSERT_FALSE(run(add));
  v1::Change join;
  *join.mutable_set_chart()->mutable_chart() = m.charts(0);
  join.mutable_set_chart()->mutable_chart()->add_members()->set_attendee_id(m.attendees(5).id());
  ASSERT_FALSE(run(join));
  v1::Change rank;
  auto* a = rank.mutable_edit_attendee()->mutable_attendee();
  *a = m.attendees(1);  // 李强, No.2, drops to No.7
  a->set_rank(7);
  ASSERT_FALSE(run(rank));
  v1::Change again;
  again.mutable_recompute_chart()->set_chart_id(chart);
  auto rr = run(again);
  ASSERT_FALSE(rr) << rr->message;
  EXPECT_EQ(seats()["陈静"], 1);
  auto result = json::parse(m.charts(0).result_json());
  EXPECT_FALSE(result.at("changes").at("moved").as_array().empty());
}

TEST_F(Seating, SwapExchangesSeatsAndPinsBoth) {
  ASSERT_FALSE(run(podium(5)));
  v1::Change swap;
  swap.mutable_swap_seats()->set_chart_id(m.charts(0).id());
  swap.mutable_swap_seats()->set_member_a(m.attendees(0).id());  // 王伟, centre
  swap.mutable_swap_seats()->set_member_b(m.attendees(4).id());  // 陈静, right end
  ASSERT_FALSE(run(swap));
  auto s = seats();
  EXPECT_EQ(s["王伟"], 5);
  EXPECT_EQ(s["陈静"], 3);
  EXPECT_EQ(m.charts(0).members(0).pin_seat(), 5);
}

TEST_F(Seating, RemovedAttendeesLeaveTheChartOnRecomputation) {
  ASSERT_FALSE(run(podium(5)));
  v1::Change rm;
  rm.mutable_remove_attendee()->set_attendee_id(m.attendees(1).id());
  ASSERT_FALSE(run(rm));
  v1::Change again;
  again.mutable_recompute_chart()->set_chart_id(m.charts(0).id());
  ASSERT_FALSE(run(again));
  EXPECT_EQ(m.charts(0).members_size(), 4);
  EXPECT_EQ(seats().count("李强"), 0u);
}

// 请假 and 会务 (issue 13): a person on leave has no seat unless the chart includes people
// on leave; a secretary is not put on the podium unless it includes staff. Both stay
// members of the chart, so the choice follows their attendance at every recomputation.
TEST_F(Seating, LeaveAndStaffAreLeftOffUnlessTheChartIncludesThem) {
  v1::Change staff;
  staff.mutable_add_attendee()->mutable_attendee()->set_name("秘书甲");
  staff.mutable_add_attendee()->mutable_attendee()->set_role(v1::ROLE_SECRETARY);
  ASSERT_FALSE(run(staff));
  v1::Change leave;
  leave.mutable_check_in()->set_attendee_id(m.attendees(1).id());  // 李强, No.2
  leave.mutable_check_in()->set_attendance(v1::ATTENDANCE_LEAVE);
  leave.mutable_check_in()->set_leave_reason("出差");
  ASSERT_FALSE(run(leave));

  ASSERT_FALSE(run(podium(5)));
  EXPECT_EQ(m.charts(0).members_size(), 6);  // everyone chosen, two set aside
  auto s = seats();
  EXPECT_EQ(s.count("李强"), 0u);
  EXPECT_EQ(s.count("秘书甲"), 0u);
  EXPECT_EQ(s["王伟"], 3);  // four people on five seats, even rule A: _ 3 1 2 4
  EXPECT_EQ(s["张敏"], 4);
  auto v = json::parse(m.charts(0).result_json());
  const auto& left_off = v.at("left_off").as_array();
  ASSERT_EQ(left_off.size(), 2u);
  EXPECT_EQ(left_off[0].at("name"), "李强");
  EXPECT_EQ(left_off[0].at("reason"), "on_leave");
  EXPECT_EQ(left_off[1].at("name"), "秘书甲");
  EXPECT_EQ(left_off[1].at("reason"), "staff");

  // Included: the choice is part of the chart's config and both are seated.
  auto with = podium(7, m.charts(0).id());
  with.mutable_set_chart()->mutable_chart()->set_config_json(
      R"({"layout":{"kind":"podium","rows":[7]},"convention":"left","order":"rank",)"
      R"("include_on_leave":true,"include_staff":true})");
  ASSERT_FALSE(run(with));
  s = seats();
  EXPECT_EQ(s["李强"], 5);  // six on seven seats, A: _ 5 3 1 2 4 6; No.2 again
  EXPECT_EQ(s.count("秘书甲"), 1u);
  EXPECT_FALSE(json::parse(m.charts(0).result_json()).as_object().contains("left_off"));

  // Back to the defaults: 李强 returns from leave and a recomputation seats him.
  ASSERT_FALSE(run(podium(5, m.charts(0).id())));
  v1::Change back;
  back.mutable_check_in()->set_attendee_id(m.attendees(1).id());
  back.mutable_check_in()->set_attendance(v1::ATTENDANCE_PRESENT);
  ASSERT_FALSE(run(back));
  v1::Change again;
  again.mutable_recompute_chart()->set_chart_id(m.charts(0).id());
  ASSERT_FALSE(run(again));
  s = seats();
  EXPECT_EQ(s["李强"], 2);  // five people on five seats: 4 2 1 3 5
  EXPECT_EQ(s.count("秘书甲"), 0u);
}

TEST_F(Seating, BadChartsAreRefusedAndChangeNothing) {
  const auto before = m.SerializeAsString();
  auto c = podium(3);  // five people, three seats
  auto r = run(c);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code, v1::ERROR_INVALID_FIELD);
  EXPECT_NE(r->message.find("seat"), std::string::npos) << r->message;
  c = podium(5);
  c.mutable_set_chart()->mutable_chart()->set_config_json("{not json");
  EXPECT_EQ(run(c)->field, "chart.config_json");
  c = podium(5);
  c.mutable_set_chart()->mutable_chart()->set_config_json(
      R"({"layout":{"kind":"podium","rows":[5]},"convention":"up","order":"rank"})");
  EXPECT_EQ(run(c)->code, v1::ERROR_INVALID_FIELD);
  c = podium(5);
  c.mutable_set_chart()->mutable_chart()->add_members()->set_attendee_id("p999");
  EXPECT_EQ(run(c)->code, v1::ERROR_NOT_FOUND);
  c = podium(5);
  *c.mutable_set_chart()->mutable_chart()->add_members() = c.set_chart().chart().members(0);
  EXPECT_EQ(run(c)->code, v1::ERROR_CONFLICT);
  c = podium(5);
  c.mutable_set_chart()->mutable_chart()->set_name("");
  EXPECT_EQ(run(c)->field, "chart.name");
  c = podium(5, "s404");
  EXPECT_EQ(run(c)->code, v1::ERROR_NOT_FOUND);
  EXPECT_EQ(m.SerializeAsString(), before);
}

TEST_F(Seating, ReservedSeatsGetIds) {
  auto c = podium(7);
  c.mutable_set_chart()->mutable_chart()->add_members()->set_label("预留");
  auto r = run(c);
  ASSERT_FALSE(r) << r->message;
  EXPECT_EQ(m.charts(0).members(5).id(), "r1");
  // A second reserved seat added later gets the next number, not a clash.
  v1::Change more;
  *more.mutable_set_chart()->mutable_chart() = m.charts(0);
  more.mutable_set_chart()->mutable_chart()->add_members()->set_label("预留");
  auto r2 = run(more);
  ASSERT_FALSE(r2) << r2->message;
  EXPECT_EQ(m.charts(0).members(6).id(), "r2");
}

TEST_F(Seating, EngineRefusalsKeepTheEngineCode) {
  auto r = run(podium(3));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->message.rfind("[", 0), 0u) << r->message;
}

}  // namespace
}  // namespace huiwu::domain
