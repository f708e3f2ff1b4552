// The unit directory (单位名录) over the real server and Redis (docs/protocol.md §14.5):
// admins create, change and remove units; every account reads them; bad input gets a
// clear error naming the field and changes nothing; every change is in the audit log;
// the directory survives a server restart.
#include <boost/json.hpp>
#include <thread>

#include "server_fixture.hpp"

namespace huiwu::test {
namespace {

namespace json = boost::json;

std::vector<std::pair<std::string, std::string>> bearer_of(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

json::object parsed_body(const http_result& r) {
  json::error_code ec;
  auto v = json::parse(r.body, ec);
  return !ec && v.is_object() ? v.as_object() : json::object{};
}

std::string unit_error_field(const http_result& r) {
  const auto o = parsed_body(r);
  const auto* e = o.if_contains("error");
  if (!e || !e->is_object()) return {};
  const auto* f = e->as_object().if_contains("field");
  return f && f->is_string() ? std::string(f->as_string()) : std::string();
}

std::string unit_error_code(const http_result& r) {
  const auto o = parsed_body(r);
  const auto* e = o.if_contains("error");
  return e && e->is_object() ? std::string(e->as_object().at("code").as_string()) : std::string();
}

class UnitsTest : public ServerTest {
 protected:
  http_result post(const std::string& path, const std::string& b) {
    return http_get(server_.port(), path, "POST", b);
  }
  json::array units() {
    auto r = http_get(server_.port(), "/api/units");
    EXPECT_EQ(r.status, 200) << r.body;
    return parsed_body(r).at("units").as_array();
  }
};

TEST_F(UnitsTest, AdminKeepsTheDirectoryAndEveryChangeIsAudited) {
  ASSERT_EQ(create_account(redis_.port(), "zhao", "password-zhao", "internal", false, "赵处长"), 0);
  auto top =
      post("/api/units",
           R"({"name":" 市住房和城乡建设局 ","short_name":"住建局","contact_accounts":["zhao"]})");
  ASSERT_EQ(top.status, 201) << top.body;
  const auto u1 = parsed_body(top).at("unit").as_object();
  const std::string id1(u1.at("id").as_string());
  EXPECT_EQ(u1.at("name").as_string(), "市住房和城乡建设局");  // trimmed
  auto sub = post("/api/units", R"({"name":"城建科","parent_id":")" + id1 + R"("})");
  ASSERT_EQ(sub.status, 201) << sub.body;
  const std::string id2(parsed_body(sub).at("unit").as_object().at("id").as_string());
  EXPECT_NE(id1, id2);

  // Every logged-in account reads the directory (the 督办 forms pick from it).
  const auto member = log_in(server_.port(), "zhao", "password-zhao");
  auto read = http_request(server_.port(), "/api/units", "GET", {}, bearer_of(member));
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(parsed_body(read).at("units").as_array().size(), 2u);
  // … but only an admin changes it.
  auto refused = http_request(server_.port(), "/api/units", "POST", R"({"name":"越权单位"})",
                              bearer_of(member));
  EXPECT_EQ(refused.status, 403);

  // Changed: the fields given, the rest kept.
  auto changed = post("/api/units/update", R"({"id":")" + id1 + R"(","short_name":"市住建局"})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(parsed_body(changed).at("unit").as_object().at("name").as_string(),
            "市住房和城乡建设局");
  EXPECT_EQ(parsed_body(changed).at("unit").as_object().at("contact_accounts").as_array().size(),
            1u);

  // Removed: not while it has a sub-unit; then the sub-unit, then it.
  auto busy = post("/api/units/delete", R"({"id":")" + id1 + R"("})");
  EXPECT_EQ(busy.status, 409) << busy.body;
  EXPECT_EQ(units().size(), 2u);
  EXPECT_EQ(post("/api/units/delete", R"({"id":")" + id2 + R"("})").status, 200);
  EXPECT_EQ(units().size(), 1u);

  // The audit log names each change, its actor and the unit.
  auto audit = http_get(server_.port(), "/api/audit?target=unit%20" + id1);
  ASSERT_EQ(audit.status, 200) << audit.body;
  std::vector<std::string> actions;
  const auto entries = parsed_body(audit).at("entries").as_array();
  for (const auto& e : entries) {
    actions.emplace_back(e.as_object().at("action").as_string());
    EXPECT_EQ(e.as_object().at("actor").as_string(), "tester");
  }
  std::sort(actions.begin(), actions.end());
  EXPECT_EQ(actions, (std::vector<std::string>{"unit_changed", "unit_created"}));
  auto gone = http_get(server_.port(), "/api/audit?action=unit_deleted");
  EXPECT_NE(gone.body.find("城建科"), std::string::npos) << gone.body;

  // The directory is in Redis: a restarted server reads it back.
  server_.stop();
  server_.start();
  const auto after = units();
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].as_object().at("short_name").as_string(), "市住建局");
}

// Two admins (here eight requests at once, in three rounds) adding the same unit: exactly
// one is created, every other is refused at the name with 409, and the directory holds it
// once. The check and the write are one Redis script (store::unit_store::save_unit).
TEST_F(UnitsTest, ConcurrentAddsOfOneNameCreateItOnce) {
  for (int round = 0; round < 3; ++round) {
    const std::string name = "并发单位" + std::to_string(round);
    std::vector<http_result> answers(8);
    std::vector<std::thread> admins;
    for (std::size_t i = 0; i < answers.size(); ++i) {
      admins.emplace_back([&, i] {
        answers[i] = http_get(server_.port(), "/api/units", "POST",
                              R"({"name":")" + name + R"(","short_name":"简)" +
                                  std::to_string(round) + "-" + std::to_string(i) + R"("})");
      });
    }
    for (auto& t : admins) t.join();
    int created = 0;
    for (const auto& a : answers) {
      if (a.status == 201) {
        ++created;
      } else {
        EXPECT_EQ(a.status, 409) << a.body;
        EXPECT_EQ(unit_error_code(a), "conflict") << a.body;
        EXPECT_EQ(unit_error_field(a), "name") << a.body;
      }
    }
    EXPECT_EQ(created, 1) << name;
    int listed = 0;
    for (const auto& u : units()) listed += u.as_object().at("name").as_string() == name;
    EXPECT_EQ(listed, 1) << name;
  }
  // The same short name at once under different names: one wins, the rest are told why.
  std::vector<http_result> answers(6);
  std::vector<std::thread> admins;
  for (std::size_t i = 0; i < answers.size(); ++i) {
    admins.emplace_back([&, i] {
      answers[i] = http_get(server_.port(), "/api/units", "POST",
                            R"({"name":"单位)" + std::to_string(i) + R"(","short_name":"同简称"})");
    });
  }
  for (auto& t : admins) t.join();
  int created = 0;
  for (const auto& a : answers) {
    if (a.status == 201) {
      ++created;
    } else {
      EXPECT_EQ(unit_error_field(a), "short_name") << a.body;
    }
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(units().size(), 4u);
}

