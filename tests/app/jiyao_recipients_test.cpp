// 印发's recipients and 分送 entries resolved against the accounts and the unit directory
// (service/app/jiyao_recipients.hpp, docs/protocol.md §6.7): accounts kept, units' ids
// become their contact accounts, "u<n>" 分送 entries the directory's names, typed lines
// stay; an id that is not there is refused at its field and the action is left as sent.
#include <gtest/gtest.h>

#include "app/jiyao_recipients.hpp"

namespace huiwu::app {
namespace {

std::vector<auth::account> known_accounts() {
  auth::account zhou, qian;
  zhou.id = "zhou";
  zhou.name = "周局长";
  qian.id = "qian";
  qian.name = "钱处长";
  return {zhou, qian};
}

std::vector<store::unit> directory_units() {
  store::unit u1;
  u1.id = "u1";
  u1.name = "市住房和城乡建设局";
  u1.short_name = "住建局";
  u1.contact_accounts = {"zhou", "wu"};
  return {u1};
}

v1::JiyaoAction issue_to(std::vector<std::string> to, std::vector<std::string> lines) {
  v1::JiyaoAction a;
  a.set_step(v1::JIYAO_ISSUE);
  for (auto& t : to) a.add_recipients(t);
  for (auto& l : lines) a.add_distribution(l);
  return a;
}

TEST(JiyaoRecipients, AccountsUnitsAndLinesAreResolved) {
  auto a = issue_to({"qian", "u1", "zhou"}, {"各区县人民政府", "u1"});
  ASSERT_FALSE(resolve_issue(a, known_accounts(), directory_units()));
  EXPECT_EQ(std::vector<std::string>(a.recipients().begin(), a.recipients().end()),
            (std::vector<std::string>{"qian", "zhou", "wu"}));
  EXPECT_EQ(std::vector<std::string>(a.distribution().begin(), a.distribution().end()),
            (std::vector<std::string>{"各区县人民政府", "市住房和城乡建设局"}));
}

TEST(JiyaoRecipients, UnknownIdsAreRefusedAtTheirFieldAndChangeNothing) {
  auto a = issue_to({"qian", "ghost"}, {"u1"});
  const auto before = a.SerializeAsString();
  auto r = resolve_issue(a, known_accounts(), directory_units());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code, v1::ERROR_INVALID_FIELD);
  EXPECT_EQ(r->field, "recipients");
  EXPECT_NE(r->message.find("ghost"), std::string::npos);
  EXPECT_EQ(a.SerializeAsString(), before);

  a = issue_to({"qian"}, {"各街道", "u9"});
  r = resolve_issue(a, known_accounts(), directory_units());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->field, "distribution");
  EXPECT_NE(r->message.find("u9"), std::string::npos);
  EXPECT_EQ(a.distribution(1), "u9");
}

TEST(JiyaoRecipients, OnlyUAndDigitsNameAUnit) {
  for (const char* unit : {"u1", "u12", "u999999"}) EXPECT_TRUE(names_a_unit(unit)) << unit;
  for (const char* line : {"u", "U1", "u1a", "各区县人民政府", "user1", " u1", ""}) {
    EXPECT_FALSE(names_a_unit(line)) << line;
  }
}

}  // namespace
}  // namespace huiwu::app
