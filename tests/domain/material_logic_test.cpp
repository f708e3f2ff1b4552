// Materials in the meeting (protocol.md §6.5, decision 0027): what add_material and
// remove_material decide, what they refuse (changing nothing), who may send them, and what a
// reader below the item's level receives.
#include "domain/material_logic.hpp"

#include <gtest/gtest.h>

#include "domain/access_rules.hpp"
#include "domain/meeting_logic.hpp"
#include "test_time.hpp"

namespace huiwu::domain {
namespace material_tests {  // named: unity builds merge the test files

using test_support::t0;
const std::string sha(64, 'a');

v1::Meeting sample() {
  v1::MeetingInfo info;
  info.set_title("局长办公会议");
  auto m = new_meeting("m1", info, t0);
  m.set_created_by("boss");
  m.set_next_id(2);
  for (auto [id, level] : {std::pair{"i1", v1::LEVEL_INTERNAL}, {"i2", v1::LEVEL_SECRET}}) {
    auto* it = m.add_agenda();
    it->set_id(id);
    it->set_title(std::string("议题") + id);
    it->set_level(level);
  }
  auto* a = m.add_attendees();
  a->set_id("p1");
  a->set_account_id("part");
  a->set_role(v1::ROLE_PARTICIPANT);
  return m;
}

v1::Change add(const std::string& item, const std::string& material = {},
               const std::string& title = "汇报提纲") {
  v1::Change c;
  auto* a = c.mutable_add_material();
  a->set_item_id(item);
  a->set_material_id(material);
  a->set_title(title);
  auto* v = a->mutable_version();
  v->set_sha256(sha);
  v->set_size(1234);
  v->set_type("pdf");
  v->set_file_name("汇报提纲.pdf");
  v->set_by_name("王秘书");
  return c;
}

// Decides and applies as the room would; the rejection when refused (state unchanged).
maybe_rejection run(v1::Meeting& m, const v1::Change& in, std::int64_t at = t0) {
  v1::Event e;
  if (auto r = decide(m, in, at, *e.mutable_change(), {}, "boss")) return r;
  e.set_version(m.version() + 1);
  apply(m, e);
  return std::nullopt;
}

TEST(MaterialLogic, UploadsBecomeVersionedMaterialsWithWhoAndWhen) {
  auto m = sample();
  ASSERT_FALSE(run(m, add("i1")));
  const auto& x = m.agenda(0).materials(0);
  EXPECT_EQ(x.id(), "f3");
  EXPECT_EQ(x.title(), "汇报提纲");
  ASSERT_EQ(x.versions_size(), 1);
  EXPECT_EQ(x.versions(0).version(), 1u);
  EXPECT_EQ(x.versions(0).by(), "boss");
  EXPECT_EQ(x.versions(0).at_ms(), t0);
  auto v2 = add("i1", "f3", "");
  v2.mutable_add_material()->mutable_version()->set_sha256(std::string(64, 'b'));
  ASSERT_FALSE(run(m, v2, t0 + 1000));
  const auto& y = m.agenda(0).materials(0);
  EXPECT_EQ(m.agenda(0).materials_size(), 1);
  EXPECT_EQ(y.title(), "汇报提纲");  // kept
  ASSERT_EQ(y.versions_size(), 2);
  EXPECT_EQ(y.versions(0).sha256(), sha);
  EXPECT_EQ(y.versions(1).version(), 2u);
  EXPECT_EQ(y.versions(1).at_ms(), t0 + 1000);

  v1::Change rm;
  rm.mutable_remove_material()->set_item_id("i1");
  rm.mutable_remove_material()->set_material_id("f3");
  ASSERT_FALSE(run(m, rm));
  EXPECT_TRUE(m.agenda(0).materials(0).removed());
  EXPECT_EQ(m.agenda(0).materials(0).versions_size(), 2);  // history kept
  EXPECT_EQ(run(m, rm)->code, v1::ERROR_NOT_FOUND);
  EXPECT_EQ(run(m, add("i1", "f3"))->code, v1::ERROR_NOT_FOUND);  // no new version of it
}

TEST(MaterialLogic, BadUploadsAreRefusedAndChangeNothing) {
  auto m = sample();
  const auto before = m.SerializeAsString();
  EXPECT_EQ(run(m, add("i9"))->field, "item_id");
  EXPECT_EQ(run(m, add("i1", "f99"))->field, "material_id");
  EXPECT_EQ(run(m, add("i1", "", ""))->field, "title");
  auto bad = add("i1");
  bad.mutable_add_material()->mutable_version()->set_type("exe");
  EXPECT_EQ(run(m, bad)->field, "version.type");
  bad = add("i1");
  bad.mutable_add_material()->mutable_version()->set_sha256("../../etc/passwd");
  EXPECT_EQ(run(m, bad)->field, "version.sha256");
  bad = add("i1");
  bad.mutable_add_material()->mutable_version()->set_size(0);
  EXPECT_EQ(run(m, bad)->field, "version.size");
  EXPECT_EQ(m.SerializeAsString(), before);
  for (int i = 0; i < max_materials_per_item; ++i) ASSERT_FALSE(run(m, add("i1")));
  EXPECT_EQ(run(m, add("i1"))->code, v1::ERROR_TOO_LARGE);
}

TEST(MaterialLogic, EditsAndClientItemsNeverCarryOrDropMaterials) {
  auto m = sample();
  ASSERT_FALSE(run(m, add("i1")));
  v1::Change edit;
  *edit.mutable_edit_item()->mutable_item() = m.agenda(0);
  edit.mutable_edit_item()->mutable_item()->set_title("新标题");
  edit.mutable_edit_item()->mutable_item()->clear_materials();
  ASSERT_FALSE(run(m, edit));
  EXPECT_EQ(m.agenda(0).materials_size(), 1);  // an edit keeps them
  v1::Change item;
  item.mutable_add_item()->mutable_item()->set_title("新议题");
  *item.mutable_add_item()->mutable_item()->add_materials() = m.agenda(0).materials(0);
  ASSERT_FALSE(run(m, item));
  EXPECT_EQ(m.agenda(2).materials_size(), 0);  // a client cannot smuggle one in
}

TEST(MaterialAccess, OnlySecretariesSendThemAndHiddenItemsStayHidden) {
  auto m = sample();
  const viewer part{"part", v1::LEVEL_SECRET}, low{"part", v1::LEVEL_INTERNAL};
  const viewer boss_low{"boss", v1::LEVEL_INTERNAL};
  EXPECT_EQ(check_change(m, part, add("i1"))->code, v1::ERROR_FORBIDDEN);
  EXPECT_FALSE(check_change(m, {"boss", v1::LEVEL_SECRET}, add("i2")));
  EXPECT_EQ(check_change(m, boss_low, add("i2"))->code, v1::ERROR_NOT_FOUND);

  const auto access = access_of(m);
  ASSERT_FALSE(run(m, add("i2")));
  v1::Event e;
  e.set_version(m.version());
  *e.mutable_change() = add("i2");
  EXPECT_EQ(redact_event(e, access, m, low).how, delivery::version_only);
  EXPECT_EQ(redact_event(e, access, m, part).how, delivery::as_is);
  EXPECT_FALSE(history_visible(e, m, low));
  EXPECT_EQ(redact(m, low).agenda_size(), 1);  // the secret item, with its material, is absent
}

v1::Change flag(const std::string& item, const std::string& material, bool on) {
  v1::Change c;
  auto* f = c.mutable_set_material_view_only();
  f->set_item_id(item);
  f->set_material_id(material);
  f->set_view_only(on);
  return c;
}

TEST(MaterialViewOnly, SecretItemsAlwaysAndFlaggedOnesOnlyForFilesTheBrowserShows) {
  auto m = sample();
  ASSERT_FALSE(run(m, add("i1")));  // f3, a PDF of an internal item
  ASSERT_FALSE(run(m, add("i2")));  // f4, a PDF of a secret item
  EXPECT_FALSE(view_only(m.agenda(0), m.agenda(0).materials(0)));
  EXPECT_TRUE(view_only(m.agenda(1), m.agenda(1).materials(0)));  // 机密: always

  ASSERT_FALSE(run(m, flag("i1", "f3", true)));
  EXPECT_TRUE(m.agenda(0).materials(0).view_only());
  EXPECT_TRUE(view_only(m.agenda(0), m.agenda(0).materials(0)));
  auto docx = add("i1", "f3", "");
  docx.mutable_add_material()->mutable_version()->set_type("docx");
  const auto before = m.SerializeAsString();
  // A view-only material stays one the browser can show: no Word version for it.
  EXPECT_EQ(run(m, docx)->code, v1::ERROR_UNSUPPORTED_TYPE);
  auto secret_docx = add("i2");
  secret_docx.mutable_add_material()->mutable_version()->set_type("docx");
  EXPECT_EQ(run(m, secret_docx)->field, "file");
  // The secret item's materials cannot be lifted; an unknown material is not found.
  EXPECT_EQ(run(m, flag("i2", "f4", false))->field, "view_only");
  EXPECT_EQ(run(m, flag("i1", "f99", true))->code, v1::ERROR_NOT_FOUND);
  EXPECT_EQ(m.SerializeAsString(), before);
  ASSERT_FALSE(run(m, flag("i1", "f3", false)));                  // lifted
  ASSERT_FALSE(run(m, docx));                                     // and now a Word version is fine
  EXPECT_EQ(run(m, flag("i1", "f3", true))->field, "view_only");  // a .docx cannot be shown
  // Asked for at upload (the route passes it in the input material).
  auto asked = add("i1");
  asked.mutable_add_material()->mutable_material()->set_view_only(true);
  ASSERT_FALSE(run(m, asked));
  EXPECT_TRUE(m.agenda(0).materials(1).view_only());

  const viewer part{"part", v1::LEVEL_SECRET};
  EXPECT_EQ(check_change(m, part, flag("i1", "f3", true))->code, v1::ERROR_FORBIDDEN);
  EXPECT_EQ(check_change(m, {"boss", v1::LEVEL_INTERNAL}, flag("i2", "f4", true))->code,
            v1::ERROR_NOT_FOUND);  // above the sender's clearance: as if missing
}

}  // namespace material_tests
}  // namespace huiwu::domain
