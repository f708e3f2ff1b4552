// The JSON contract of POST /api/seating/preview (issue 4, docs/seating.md).
#include "seating/preview.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

namespace huiwu::seating {
namespace {

namespace json = boost::json;

struct answer {
  int status;
  json::value body;
};

answer call(const std::string& body) {
  const auto r = preview(body);
  // What the route sends is the value written out: it must read back as itself.
  EXPECT_EQ(json::parse(json::serialize(r.body)), r.body);
  return {r.http_status, r.body};
}

std::string people_json(int n, bool ranks = true) {
  std::string out = "[";
  for (int i = 1; i <= n; ++i) {
    out += (i > 1 ? "," : "") + std::string("{\"id\":\"p") + std::to_string(i) +
           "\",\"name\":\"人" + std::to_string(i) + "\"" +
           (ranks ? ",\"rank\":" + std::to_string(i) : "") + "}";
  }
  return out + "]";
}

std::string podium(const std::string& rows, int n, const std::string& convention = "left",
                   const std::string& even = "A") {
  return R"({"layout":{"kind":"podium","rows":)" + rows + R"(},"convention":")" + convention +
         R"(","even_rule":")" + even + R"(","order":"rank","people":)" + people_json(n) + "}";
}

// "p4 p2 p1 p3 p5" from a response row's id list.
std::string ids(const json::value& list) {
  std::string out;
  for (const auto& v : list.as_array()) {
    out += (out.empty() ? "" : " ") +
           (v.is_null() ? std::string("_") : json::value_to<std::string>(v));
  }
  return out;
}

std::string code_of(const answer& a) {
  return json::value_to<std::string>(a.body.at("error").at("code"));
}

TEST(Preview, ContractShapeForTheIssueExample) {
  const auto a = call(R"({"layout": {"kind": "podium", "rows": [5, 5]},
      "convention": "left", "even_rule": "A", "order": "rank",
      "people": [{"id": "p1", "name": "王伟", "rank": 1}, {"id": "p2", "name": "李娜", "rank": 2},
                 {"id": "p3", "name": "张敏", "rank": 3}]})");
  ASSERT_EQ(a.status, 200) << json::serialize(a.body);
  const auto& seats = a.body.at("seats").as_array();
  ASSERT_EQ(seats.size(), 3u);
  const auto& first = seats[0].as_object();
  EXPECT_EQ(first.at("id"), "p1");
  EXPECT_EQ(first.at("row"), 1);
  EXPECT_EQ(first.at("seat_from_seat"), 3);
  EXPECT_EQ(first.at("seat_from_audience"), 3);
  EXPECT_EQ(seats[1].at("seat_from_seat"), 2);
  EXPECT_EQ(seats[1].at("seat_from_audience"), 4);
  EXPECT_TRUE(a.body.at("warnings").is_array());
  EXPECT_EQ(a.body.at("order").at("rule"), "rank");
  EXPECT_EQ(a.body.at("order").at("label"), "按排序（职务）为序");
  EXPECT_EQ(ids(a.body.at("rows").at(0).at("from_seat")), "_ p2 p1 p3 _");
  EXPECT_EQ(ids(a.body.at("rows").at(1).at("from_seat")), "_ _ _ _ _");
}

TEST(Preview, WorkedExamples) {
  struct example {
    int n;
    const char* even;
    const char* from_seat;
    const char* from_audience;
  };
  for (const auto& e : {example{5, "A", "p4 p2 p1 p3 p5", "p5 p3 p1 p2 p4"},
                        example{7, "A", "p6 p4 p2 p1 p3 p5 p7", "p7 p5 p3 p1 p2 p4 p6"},
                        example{6, "A", "p5 p3 p1 p2 p4 p6", "p6 p4 p2 p1 p3 p5"},
                        example{6, "B", "p6 p4 p2 p1 p3 p5", "p5 p3 p1 p2 p4 p6"}}) {
    const auto a = call(podium("[" + std::to_string(e.n) + "]", e.n, "left", e.even));
    ASSERT_EQ(a.status, 200);
    EXPECT_EQ(ids(a.body.at("rows").at(0).at("from_seat")), e.from_seat);
    EXPECT_EQ(ids(a.body.at("rows").at(0).at("from_audience")), e.from_audience);
    // 以右为上 is the mirror image.
    const auto m = call(podium("[" + std::to_string(e.n) + "]", e.n, "right", e.even));
    ASSERT_EQ(m.status, 200);
    EXPECT_EQ(ids(m.body.at("rows").at(0).at("from_seat")), e.from_audience);
  }
}

