// The unit directory's rules (app/unit_directory.hpp), without Redis or HTTP.
#include "app/unit_directory.hpp"

#include <gtest/gtest.h>

namespace huiwu::app {
namespace {

using store::unit;

const std::set<std::string> accounts{"wang", "li", "zhao"};

std::vector<unit> directory() {
  return {unit{"u1", "市住房和城乡建设局", "住建局", "", {"zhao"}},
          unit{"u2", "城建科", "", "u1", {}}, unit{"u3", "市财政局", "财政局", "", {}}};
}

TEST(UnitDirectory, ANewUnitIsTrimmedAndAccepted) {
  unit u{"", "  市水务局 ", " 水务局", "u1", {"wang", " li ", "wang"}};
  EXPECT_FALSE(check_unit(u, directory(), accounts));
  EXPECT_EQ(u.name, "市水务局");
  EXPECT_EQ(u.short_name, "水务局");
  EXPECT_EQ(u.contact_accounts, (std::vector<std::string>{"wang", "li"}));  // once each
}

TEST(UnitDirectory, NameIsRequiredAndBounded) {
  unit blank{"", "   ", "", "", {}};
  auto r = check_unit(blank, directory(), accounts);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->field, "name");
  unit long_name{"", "", "", "", {}};
  for (int i = 0; i < 65; ++i) long_name.name += "局";
  r = check_unit(long_name, directory(), accounts);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->field, "name");
  unit long_short{"", "某局", "一二三四五六七八九十一二三四五六七", "", {}};
  r = check_unit(long_short, directory(), accounts);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->field, "short_name");
}

TEST(UnitDirectory, NamesAndShortNamesAreUnique) {
  unit same{"", "市财政局", "", "", {}};
  auto r = check_unit(same, directory(), accounts);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 409);
  EXPECT_EQ(r->field, "name");
  unit same_short{"", "市财政局二分局", "住建局", "", {}};
  r = check_unit(same_short, directory(), accounts);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->field, "short_name");
  // A unit keeps its own name when it is changed.
  unit itself{"u3", "市财政局", "财政局", "", {"li"}};
  EXPECT_FALSE(check_unit(itself, directory(), accounts));
}

TEST(UnitDirectory, TheParentExistsAndMakesNoLoop) {
  unit orphan{"", "某科", "", "u404", {}};
  auto r = check_unit(orphan, directory(), accounts);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->field, "parent_id");
  unit self{"u1", "市住房和城乡建设局", "住建局", "u1", {}};
  r = check_unit(self, directory(), accounts);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->field, "parent_id");
  // 住建局 under its own 城建科: a loop.
  unit loop{"u1", "市住房和城乡建设局", "住建局", "u2", {}};
  r = check_unit(loop, directory(), accounts);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->field, "parent_id");
}

TEST(UnitDirectory, ContactsAreAccountsThatExist) {
  unit u{"", "市水务局", "", "", {"nobody"}};
  auto r = check_unit(u, directory(), accounts);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->field, "contact_accounts");
  EXPECT_NE(r->message.find("nobody"), std::string::npos);
}

TEST(UnitDirectory, AUnitWithSubUnitsIsNotRemoved) {
  auto r = check_unit_removal("u1", directory());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 409);
  r = check_unit_removal("u404", directory());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_FALSE(check_unit_removal("u2", directory()));
}

}  // namespace
}  // namespace huiwu::app
