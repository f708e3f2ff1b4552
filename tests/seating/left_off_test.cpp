// 请假 and 会务 (DOMAIN.md "Seating", issue 13): people on leave get no seat unless the
// request includes them; staff get none on a podium unless it includes them. Both are
// listed in "left_off" with the reason, and the notes say it in words.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "seating/preview.hpp"

namespace huiwu::seating {
namespace {

namespace json = boost::json;

const std::string people_with_leave_and_staff = R"("people":[
    {"id":"a","name":"王伟","rank":1},{"id":"b","name":"李强","rank":2,"on_leave":true},
    {"id":"c","name":"张敏","rank":3},{"id":"d","name":"秘书甲","rank":4,"staff":true}])";

json::value ok(const std::string& body) {
  const auto r = preview(body);
  EXPECT_EQ(r.http_status, 200) << json::serialize(r.body);
  return r.body;
}

std::string row_ids(const json::value& body, std::size_t row = 0) {
  std::string out;
  for (const auto& id : body.at("rows").at(row).at("from_seat").as_array()) {
    out += (out.empty() ? "" : " ") + (id.is_string() ? std::string(id.as_string()) : "_");
  }
  return out;
}

std::string notes(const json::value& body) {
  std::string out;
  for (const auto& n : body.at("notes").as_array()) out += std::string(n.as_string()) + "\n";
  return out;
}

TEST(LeftOff, PodiumLeavesOffLeaveAndStaffByDefault) {
  const auto body = ok(R"({"layout":{"kind":"podium","rows":[3]},"convention":"left",)"
                       R"("order":"rank",)" +
                       people_with_leave_and_staff + "}");
  // Two people seated on three seats: 以左为上, even rule A, centred: 1 2 _ → "a c _"
  // or "_ a c"; what matters is that b and d are not there and c is No.2.
  const auto ids = row_ids(body);
  EXPECT_EQ(ids.find('b'), std::string::npos) << ids;
  EXPECT_EQ(ids.find('d'), std::string::npos) << ids;
  EXPECT_EQ(body.at("order").at("people").at(1).at("id"), "c");
  const auto& left_off = body.at("left_off").as_array();
  ASSERT_EQ(left_off.size(), 2u);
  EXPECT_EQ(left_off[0].at("id"), "b");
  EXPECT_EQ(left_off[0].at("reason"), "on_leave");
  EXPECT_EQ(left_off[1].at("id"), "d");
  EXPECT_EQ(left_off[1].at("reason"), "staff");
  EXPECT_NE(notes(body).find("请假人员不排座：李强"), std::string::npos) << notes(body);
  EXPECT_NE(notes(body).find("会务工作人员不上主席台：秘书甲"), std::string::npos);
}

TEST(LeftOff, IncludedOnRequest) {
  const auto body = ok(R"({"layout":{"kind":"podium","rows":[5]},"convention":"left",)"
                       R"("order":"rank","include_on_leave":true,"include_staff":true,)" +
                       people_with_leave_and_staff + "}");
  EXPECT_EQ(row_ids(body), "_ c a b d");  // A rule, 4 people: 3 1 2 4, the spare seat left
  EXPECT_FALSE(body.as_object().contains("left_off"));
}

TEST(LeftOff, StaffAreSeatedOffThePodiumLeaveIsNot) {
  const auto body = ok(R"({"layout":{"kind":"audience","rows":1,"seats":4,"fill":"rows",)"
                       R"("unit_order":"stroke"},"convention":"left","order":"rank","people":[
      {"id":"a","name":"王伟","rank":1,"unit":"一组"},
      {"id":"b","name":"李强","rank":2,"unit":"一组","on_leave":true},
      {"id":"d","name":"秘书甲","rank":3,"unit":"一组","staff":true}]})");
  const auto& left_off = body.at("left_off").as_array();
  ASSERT_EQ(left_off.size(), 1u);
  EXPECT_EQ(left_off[0].at("id"), "b");
  EXPECT_EQ(body.at("seats").as_array().size(), 2u);
}

// Seats are counted for the seated only: a podium full with the person on leave is not
// too small without them.
TEST(LeftOff, CapacityCountsTheSeatedOnly) {
  const auto body = ok(R"({"layout":{"kind":"podium","rows":[2]},"convention":"left",)"
                       R"("order":"rank",)" +
                       people_with_leave_and_staff + "}");
  EXPECT_EQ(body.at("seats").as_array().size(), 2u);
  const auto over = preview(R"({"layout":{"kind":"podium","rows":[2]},"convention":"left",)"
                            R"("order":"rank","include_on_leave":true,)" +
                            people_with_leave_and_staff + "}");
  EXPECT_EQ(over.http_status, 422);
}

}  // namespace
}  // namespace huiwu::seating
