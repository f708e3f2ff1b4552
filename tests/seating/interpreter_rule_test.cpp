// 占位不占数 (DOMAIN.md "Seating", talks and 会见): an interpreter takes a seat but no
// rank. Every worked example of DOMAIN.md, in both conventions, with and without an
// interpreter, on both sides of the 会谈 table, and the 会见 with interpreters on either
// side, run through the engine's public entry (POST /api/seating/preview's function).
// The interpreter is given a rank inside the members' ranks on purpose: it must not take
// a number from them.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "seating/preview.hpp"

namespace huiwu::seating {
namespace {

namespace json = boost::json;

// One side's party: members "<s>1".."<s>n" with ranks 1, 3, 4, … and, when asked, the
// interpreter "<s>i" with rank 2 (between No.1 and No.2 of the list).
std::string party(const std::string& side, int n, bool interpreter) {
  const std::string s = side.substr(0, 1);
  std::string out;
  for (int k = 1; k <= n; ++k) {
    const int rank = k == 1 ? 1 : k + 1;
    out += (out.empty() ? "" : ",") + std::string(R"({"id":")") + s + std::to_string(k) +
           R"(","name":")" + side + std::to_string(k) + R"(","rank":)" + std::to_string(rank) +
           R"(,"side":")" + side + R"("})";
  }
  if (interpreter) {
    out += R"(,{"id":")" + s + R"(i","name":"译员)" + s + R"(","rank":2,"side":")" + side +
           R"(","role":"interpreter"})";
  }
  return out;
}

// A row of the answer as the digits of DOMAIN.md's examples: the member's number on its
// side, "i" for an interpreter, "_" for a free seat.
std::string digits(const json::value& row) {
  std::string out;
  for (const auto& id : row.at("from_seat").as_array()) {
    std::string cell = "_";
    if (id.is_string()) {
      const std::string s(id.as_string());
      cell = s.substr(1);
    }
    out += (out.empty() ? "" : " ") + cell;
  }
  return out;
}

const json::value& row_of(const json::value& body, int row, const std::string& side) {
  for (const auto& r : body.at("rows").as_array()) {
    const auto* sd = r.as_object().if_contains("side");
    const std::string s = sd ? std::string(sd->as_string()) : "";
    if (r.at("row").as_int64() == row && s == side) return r;
  }
  static const json::value none;
  ADD_FAILURE() << "no row " << row << " on side '" << side << "'";
  return none;
}

json::value preview_ok(const std::string& body) {
  const auto r = preview(body);
  EXPECT_EQ(r.http_status, 200) << json::serialize(r.body);
  return r.body;
}

struct talks_case {
  const char* convention;
  int people;
  bool interpreter;
  int seats;             // 0 = automatic
  const char* expected;  // seen from that side's own seats, left to right
};

// The side under test gets the party; the other side only its principal.
json::value talks(const talks_case& c, const std::string& side) {
  const std::string other = side == "host" ? "guest" : "host";
  const std::string layout = c.seats > 0 ? R"(,"seats_per_side":)" + std::to_string(c.seats) : "";
  return preview_ok(R"({"layout":{"kind":"talks")" + layout + R"(},"convention":")" + c.convention +
                    R"(","order":"rank","people":[)" + party(side, c.people, c.interpreter) + "," +
                    party(other, 1, false) + "]}");
}

TEST(InterpreterRule, TalksWorkedExamplesOnBothSidesInBothConventions) {
  const talks_case cases[] = {
      // DOMAIN.md's worked examples.
      {"left", 3, true, 5, "_ 2 1 i 3"},
      {"left", 5, true, 7, "_ 4 2 1 i 3 5"},
      {"right", 5, true, 7, "_ 5 3 1 i 2 4"},
      // The same rule for the other sizes and the other convention.
      {"right", 3, true, 5, "_ 3 1 i 2"},
      {"left", 3, true, 0, "_ 2 1 i 3"},  // automatic: the smallest odd count, 5
      {"right", 5, true, 0, "_ 5 3 1 i 2 4"},
      {"left", 6, true, 7, "6 4 2 1 i 3 5"},
      {"right", 6, true, 7, "6 5 3 1 i 2 4"},  // the right side is full: No.6 left
      {"left", 2, true, 3, "2 1 i"},
      {"right", 2, true, 3, "2 1 i"},  // no seat beyond the interpreter: the left one
      {"left", 4, true, 9, "_ _ 4 2 1 i 3 _ _"},
      // Without an interpreter: plain alternation outward, superior side first.
      {"left", 5, false, 7, "_ 4 2 1 3 5 _"},
      {"right", 5, false, 7, "_ 5 3 1 2 4 _"},
      {"left", 3, false, 0, "2 1 3"},
      {"right", 3, false, 0, "3 1 2"},
  };
  for (const auto& c : cases) {
    for (const std::string side : {"host", "guest"}) {
      SCOPED_TRACE(std::string(c.convention) + " " + std::to_string(c.people) +
                   (c.interpreter ? "+i" : "") + " at " + std::to_string(c.seats) + ", " + side);
      const auto body = talks(c, side);
      EXPECT_EQ(digits(row_of(body, 1, side)), c.expected);
    }
  }
}

// With an even count the guest principal faces the host's: the guest side's block sits
// one seat further right (seen from its own seats) than the host side's.
TEST(InterpreterRule, TalksEvenSidesShiftTheGuestBlockToFaceTheHost) {
  const talks_case c{"left", 3, true, 6, ""};
  EXPECT_EQ(digits(row_of(talks(c, "host"), 1, "host")), "_ 2 1 i 3 _");
  EXPECT_EQ(digits(row_of(talks(c, "guest"), 1, "guest")), "_ _ 2 1 i 3");
  const talks_case r{"right", 3, true, 6, ""};
  EXPECT_EQ(digits(row_of(talks(r, "host"), 1, "host")), "_ 3 1 i 2 _");
  EXPECT_EQ(digits(row_of(talks(r, "guest"), 1, "guest")), "_ _ 3 1 i 2");
}

