// The pure access rules: roles from links, what each role may change, and how events and
// snapshots are cut per recipient (docs/security.md).
#include "domain/access_rules.hpp"

#include <gtest/gtest.h>

#include "domain/meeting_logic.hpp"

namespace huiwu::domain {
namespace {

v1::Meeting sample() {
  v1::Meeting m;
  m.set_id("m1");
  m.set_created_by("boss");
  m.mutable_info()->set_level(v1::LEVEL_INTERNAL);
  for (auto [id, level] :
       {std::pair{"i1", v1::LEVEL_PUBLIC}, {"i2", v1::LEVEL_SECRET}, {"i3", v1::LEVEL_INTERNAL}}) {
    auto* it = m.add_agenda();
    it->set_id(id);
    it->set_level(level);
    it->set_title(std::string("title-") + id);
    it->set_minutes(std::string("minutes-") + id);
  }
  for (auto [id, account, role] : {std::tuple{"p1", "sec", v1::ROLE_SECRETARY},
                                   {"p2", "chair", v1::ROLE_CHAIR},
                                   {"p3", "part", v1::ROLE_PARTICIPANT},
                                   {"p4", "obs", v1::ROLE_OBSERVER},
                                   {"p5", "", v1::ROLE_PARTICIPANT}}) {
    auto* a = m.add_attendees();
    a->set_id(id);
    a->set_account_id(account);
    a->set_role(role);
  }
  return m;
}

viewer as(const std::string& id, v1::Level clearance = v1::LEVEL_SECRET) {
  return {id, clearance};
}

v1::Event event_of(v1::Change c, std::uint64_t version = 7) {
  v1::Event e;
  e.set_meeting_id("m1");
  e.set_version(version);
  e.set_at_ms(123);
  e.set_client_id("c");
  e.set_client_name("someone");
  *e.mutable_change() = std::move(c);
  return e;
}

TEST(AccessRules, RolesComeFromTheCreatorAndTheLinks) {
  const auto m = sample();
  EXPECT_EQ(role_in(m, "boss"), meeting_role::secretary);
  EXPECT_EQ(wire_role(m, "boss"), v1::ROLE_CONVENER);
  EXPECT_EQ(role_in(m, "sec"), meeting_role::secretary);
  EXPECT_EQ(role_in(m, "chair"), meeting_role::chair);
  EXPECT_EQ(role_in(m, "part"), meeting_role::participant);
  EXPECT_EQ(role_in(m, "obs"), meeting_role::observer);
  EXPECT_EQ(role_in(m, "stranger"), meeting_role::none);
  EXPECT_EQ(role_in(m, ""), meeting_role::none);  // an unlinked attendee is nobody's role
}

TEST(AccessRules, JoinNeedsAnInvitationAndTheClearance) {
  const auto m = sample();
  EXPECT_FALSE(check_join(m, as("part", v1::LEVEL_INTERNAL)));
  EXPECT_EQ(check_join(m, as("part", v1::LEVEL_PUBLIC))->code, v1::ERROR_FORBIDDEN);
  EXPECT_EQ(check_join(m, as("stranger"))->code, v1::ERROR_FORBIDDEN);
}

TEST(AccessRules, EachRoleMayMakeItsChangesOnly) {
  const auto m = sample();
  v1::Change add;
  add.mutable_add_item()->mutable_item()->set_title("x");
  v1::Change current;
  current.mutable_set_current()->set_item_id("i1");
  v1::Change own_check_in;
  own_check_in.mutable_check_in()->set_attendee_id("p3");
  v1::Change other_check_in;
  other_check_in.mutable_check_in()->set_attendee_id("p5");
  struct row {
    const char* who;
    const v1::Change* change;
    bool allowed;
  } rows[] = {{"boss", &add, true},
              {"sec", &add, true},
              {"chair", &add, false},
              {"part", &add, false},
              {"obs", &add, false},
              {"chair", &current, true},
              {"part", &current, false},
              {"part", &own_check_in, true},
              {"part", &other_check_in, false},
              {"obs", &own_check_in, false},
              {"chair", &other_check_in, true}};
  for (const auto& r : rows) {
    auto got = check_change(m, as(r.who), *r.change);
    EXPECT_EQ(!got.has_value(), r.allowed) << r.who << ' ' << r.change->DebugString();
    if (got) {
      EXPECT_EQ(got->code, v1::ERROR_FORBIDDEN);
    }
  }
}

TEST(AccessRules, HiddenItemsLookMissingAndLevelsStayWithinTheClearance) {
  const auto m = sample();
  v1::Change rm;
  rm.mutable_remove_item()->set_item_id("i2");
  auto r = check_change(m, as("sec", v1::LEVEL_INTERNAL), rm);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code, v1::ERROR_NOT_FOUND);
  EXPECT_EQ(r->message, "no agenda item with id 'i2'");
  EXPECT_FALSE(check_change(m, as("sec", v1::LEVEL_SECRET), rm));
  v1::Change raise;
  *raise.mutable_edit_item()->mutable_item() = m.agenda(0);
  raise.mutable_edit_item()->mutable_item()->set_level(v1::LEVEL_CONFIDENTIAL);
  EXPECT_EQ(check_change(m, as("sec", v1::LEVEL_INTERNAL), raise)->field, "item.level");
  v1::Change info;
  info.mutable_update_info()->mutable_info()->set_level(v1::LEVEL_SECRET);
  EXPECT_EQ(check_change(m, as("sec", v1::LEVEL_CONFIDENTIAL), info)->field, "info.level");
}

TEST(AccessRules, SnapshotsLeaveOutWhatIsAboveTheClearance) {
  auto m = sample();
  m.set_current_item_id("i2");
  const auto cut = redact(m, as("part", v1::LEVEL_INTERNAL));
  ASSERT_EQ(cut.agenda_size(), 2);
  EXPECT_EQ(cut.agenda(0).id(), "i1");
  EXPECT_EQ(cut.agenda(1).id(), "i3");
  EXPECT_EQ(cut.current_item_id(), "");
  EXPECT_EQ(cut.DebugString().find("i2"), std::string::npos);
  EXPECT_EQ(redact(m, as("sec")).agenda_size(), 3);
  EXPECT_EQ(highest_visible_level(m, as("part", v1::LEVEL_INTERNAL)), v1::LEVEL_INTERNAL);
  EXPECT_EQ(highest_visible_level(m, as("sec")), v1::LEVEL_SECRET);
}

TEST(AccessRules, EventsAboutHiddenItemsMoveOnlyTheVersion) {
  const auto m = sample();
  const auto before = access_of(m);
  v1::Change edit;
  edit.mutable_edit_minutes()->set_item_id("i2");
  auto r = redact_event(event_of(edit), before, m, as("part", v1::LEVEL_INTERNAL));
  ASSERT_EQ(r.how, delivery::version_only);
  EXPECT_EQ(r.event.version(), 7u);
  EXPECT_EQ(r.event.change().kind_case(), v1::Change::KIND_NOT_SET);
  EXPECT_TRUE(r.event.client_name().empty());
  EXPECT_TRUE(r.event.has_change());
  EXPECT_EQ(redact_event(event_of(edit), before, m, as("sec")).how, delivery::as_is);
  edit.mutable_edit_minutes()->set_item_id("i3");
  EXPECT_EQ(redact_event(event_of(edit), before, m, as("part", v1::LEVEL_INTERNAL)).how,
            delivery::as_is);
}

TEST(AccessRules, MovingALevelAddsOrRemovesTheItemForEachReader) {
  auto m = sample();
  const auto before = access_of(m);
  // i2 lowered from secret to internal.
  m.mutable_agenda(1)->set_level(v1::LEVEL_INTERNAL);
  v1::Change edit;
  *edit.mutable_edit_item()->mutable_item() = m.agenda(1);
  edit.mutable_edit_item()->mutable_item()->clear_minutes();
  auto r = redact_event(event_of(edit), before, m, as("part", v1::LEVEL_INTERNAL));
  ASSERT_EQ(r.how, delivery::replaced);
  ASSERT_TRUE(r.event.change().has_add_item());
  EXPECT_EQ(r.event.change().add_item().item().minutes(), "minutes-i2");  // with its record
  EXPECT_EQ(r.event.change().add_item().position(), 1);
  // ...and raised back above the reader.
  const auto lowered = access_of(m);
  m.mutable_agenda(1)->set_level(v1::LEVEL_SECRET);
  *edit.mutable_edit_item()->mutable_item() = m.agenda(1);
  r = redact_event(event_of(edit), lowered, m, as("part", v1::LEVEL_INTERNAL));
  ASSERT_EQ(r.how, delivery::replaced);
  EXPECT_EQ(r.event.change().remove_item().item_id(), "i2");
  // Readers who see it either way get the edit itself.
  EXPECT_EQ(redact_event(event_of(edit), lowered, m, as("sec")).how, delivery::as_is);
}

TEST(AccessRules, OrdersAndCurrentItemsAreCutToWhatIsVisible) {
  const auto m = sample();
  const auto before = access_of(m);
  v1::Change move;
  move.mutable_move_item()->set_item_id("i3");
  for (const char* id : {"i3", "i1", "i2"}) move.mutable_move_item()->add_resulting_order(id);
  auto r = redact_event(event_of(move), before, m, as("part", v1::LEVEL_INTERNAL));
  ASSERT_EQ(r.how, delivery::replaced);
  ASSERT_EQ(r.event.change().move_item().resulting_order_size(), 2);
  EXPECT_EQ(r.event.change().move_item().resulting_order(1), "i1");
  v1::Change current;
  current.mutable_set_current()->set_item_id("i2");
  *current.mutable_set_current()->add_touched() = m.agenda(0);
  *current.mutable_set_current()->add_touched() = m.agenda(1);
  r = redact_event(event_of(current), before, m, as("part", v1::LEVEL_INTERNAL));
  ASSERT_EQ(r.how, delivery::replaced);
  EXPECT_EQ(r.event.change().set_current().item_id(), "");
  ASSERT_EQ(r.event.change().set_current().touched_size(), 1);
  EXPECT_EQ(r.event.change().set_current().touched(0).id(), "i1");
}

TEST(AccessRules, LosingTheMeetingRevokes) {
  auto m = sample();
  const auto before = access_of(m);
  m.mutable_info()->set_level(v1::LEVEL_SECRET);
  v1::Change info;
  *info.mutable_update_info()->mutable_info() = m.info();
  EXPECT_EQ(redact_event(event_of(info), before, m, as("part", v1::LEVEL_INTERNAL)).how,
            delivery::revoke);
  m = sample();
  m.mutable_attendees(2)->clear_account_id();  // part's link removed
  v1::Change unlink;
  *unlink.mutable_edit_attendee()->mutable_attendee() = m.attendees(2);
  EXPECT_EQ(redact_event(event_of(unlink), before, m, as("part")).how, delivery::revoke);
  EXPECT_EQ(redact_event(event_of(unlink), before, m, as("sec")).how, delivery::as_is);
}

// A new item's position indexes the recipient's agenda, which lacks what it may not see.
TEST(AccessRules, ANewItemIsPlacedAmongTheItemsTheRecipientSees) {
  const auto before = sample();  // i1 public, i2 secret, i3 internal
  v1::Change add;
  add.mutable_add_item()->mutable_item()->set_id("i9");
  add.mutable_add_item()->mutable_item()->set_level(v1::LEVEL_PUBLIC);
  add.mutable_add_item()->set_position(2);  // after the secret i2: i1 i2 i9 i3
  const auto e = event_of(add);
  auto after = before;
  apply(after, e);
  const auto access = access_of(before);
  EXPECT_EQ(redact_event(e, access, after, as("sec")).how, delivery::as_is);
  const auto part = redact_event(e, access, after, as("part", v1::LEVEL_INTERNAL));
  ASSERT_EQ(part.how, delivery::replaced);
  EXPECT_EQ(part.event.change().add_item().position(), 1);  // i1 i9 i3
  EXPECT_EQ(part.event.change().add_item().item().id(), "i9");
  EXPECT_EQ(part.event.version(), e.version());
  // Applying it to what the participant holds gives what a fresh join would.
  auto copy = redact(before, as("part", v1::LEVEL_INTERNAL));
  apply(copy, part.event);
  EXPECT_EQ(copy.SerializeAsString(),
            redact(after, as("part", v1::LEVEL_INTERNAL)).SerializeAsString());
  add.mutable_add_item()->set_position(1);  // before the secret item: same index for everyone
  const auto e1 = event_of(add);
  auto after1 = before;
  apply(after1, e1);
  EXPECT_EQ(redact_event(e1, access, after1, as("part", v1::LEVEL_INTERNAL)).how, delivery::as_is);
}

TEST(AccessRules, HistoryShowsAnEventOnlyWhenItsItemsWereAndAreVisible) {
  const auto m = sample();
  v1::Change add;
  *add.mutable_add_item()->mutable_item() = m.agenda(1);
  EXPECT_FALSE(history_visible(event_of(add), m, as("part", v1::LEVEL_INTERNAL)));
  EXPECT_TRUE(history_visible(event_of(add), m, as("sec")));
  v1::Change gone;
  gone.mutable_remove_item()->set_item_id("i9");  // no longer exists: counts as secret
  EXPECT_FALSE(history_visible(event_of(gone), m, as("part", v1::LEVEL_CONFIDENTIAL)));
  EXPECT_TRUE(history_visible(event_of(gone), m, as("sec")));
  v1::Change was_secret;  // now internal, but the event carries it at secret
  *was_secret.mutable_edit_item()->mutable_item() = m.agenda(2);
  was_secret.mutable_edit_item()->mutable_item()->set_level(v1::LEVEL_SECRET);
  EXPECT_FALSE(history_visible(event_of(was_secret), m, as("part", v1::LEVEL_INTERNAL)));
}

TEST(AccessRules, LevelAndRoleChangesAreDescribedForTheAudit) {
  const auto m = sample();
  v1::Change raise;
  *raise.mutable_edit_item()->mutable_item() = m.agenda(0);
  raise.mutable_edit_item()->mutable_item()->set_level(v1::LEVEL_SECRET);
  auto d = describe_access_changes(m, raise);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].action, "level_changed");
  EXPECT_EQ(d[0].detail, "LEVEL_PUBLIC -> LEVEL_SECRET");
  v1::Change promote;
  *promote.mutable_edit_attendee()->mutable_attendee() = m.attendees(2);
  promote.mutable_edit_attendee()->mutable_attendee()->set_role(v1::ROLE_SECRETARY);
  d = describe_access_changes(m, promote);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].action, "role_changed");
  EXPECT_EQ(d[0].detail, "part as ROLE_PARTICIPANT -> part as ROLE_SECRETARY");
  v1::Change retitle;
  *retitle.mutable_edit_attendee()->mutable_attendee() = m.attendees(2);
  retitle.mutable_edit_attendee()->mutable_attendee()->set_title("处长");
  EXPECT_TRUE(describe_access_changes(m, retitle).empty());
}

}  // namespace
}  // namespace huiwu::domain