TEST(Preview, SeatsArePermutationsWithMirroredViewsForOneToThirty) {
  for (int n = 1; n <= 30; ++n) {
    for (const char* even : {"A", "B"}) {
      const auto a = call(podium("[" + std::to_string(n) + "]", n, "left", even));
      ASSERT_EQ(a.status, 200);
      std::vector<int> seen(static_cast<std::size_t>(n) + 1, 0);
      for (const auto& s : a.body.at("seats").as_array()) {
        const auto seat = s.at("seat_from_seat").as_int64();
        EXPECT_EQ(s.at("seat_from_audience").as_int64(), n + 1 - seat);
        ++seen[static_cast<std::size_t>(seat)];
      }
      for (int i = 1; i <= n; ++i) EXPECT_EQ(seen[static_cast<std::size_t>(i)], 1) << n;
      const auto& one = a.body.at("seats").at(0);
      if (n % 2 == 1) {
        EXPECT_EQ(one.at("seat_from_seat"), (n + 1) / 2);
      }
    }
  }
}

TEST(Preview, NameOrdersIgnoreRankAndStateTheRule) {
  const std::string people =
      R"([{"id":"a","name":"田大利","rank":1},{"id":"b","name":"田富","rank":2},{"id":"c","name":"丁一","rank":3}])";
  auto body = [&](const char* order) {
    return std::string(R"({"layout":{"kind":"podium","rows":[3]},"convention":"left","order":")") +
           order + R"(","people":)" + people + "}";
  };
  const auto stroke = call(body("stroke"));
  ASSERT_EQ(stroke.status, 200);
  EXPECT_EQ(stroke.body.at("order").at("label"), "按姓氏笔画为序");
  const auto& list = stroke.body.at("order").at("people").as_array();
  EXPECT_EQ(list[0].at("id"), "c");
  EXPECT_EQ(list[1].at("id"), "b");  // 田富 before 田大利
  EXPECT_EQ(list[2].at("id"), "a");
  EXPECT_EQ(list[1].at("strokes"), json::parse("[5,12]"));
  EXPECT_EQ(ids(stroke.body.at("rows").at(0).at("from_seat")), "b c a");
  const auto full = call(body("stroke_full"));
  EXPECT_EQ(full.body.at("order").at("label"), "按姓名笔画为序");
  EXPECT_EQ(full.body.at("order").at("people").at(1).at("id"), "a");
  const auto pinyin = call(body("pinyin"));
  EXPECT_EQ(pinyin.body.at("order").at("label"), "按姓氏拼音为序");
  EXPECT_EQ(pinyin.body.at("order").at("people").at(0).at("pinyin"), "Dīng Yī");
}

TEST(Preview, LatinNamesAreOrderedAfterChineseWithAWarning) {
  const auto a =
      call(R"({"layout":{"kind":"podium","rows":[3]},"convention":"left","order":"pinyin",
      "people":[{"id":"x","name":"john SMITH"},{"id":"y","name":"王伟"},{"id":"z","name":"Alice"}]})");
  ASSERT_EQ(a.status, 200);
  const auto& list = a.body.at("order").at("people").as_array();
  EXPECT_EQ(list[0].at("id"), "y");
  EXPECT_EQ(list[1].at("id"), "z");
  EXPECT_EQ(list[2].at("id"), "x");
  ASSERT_EQ(a.body.at("warnings").as_array().size(), 1u);
}

TEST(Preview, PinsEmptySeatsAndChanges) {
  const auto a =
      call(R"({"layout":{"kind":"podium","rows":[5],"empty":[{"row":1,"seat_from_seat":5}]},
      "convention":"left","order":"rank",
      "people":[{"id":"p1","name":"甲","rank":1},{"id":"p2","name":"乙","rank":2},
                {"id":"p3","name":"丙","rank":3,"pin":{"row":1,"seat_from_audience":5}}],
      "previous":[{"id":"p1","row":1,"seat_from_seat":3},{"id":"p2","row":1,"seat_from_seat":2},
                  {"id":"gone","row":1,"seat_from_seat":4}]})");
  ASSERT_EQ(a.status, 200) << json::serialize(a.body);
  // 4 usable seats; No.3 pinned to seat 1 (seat 5 from the audience).
  EXPECT_EQ(ids(a.body.at("rows").at(0).at("from_seat")), "p3 p1 p2 _ _");
  EXPECT_EQ(a.body.at("rows").at(0).at("blocked"), json::parse("[5]"));
  EXPECT_EQ(a.body.at("seats").at(2).at("pinned"), true);
  const auto& c = a.body.at("changes");
  EXPECT_EQ(c.at("moved").as_array().size(), 2u);
  EXPECT_EQ(c.at("added").at(0).at("id"), "p3");
  EXPECT_EQ(c.at("removed").at(0).at("id"), "gone");
  EXPECT_EQ(c.at("unchanged"), 0);
}