// Both sides with interpreters at once, and the view from across the table (a photo taken
// from the guest side shows the host side mirrored).
TEST(InterpreterRule, TalksBothSidesAtOnceAndSeenFromAcross) {
  const auto body = preview_ok(
      R"({"layout":{"kind":"talks","seats_per_side":7},"convention":"left","order":"rank","people":[)" +
      party("host", 5, true) + "," + party("guest", 5, true) + "]}");
  EXPECT_EQ(digits(row_of(body, 1, "host")), "_ 4 2 1 i 3 5");
  EXPECT_EQ(digits(row_of(body, 1, "guest")), "_ 4 2 1 i 3 5");
  std::string across;
  for (const auto& id : row_of(body, 1, "host").at("from_audience").as_array()) {
    across += (across.empty() ? "" : " ") +
              (id.is_string() ? std::string(id.as_string()).substr(1) : std::string("_"));
  }
  EXPECT_EQ(across, "5 3 i 1 2 4 _");
  // The ordered list keeps the interpreter (a seat), but the seats' numbers skip them:
  // h2 is the host side's No.2 although the interpreter's rank (2) comes before it.
  const auto& interpreters = body.at("interpreters").as_array();
  ASSERT_EQ(interpreters.size(), 2u);
  EXPECT_EQ(interpreters[0].at("id"), "hi");
  EXPECT_EQ(interpreters[0].at("principal"), "h1");
  EXPECT_EQ(interpreters[0].at("place"), "principal_right");
  EXPECT_EQ(interpreters[1].at("side"), "guest");
}

// The notes say where each interpreter sits and why, in words; no JSON field names.
TEST(InterpreterRule, NotesSayWhereEachInterpreterSitsAndWhy) {
  const auto body = preview_ok(
      R"({"layout":{"kind":"talks","seats_per_side":5},"convention":"left","order":"rank","people":[)" +
      party("host", 3, true) + "," + party("guest", 1, false) + "]}");
  std::string all;
  for (const auto& n : body.at("notes").as_array()) all += std::string(n.as_string()) + "\n";
  EXPECT_NE(all.find("主方译员译员h坐在主谈人host1右侧（主方第1排第4座）"), std::string::npos)
      << all;
  EXPECT_NE(all.find("译员占位不占数"), std::string::npos) << all;
  EXPECT_NE(all.find("2号在主谈人左侧，3号在译员外侧"), std::string::npos) << all;
  EXPECT_EQ(all.find("seat_from"), std::string::npos) << all;
}

// 会见: the interpreters sit behind their principals (row 2, nearest the centre line);
// the front row is numbered without them on both sides.
TEST(InterpreterRule, MeetingInterpretersBehindAndTakeNoNumber) {
  for (const std::string side : {"host", "guest"}) {
    SCOPED_TRACE(side);
    const std::string other = side == "host" ? "guest" : "host";
    const auto body = preview_ok(R"({"layout":{"kind":"meeting"},"order":"rank","people":[)" +
                                 party(side, 3, true) + "," + party(other, 2, true) + "]}");
    const auto front = digits(row_of(body, 1, ""));
    // Host party on the left, outward from the centre; guest party on the right.
    EXPECT_EQ(front, side == "host" ? "3 2 1 1 2" : "2 1 1 2 3");
    EXPECT_EQ(digits(row_of(body, 2, "")), "i i");
    const auto& interpreters = body.at("interpreters").as_array();
    ASSERT_EQ(interpreters.size(), 2u);
    for (const auto& is : interpreters) EXPECT_EQ(is.at("place"), "behind");
    std::string all;
    for (const auto& n : body.at("notes").as_array()) all += std::string(n.as_string()) + "\n";
    EXPECT_NE(all.find("主方译员译员h坐在第2排、主人host1身后靠中间处"), std::string::npos) << all;
    EXPECT_NE(all.find("客方译员译员g坐在第2排、主宾guest1身后靠中间处"), std::string::npos) << all;
  }
}

// No developer words in the notes of any kind of chart.
TEST(InterpreterRule, NotesOfEveryKindAreWords) {
  const std::string bodies[] = {
      R"({"layout":{"kind":"podium","rows":[5]},"convention":"left","order":"rank","people":[{"id":"a","name":"甲","rank":1}]})",
      R"({"layout":{"kind":"meeting"},"order":"rank","people":[)" + party("host", 1, true) + "," +
          party("guest", 1, false) + "]}",
      R"({"layout":{"kind":"talks"},"order":"rank","people":[)" + party("host", 1, true) + "," +
          party("guest", 1, false) + "]}",
      R"({"layout":{"kind":"audience","rows":1,"seats":3,"fill":"rows","unit_order":"stroke"},"convention":"left","order":"rank","people":[{"id":"a","name":"甲","rank":1,"unit":"一组"}]})",
  };
  for (const auto& b : bodies) {
    const auto body = preview_ok(b);
    for (const auto& n : body.at("notes").as_array()) {
      const std::string s(n.as_string());
      EXPECT_EQ(s.find("seat_from"), std::string::npos) << s;
      EXPECT_EQ(s.find("from_"), std::string::npos) << s;
      EXPECT_EQ(s.find("convention"), std::string::npos) << s;
    }
  }
}

}  // namespace
}  // namespace huiwu::seating
