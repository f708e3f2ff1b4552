// The one JSON writer of the HTTP API: whatever the strings hold, the text is valid JSON in
// valid UTF-8 that reads back to the same value, numbers are plain, and errors have one shape.
#include "net/http_json.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <limits>
#include <system_error>

namespace huiwu::net {
namespace {

namespace json = boost::json;

// The text must parse (Boost.JSON rejects invalid UTF-8 in strings by default).
json::value reparse(const std::string& text) {
  json::error_code ec;
  auto v = json::parse(text, ec);
  EXPECT_FALSE(ec) << ec.message() << " in " << text;
  return v;
}

TEST(HttpJson, EscapesQuotesBackslashesAndEveryControlCharacter) {
  std::string nasty = "say \"hi\" \\ back\\slash /";
  for (int c = 0; c < 0x20; ++c) nasty += static_cast<char>(c);
  nasty += '\x7f';
  const auto text = json_text(json::object{{"m", nasty}});
  for (char c : text) EXPECT_GE(static_cast<unsigned char>(c), 0x20) << text;
  EXPECT_NE(text.find(R"(say \"hi\" \\ back\\slash)"), std::string::npos) << text;
  EXPECT_NE(text.find(R"(\n)"), std::string::npos);
  EXPECT_NE(text.find(R"(\u0000)"), std::string::npos);
  EXPECT_EQ(reparse(text).at("m").as_string(), nasty);
}

TEST(HttpJson, KeepsNonAsciiTextAsIs) {
  const std::string text_in = "住建局 — 𠀋 emoji 🙂 ünï";
  const auto text = json_text(json::object{{"unit", text_in}});
  EXPECT_NE(text.find(text_in), std::string::npos) << text;  // not \u-escaped
  EXPECT_EQ(reparse(text).at("unit").as_string(), text_in);
}

TEST(HttpJson, InvalidUtf8BecomesReplacementCharacters) {
  // A stray continuation byte, a cut 3-byte sequence, an overlong '/', a surrogate, 0xFF.
  const std::string bad =
      "a\x80"
      "b\xE4\xBD"
      "c\xC0\xAF"
      "d\xED\xA0\x80"
      "e\xFF";
  const auto body = error_body("internal", "redis: " + bad,
                               "fi\xC3"
                               "eld");
  const auto v = reparse(body);
  const std::string msg(v.at("error").at("message").as_string());
  EXPECT_EQ(msg.rfind("redis: a\xEF\xBF\xBD"
                      "b",
                      0),
            0u)
      << msg;
  EXPECT_NE(msg.find("e\xEF\xBF\xBD"), std::string::npos) << msg;
  EXPECT_EQ(msg.find('\x80'), std::string::npos);
  EXPECT_EQ(msg.find('\xFF'), std::string::npos);
  EXPECT_EQ(v.at("error").at("field").as_string(),
            "fi\xEF\xBF\xBD"
            "eld");
  // A valid character right after a bad byte survives whole.
  EXPECT_EQ(reparse(json_text(json::string("\xFF住"))).as_string(), "\xEF\xBF\xBD住");
}

TEST(HttpJson, ErrorCodeMessageFromTheCLocaleReadsBack) {
  // What an ec.message() pasted into a body used to break: quotes and a newline.
  const auto m = std::make_error_code(std::errc::connection_refused).message() + " \"x\"\n";
  const auto v = reparse(error_body("storage_unavailable", m));
  EXPECT_EQ(v.at("error").at("message").as_string(), m);
}

TEST(HttpJson, NumbersArePlain) {
  EXPECT_EQ(json_text(1.0), "1");
  EXPECT_EQ(json_text(0.95), "0.95");
  EXPECT_EQ(json_text(0.0), "0");
  EXPECT_EQ(json_text(2.0 / 3.0), "0.6666666666666666");
  EXPECT_EQ(json_text(-1.5), "-1.5");
  EXPECT_EQ(json_text(std::int64_t{-42}), "-42");
  EXPECT_EQ(json_text(std::uint64_t{18446744073709551615u}), "18446744073709551615");
  EXPECT_EQ(json_text(std::numeric_limits<double>::quiet_NaN()), "null");
  EXPECT_EQ(json_text(std::numeric_limits<double>::infinity()), "null");
  // Very large and very small doubles are still JSON numbers, and read back exactly.
  for (double d : {1e21, 1e-7, 123456.789, 5e-324}) {
    const auto t = json_text(d);
    EXPECT_EQ(reparse(t).as_double(), d) << t;
  }
  EXPECT_EQ(json_text(json::object{{"rate", 1.0}, {"n", 3}, {"ok", true}, {"x", nullptr}}),
            R"({"rate":1,"n":3,"ok":true,"x":null})");
  EXPECT_EQ(json_text(json::array{1.0, 0.5, json::array{}, json::object{}}), "[1,0.5,[],{}]");
}

TEST(HttpJson, ErrorShapeHasFieldOnlyWhenThereIsOne) {
  EXPECT_EQ(error_body("not_found", "no such decision", "id"),
            R"({"error":{"code":"not_found","message":"no such decision","field":"id"}})");
  EXPECT_EQ(error_body("forbidden", "for administrators only"),
            R"({"error":{"code":"forbidden","message":"for administrators only"}})");
  const auto r = json_error(409, "conflict", "x");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.body, R"({"error":{"code":"conflict","message":"x"}})");
}

TEST(HttpJson, WebSocketErrorCodesMapOntoOneHttpVocabulary) {
  // The HTTP code is the ErrorCode's name without ERROR_, in lower case, for every code.
  const auto* d = v1::ErrorCode_descriptor();
  for (int i = 0; i < d->value_count(); ++i) {
    const auto c = static_cast<v1::ErrorCode>(d->value(i)->number());
    if (c == v1::ERROR_UNSPECIFIED) continue;
    std::string expected = d->value(i)->name().substr(6);
    for (auto& ch : expected) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    EXPECT_EQ(http_error_of(c).code, expected);
  }
  EXPECT_EQ(http_error_of(v1::ERROR_NOT_FOUND).status, 404);
  EXPECT_EQ(http_error_of(v1::ERROR_FORBIDDEN).status, 403);
  EXPECT_EQ(http_error_of(v1::ERROR_INVALID_FIELD).status, 400);
  EXPECT_EQ(http_error_of(v1::ERROR_STORAGE_UNAVAILABLE).status, 503);
  EXPECT_EQ(http_error_of(v1::ERROR_RATE_LIMITED).status, 429);
  EXPECT_EQ(http_error_of(v1::ERROR_UNSPECIFIED).status, 500);

  v1::Error e;
  e.set_code(v1::ERROR_TOO_LARGE);
  e.set_message("decision.text is longer than 500 characters");
  e.set_field("decision.text");
  const auto r = json_error(e);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, R"({"error":{"code":"too_large","message":"decision.text is longer than 500 )"
                    R"(characters","field":"decision.text"}})");
}

}  // namespace
}  // namespace huiwu::net