TEST(Preview, MeetingTalksAndAudienceLayouts) {
  const auto meeting = call(R"({"layout":{"kind":"meeting"},"order":"rank","people":[
      {"id":"h1","name":"主人","rank":1,"side":"host"},{"id":"g1","name":"主宾","rank":2,"side":"guest"},
      {"id":"h2","name":"陪同","rank":3,"side":"host"},
      {"id":"t","name":"译员","rank":4,"side":"host","role":"interpreter"}]})");
  ASSERT_EQ(meeting.status, 200) << json::serialize(meeting.body);
  EXPECT_EQ(ids(meeting.body.at("rows").at(0).at("from_seat")), "h2 h1 g1");
  EXPECT_EQ(meeting.body.at("seats").at(2).at("role"), "interpreter");  // host side listed first

  const auto talks = call(R"({"layout":{"kind":"talks","door":"end"},"order":"rank","people":[
      {"id":"h1","name":"甲","rank":1,"side":"host"},{"id":"g1","name":"乙","rank":2,"side":"guest"},
      {"id":"h2","name":"丙","rank":3,"side":"host"},
      {"id":"ht","name":"丁","rank":4,"side":"host","role":"interpreter"}]})");
  ASSERT_EQ(talks.status, 200) << json::serialize(talks.body);
  EXPECT_EQ(talks.body.at("rows").at(0).at("side"), "host");
  EXPECT_EQ(ids(talks.body.at("rows").at(0).at("from_seat")), "h2 h1 ht");
  EXPECT_EQ(ids(talks.body.at("rows").at(1).at("from_seat")), "_ g1 _");

  const auto audience = call(R"({"layout":{"kind":"audience","rows":1,"seats":4,"fill":"rows",
      "units":[{"name":"二组","rank":2},{"name":"一组","rank":1}]},
      "convention":"left","order":"rank","people":[
      {"id":"a","name":"甲","rank":1,"unit":"二组"},{"id":"b","name":"乙","rank":2,"unit":"一组"},
      {"id":"c","name":"丙","rank":3,"unit":"一组"}]})");
  ASSERT_EQ(audience.status, 200) << json::serialize(audience.body);
  // Podium view: 一组 (rank 1) from the superior (podium-left) end, then 二组.
  EXPECT_EQ(ids(audience.body.at("rows").at(0).at("from_podium")), "b c a _");
  EXPECT_EQ(ids(audience.body.at("rows").at(0).at("from_seat")), "_ a c b");
  EXPECT_EQ(audience.body.at("units").at("list").at(0).at("name"), "一组");
  EXPECT_EQ(audience.body.at("seats").at(0).at("seat_from_podium"), 3);
}