TEST_F(UnitsTest, BadInputNamesTheFieldAndChangesNothing) {
  ASSERT_EQ(post("/api/units", R"({"name":"市财政局","short_name":"财政局"})").status, 201);
  const auto before = units();
  struct bad {
    std::string path, body;
    int status;
    std::string code, field;
  };
  for (const auto& b : std::vector<bad>{
           {"/api/units", R"({"short_name":"无名"})", 400, "invalid_field", "name"},
           {"/api/units", R"({"name":"   "})", 400, "invalid_field", "name"},
           {"/api/units", R"({"name":"市财政局"})", 409, "conflict", "name"},
           {"/api/units", R"({"name":"财政局"})", 409, "conflict", "name"},
           {"/api/units", R"({"name":"某局","short_name":"财政局"})", 409, "conflict",
            "short_name"},
           {"/api/units", R"({"name":"某科","parent_id":"u404"})", 400, "invalid_field",
            "parent_id"},
           {"/api/units", R"({"name":"某科","contact_accounts":["nobody"]})", 400, "invalid_field",
            "contact_accounts"},
           {"/api/units", R"({"name":"某科","contact_accounts":"tester"})", 400, "invalid_field",
            "contact_accounts"},
           {"/api/units", R"({"name":42})", 400, "invalid_field", "name"},
           {"/api/units", "not json", 400, "bad_request", ""},
           {"/api/units/update", R"({"id":"u404","name":"某局"})", 404, "not_found", "id"},
           {"/api/units/update", R"({"id":"u1","parent_id":"u1"})", 400, "invalid_field",
            "parent_id"},
           {"/api/units/update", R"({"id":"u1","name":""})", 400, "invalid_field", "name"},
           {"/api/units/delete", R"({"id":"u404"})", 404, "not_found", "id"},
       }) {
    auto r = post(b.path, b.body);
    EXPECT_EQ(r.status, b.status) << b.path << ' ' << b.body << ": " << r.body;
    EXPECT_EQ(unit_error_code(r), b.code) << b.body;
    EXPECT_EQ(unit_error_field(r), b.field) << b.body;
  }
  EXPECT_EQ(units(), before);
}

}  // namespace
}  // namespace huiwu::test