TEST(Preview, ReservedSeatsAndSurnameHints) {
  const auto a = call(R"({"layout":{"kind":"podium","rows":[3]},"convention":"left","order":"rank",
      "people":[{"id":"r","reserved":true,"rank":2},{"id":"a","name":"甲","rank":1},
                {"id":"b","name":"乙","rank":3}]})");
  ASSERT_EQ(a.status, 200) << json::serialize(a.body);
  EXPECT_EQ(ids(a.body.at("rows").at(0).at("from_seat")), "r a b");
  EXPECT_EQ(a.body.at("seats").at(1).at("reserved"), true);

  // Under a name order an unnamed reserved seat has nothing to collate: last, warned.
  const auto s =
      call(R"({"layout":{"kind":"podium","rows":[3]},"convention":"left","order":"stroke",
      "people":[{"id":"r","reserved":true},{"id":"a","name":"王五"},{"id":"b","name":"丁一"}]})");
  ASSERT_EQ(s.status, 200);
  EXPECT_EQ(s.body.at("order").at("people").at(2).at("id"), "r");
  EXPECT_EQ(s.body.at("warnings").as_array().size(), 1u);

  // "surname" says which prefix is the surname: 欧|阳明 has a two-character given name,
  // so no blank, and 明 (8) loses to 大 (3).
  auto body = [](const char* hint) {
    return std::string(
               R"({"layout":{"kind":"podium","rows":[2]},"convention":"left","order":"stroke",
        "people":[{"id":"x","name":"欧阳明")") +
           hint + R"(},{"id":"y","name":"欧阳大利"}]})";
  };
  EXPECT_EQ(call(body("")).body.at("order").at("people").at(0).at("id"), "x");
  EXPECT_EQ(call(body(R"(,"surname":"欧")")).body.at("order").at("people").at(0).at("id"), "y");
  const auto wrong = call(body(R"(,"surname":"王")"));
  EXPECT_EQ(wrong.status, 422);
  EXPECT_EQ(code_of(wrong), "invalid_surname");
}

TEST(Preview, TableSidesKeepTheirOwnRankLists) {
  const auto a = call(R"({"layout":{"kind":"talks","seats_per_side":5},"order":"rank","people":[
      {"id":"g1","name":"Smith","rank":1,"side":"guest"},{"id":"h1","name":"王部长","rank":1,"side":"host"},
      {"id":"h2","name":"李司长","rank":2,"side":"host"},{"id":"g2","name":"Brown","rank":2,"side":"guest"},
      {"id":"ht","name":"赵译员","rank":3,"side":"host","role":"interpreter"}]})");
  ASSERT_EQ(a.status, 200) << json::serialize(a.body);
  const auto& list = a.body.at("order").at("people").as_array();
  EXPECT_EQ(list[0].at("id"), "h1");  // the host side's list first, then the guest side's
  EXPECT_EQ(list[3].at("id"), "g1");
  // 以右为上 with the interpreter at the principal's right: No.2 beyond the interpreter.
  EXPECT_EQ(ids(a.body.at("rows").at(0).at("from_seat")), "_ _ h1 ht h2");
  // No interpreter on the guest side: No.2 takes the principal's right (以右为上).
  EXPECT_EQ(ids(a.body.at("rows").at(1).at("from_seat")), "_ _ g1 g2 _");
  // Within one side a rank is still used once.
  const auto dup = call(R"({"layout":{"kind":"meeting"},"order":"rank","people":[
      {"id":"h1","name":"甲","rank":1,"side":"host"},{"id":"h2","name":"乙","rank":1,"side":"host"},
      {"id":"g1","name":"丙","rank":1,"side":"guest"}]})");
  EXPECT_EQ(dup.status, 422);
  EXPECT_EQ(code_of(dup), "duplicate_rank");
}

TEST(Preview, MoreNamesThanSeatsIs422) {
  const auto a = call(podium("[2, 2]", 5));
  EXPECT_EQ(a.status, 422);
  EXPECT_EQ(code_of(a), "too_many_people");
  EXPECT_FALSE(json::value_to<std::string>(a.body.at("error").at("message")).empty());
}

TEST(Preview, BadRequests) {
  struct bad {
    std::string body;
    int status;
    const char* code;
  };
  const std::string ok_layout = R"("layout":{"kind":"podium","rows":[5]})";
  const std::vector<bad> cases = {
      {"{not json", 400, "invalid_json"},
      {"[1,2]", 400, "invalid_request"},
      {R"({"layout":{"kind":"circle","rows":[5]},"convention":"left","order":"rank","people":[]})",
       400, "invalid_request"},
      {"{" + ok_layout + R"(,"convention":"up","order":"rank","people":[]})", 400,
       "invalid_request"},
      {"{" + ok_layout + R"(,"convention":"left","order":"height","people":[]})", 400,
       "invalid_request"},
      {"{" + ok_layout + R"(,"convention":"left","even_rule":"C","order":"rank","people":[]})", 400,
       "invalid_request"},
      {"{" + ok_layout + R"(,"order":"rank","people":[]})", 400, "invalid_request"},
      {"{" + ok_layout + R"(,"convention":"left","order":"rank","people":[],"colour":1})", 400,
       "invalid_request"},
      {"{" + ok_layout +
           R"(,"convention":"left","order":"rank","people":[],"include_staff":"yes"})",
       400, "invalid_request"},
      {"{" + ok_layout +
           R"(,"convention":"left","order":"rank","people":[{"id":"a","name":"甲","rank":1,"on_leave":1}]})",
       400, "invalid_request"},
      {"{" + ok_layout +
           R"(,"convention":"left","order":"rank","people":[{"id":"a","name":"甲","rank":"1"}]})",
       400, "invalid_request"},
      {"{" + ok_layout +
           R"(,"convention":"left","order":"rank","people":[{"id":"a","name":"  ","rank":1}]})",
       422, "empty_name"},
      {"{" + ok_layout + R"(,"convention":"left","order":"rank","people":[{"id":"a","rank":1}]})",
       422, "empty_name"},
      {"{" + ok_layout +
           R"(,"convention":"left","order":"rank","people":[{"id":"a","name":"甲","rank":1},{"id":"a","name":"乙","rank":2}]})",
       422, "duplicate_id"},
      {"{" + ok_layout +
           R"(,"convention":"left","order":"rank","people":[{"id":"a","name":"甲","rank":1,"pin":{"row":1,"seat_from_seat":2}},{"id":"b","name":"乙","rank":2,"pin":{"row":1,"seat_from_audience":4}}]})",
       422, "duplicate_pin"},
      {"{" + ok_layout +
           R"(,"convention":"left","order":"rank","people":[{"id":"a","name":"甲","rank":1,"pin":{"row":3,"seat_from_seat":2}}]})",
       422, "invalid_pin"},
      {"{" + ok_layout +
           R"(,"convention":"left","order":"rank","people":[{"id":"a","name":"甲"}]})",
       422, "missing_rank"},
      {"{" + ok_layout +
           R"(,"convention":"left","order":"rank","people":[{"id":"a","name":"甲","rank":1},{"id":"b","name":"乙","rank":1}]})",
       422, "duplicate_rank"},
      {R"({"layout":{"kind":"podium","rows":[100000]},"convention":"left","order":"rank","people":[]})",
       422, "limit_exceeded"},
      {R"({"layout":{"kind":"podium","rows":[]},"convention":"left","order":"rank","people":[]})",
       422, "limit_exceeded"},
      {R"({"layout":{"kind":"podium","rows":[0]},"convention":"left","order":"rank","people":[]})",
       422, "limit_exceeded"},
      {R"({"layout":{"kind":"meeting"},"order":"rank","people":[{"id":"a","name":"甲","rank":1}]})",
       422, "missing_side"},
      {R"({"layout":{"kind":"audience","rows":2,"seats":3,"fill":"rows","unit_order":"stroke"},"convention":"left","order":"rank","people":[{"id":"a","name":"甲","rank":1}]})",
       422, "missing_unit"},
      {R"({"layout":{"kind":"audience","rows":2,"seats":3,"fill":"rows","units":[{"name":"一","rank":1}]},"convention":"left","order":"rank","people":[{"id":"a","name":"甲","rank":1,"unit":"二"}]})",
       422, "unknown_unit"},
  };
  for (const auto& c : cases) {
    const auto a = call(c.body);
    EXPECT_EQ(a.status, c.status) << c.body << "\n" << json::serialize(a.body);
    ASSERT_TRUE(a.body.is_object() && a.body.as_object().contains("error")) << c.body;
    EXPECT_EQ(code_of(a), c.code) << c.body << "\n" << json::serialize(a.body);
    EXPECT_FALSE(json::value_to<std::string>(a.body.at("error").at("message")).empty());
  }
}

TEST(Preview, AbsurdSizesAreRefused) {
  const auto many = call(podium("[200]", 2001));
  EXPECT_EQ(many.status, 422);
  EXPECT_EQ(code_of(many), "limit_exceeded");
  const auto big = call(std::string(2 << 20, ' '));
  EXPECT_EQ(big.status, 413);
  const auto deep = call(std::string(100, '[') + std::string(100, ']'));
  EXPECT_EQ(deep.status, 400);
  const auto invalid_utf8 = call(
      std::string(
          R"({"layout":{"kind":"podium","rows":[1]},"convention":"left","order":"stroke","people":[{"id":"a","name":")") +
      "\xff\xfe" + "\"}]}");
  EXPECT_EQ(invalid_utf8.status, 400);
}

}  // namespace
}  // namespace huiwu::seating
