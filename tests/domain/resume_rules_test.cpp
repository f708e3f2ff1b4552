// Resuming by events (domain::resume_events): whenever it answers with events, they are
// exactly what the live broadcast sent this reader (redact_event with the state just before
// and after each event), and applying them to the reader's copy gives the snapshot a fresh
// join would; when this reader's access moved, it answers "snapshot". Seeded randomized
// sequences plus named cases; the seed is printed on failure.
#include "domain/resume_rules.hpp"

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

#include "domain/meeting_logic.hpp"

namespace huiwu::domain {
namespace {

using google::protobuf::util::MessageDifferencer;

v1::Meeting resume_sample() {
  v1::Meeting m;
  m.set_id("m1");
  m.set_created_by("boss");
  m.mutable_info()->set_level(v1::LEVEL_PUBLIC);
  for (auto [id, level] : {std::pair{"i1", v1::LEVEL_PUBLIC},
                           {"i2", v1::LEVEL_SECRET},
                           {"i3", v1::LEVEL_INTERNAL},
                           {"i4", v1::LEVEL_PUBLIC}}) {
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
  m.set_next_id(10);
  return m;
}

const std::vector<viewer> viewers = {{"part", v1::LEVEL_INTERNAL},
                                     {"obs", v1::LEVEL_PUBLIC},
                                     {"chair", v1::LEVEL_CONFIDENTIAL},
                                     {"sec", v1::LEVEL_SECRET},
                                     {"boss", v1::LEVEL_SECRET}};

// A meeting and its log, applied as the room applies events: note, apply, remember.
struct history {
  std::vector<v1::Meeting> states{resume_sample()};  // states[k] = after version k
  std::vector<logged_event> log;                     // log[k] makes version k + 1

  const v1::Meeting& now() const { return states.back(); }
  void add(v1::Change c) {
    v1::Event e;
    e.set_meeting_id("m1");
    e.set_version(now().version() + 1);
    e.set_at_ms(1000 + static_cast<std::int64_t>(e.version()));
    *e.mutable_change() = std::move(c);
    auto note = note_before(now(), e);
    auto next = now();
    apply(next, e);
    states.push_back(std::move(next));
    log.push_back({std::move(e), std::move(note)});
  }
  // What the live broadcast sent `v` for version k + 1.
  redacted live(std::size_t k, const viewer& v) const {
    return redact_event(log[k].event, access_of(states[k]), states[k + 1], v);
  }
  std::optional<std::vector<v1::Event>> resume(std::size_t have, const viewer& v) const {
    std::vector<const logged_event*> gap;
    for (std::size_t k = have; k < log.size(); ++k) gap.push_back(&log[k]);
    return resume_events(gap, now(), v);
  }
};

v1::AgendaItem without_minutes(v1::AgendaItem it) {
  it.clear_minutes();
  return it;
}

// Checks the two promises for every reader and every starting version; counts in `by_events`
// the resumes answered with events (so a test can insist that some were).
void check_all(const history& h, int& by_events) {
  for (const auto& v : viewers) {
    for (std::size_t have = 0; have < h.log.size(); ++have) {
      SCOPED_TRACE("reader " + v.account_id + " from version " + std::to_string(have));
      if (!may_see_meeting(h.states[have], v)) continue;
      const auto events = h.resume(have, v);
      if (!events) continue;
      ++by_events;
      ASSERT_EQ(events->size(), h.log.size() - have);
      auto copy = redact(h.states[have], v);
      for (std::size_t k = have; k < h.log.size(); ++k) {
        const auto live = h.live(k, v);
        ASSERT_NE(live.how, delivery::revoke);
        const auto& sent = live.how == delivery::as_is ? h.log[k].event : live.event;
        EXPECT_TRUE(MessageDifferencer::Equals((*events)[k - have], sent))
            << "resumed: " << (*events)[k - have].ShortDebugString()
            << "\nlive: " << sent.ShortDebugString();
        apply(copy, (*events)[k - have]);
      }
      std::string diff;
      MessageDifferencer d;
      d.ReportDifferencesToString(&diff);
      EXPECT_TRUE(d.Compare(copy, redact(h.now(), v))) << diff;
    }
  }
}

void check_all(const history& h) {
  int ignored = 0;
  check_all(h, ignored);
}

// The live broadcast alone: a reader that stays connected through the whole history and
// applies what it was sent holds what a fresh join would give it. (The ground truth the
// resume promise is measured against.)
void check_live(const history& h) {
  for (const auto& v : viewers) {
    SCOPED_TRACE("live reader " + v.account_id);
    if (!may_see_meeting(h.states[0], v)) continue;
    auto copy = redact(h.states[0], v);
    bool revoked = false;
    // Known gap of the live cut (reported with issue 10, not fixed here): an item lowered into
    // the reader's view while it is the current item arrives as add_item, and nothing tells
    // the reader that it is current. Only then is current_item_id left out of the comparison.
    bool lowered_current = false;
    for (std::size_t k = 0; k < h.log.size() && !revoked; ++k) {
      const auto live = h.live(k, v);
      revoked = live.how == delivery::revoke;
      if (revoked) break;
      const auto& sent = live.how == delivery::as_is ? h.log[k].event : live.event;
      if (h.log[k].event.change().has_edit_item() && sent.change().has_add_item() &&
          h.states[k + 1].current_item_id() == sent.change().add_item().item().id()) {
        lowered_current = true;
      }
      apply(copy, sent);
    }
    if (revoked) continue;
    // next_id is the server's counter: a hidden add_item (version-only) does not move a
    // redacted copy's, an item lowered into view (add_item) moves it once more. Clients never
    // assign ids, so the live cut does not keep it; everything else must match.
    auto fresh = redact(h.now(), v);
    copy.clear_next_id();
    fresh.clear_next_id();
    if (lowered_current) {
      copy.clear_current_item_id();
      fresh.clear_current_item_id();
    }
    std::string diff;
    MessageDifferencer d;
    d.ReportDifferencesToString(&diff);
    EXPECT_TRUE(d.Compare(copy, fresh)) << diff;
  }
}

v1::Change edit_title(const v1::Meeting& m, int i, v1::Level level) {
  v1::Change c;
  *c.mutable_edit_item()->mutable_item() = without_minutes(m.agenda(i));
  c.mutable_edit_item()->mutable_item()->set_title(m.agenda(i).title() + "+");
  c.mutable_edit_item()->mutable_item()->set_level(level);
  return c;
}

v1::Change append_minutes(const v1::Meeting& m, int i, const std::string& text) {
  v1::Change c;
  auto* e = c.mutable_edit_minutes();
  e->set_item_id(m.agenda(i).id());
  e->set_base_version(m.version());
  if (!m.agenda(i).minutes().empty()) {
    e->mutable_op()->add_ops()->set_retain(
        static_cast<std::uint32_t>(m.agenda(i).minutes().size()));
  }
  e->mutable_op()->add_ops()->set_insert(text);
  return c;
}

TEST(ResumeRules, ContentEditsAreResumedByEventsForEveryReader) {
  history h;
  h.add(edit_title(h.now(), 0, v1::LEVEL_PUBLIC));
  h.add(edit_title(h.now(), 1, v1::LEVEL_SECRET));  // hidden below secret, same level
  h.add(append_minutes(h.now(), 1, "secret words"));
  h.add(append_minutes(h.now(), 0, "public words"));
  v1::Change c;
  c.mutable_set_item_status()->set_item_id("i3");
  c.mutable_set_item_status()->set_status(v1::ITEM_DONE);
  *c.mutable_set_item_status()->mutable_item() = without_minutes(h.now().agenda(2));
  c.mutable_set_item_status()->mutable_item()->set_status(v1::ITEM_DONE);
  h.add(c);
  c.Clear();
  c.mutable_set_current()->set_item_id("i2");
  auto touched = without_minutes(h.now().agenda(1));
  touched.set_status(v1::ITEM_ACTIVE);
  *c.mutable_set_current()->add_touched() = touched;
  h.add(c);
  c.Clear();
  c.mutable_move_item()->set_item_id("i4");
  for (auto id : {"i4", "i1", "i2", "i3"}) c.mutable_move_item()->add_resulting_order(id);
  h.add(c);
  c.Clear();
  c.mutable_add_attendee()->mutable_attendee()->set_id("p10");
  c.mutable_add_attendee()->mutable_attendee()->set_name("guest");
  h.add(c);
  c.Clear();
  c.mutable_remove_item()->set_item_id("i1");  // a visible item goes
  h.add(c);
  c.Clear();
  *c.mutable_edit_attendee()->mutable_attendee() = h.now().attendees(3);  // obs becomes chair
  c.mutable_edit_attendee()->mutable_attendee()->set_role(v1::ROLE_CHAIR);
  h.add(c);
  check_all(h);
  // Nothing moved for part from the start: events. For obs its own role changed: snapshot.
  EXPECT_TRUE(h.resume(0, viewers[0]));
  EXPECT_TRUE(h.resume(0, viewers[3]));
  EXPECT_FALSE(h.resume(0, viewers[1]));
  EXPECT_TRUE(h.resume(h.log.size(), viewers[1]));  // from after its role change: events
}

TEST(ResumeRules, ALevelCrossingTheReadersClearanceMeansASnapshotForThatReaderOnly) {
  history h;
  h.add(append_minutes(h.now(), 2, "x"));
  h.add(edit_title(h.now(), 2, v1::LEVEL_SECRET));  // i3 internal -> secret
  check_all(h);
  EXPECT_FALSE(h.resume(0, viewers[0]));  // part (internal) lost i3
  EXPECT_FALSE(h.resume(0, viewers[2]));  // chair (confidential) lost it too
  EXPECT_TRUE(h.resume(0, viewers[1]));   // obs (public) never saw it
  EXPECT_TRUE(h.resume(0, viewers[3]));   // sec sees it either way
  h.add(edit_title(h.now(), 2, v1::LEVEL_CONFIDENTIAL));
  EXPECT_FALSE(h.resume(2, viewers[2]));  // back within chair's clearance
  EXPECT_TRUE(h.resume(2, viewers[0]));   // still above part's
}

TEST(ResumeRules, LinksAndTheMeetingLevelCountOnlyForTheReaderTheyConcern) {
  history h;
  v1::Change c;
  c.mutable_add_attendee()->mutable_attendee()->set_id("p10");
  c.mutable_add_attendee()->mutable_attendee()->set_account_id("newcomer");
  h.add(c);
  c.Clear();
  c.mutable_update_info()->mutable_info()->set_level(v1::LEVEL_INTERNAL);
  h.add(c);
  check_all(h);
  EXPECT_TRUE(h.resume(0, viewers[0]));   // part: internal meeting, still cleared
  EXPECT_FALSE(h.resume(0, viewers[1]));  // obs: the meeting went above it
  EXPECT_FALSE(h.resume(0, {"newcomer", v1::LEVEL_SECRET}));
}

TEST(ResumeRules, EventsLoadedWithoutNotesAreResumedOnlyWhenTheyAreContent) {
  history h;
  h.add(append_minutes(h.now(), 0, "a"));
  h.add(edit_title(h.now(), 0, v1::LEVEL_PUBLIC));
  for (auto& l : h.log) l.note = {};  // as after a restart
  EXPECT_FALSE(h.resume(0, viewers[0]));
  EXPECT_TRUE(h.resume(1, viewers[0]) == std::nullopt);
  history g;
  g.add(append_minutes(g.now(), 0, "a"));
  for (auto& l : g.log) l.note = {};
  EXPECT_TRUE(g.resume(0, viewers[0]));
}

// Random sequences of every agenda and attendee kind, on random items and levels.
TEST(ResumeRules, RandomSequencesKeepBothPromises) {
  // HUIWU_SEED=<n> replays a failure.
  const char* fixed = std::getenv("HUIWU_SEED");
  const auto seed = fixed ? static_cast<unsigned>(std::stoul(fixed)) : std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const v1::Level levels[] = {v1::LEVEL_PUBLIC, v1::LEVEL_INTERNAL, v1::LEVEL_CONFIDENTIAL,
                              v1::LEVEL_SECRET};
  int by_events = 0;
  for (int trial = 0; trial < 300; ++trial) {
    history h;
    const int n = 1 + pick(8);
    for (int k = 0; k < n; ++k) {
      const auto& m = h.now();
      const int items = m.agenda_size();
      v1::Change c;
      switch (pick(items > 0 ? 10 : 2)) {
        case 0: {
          auto* it = c.mutable_add_item()->mutable_item();
          it->set_id("i" + std::to_string(m.next_id()));
          it->set_title("new");
          it->set_level(levels[pick(4)]);
          c.mutable_add_item()->set_position(pick(items + 1));
          break;
        }
        case 1: {
          auto* a = c.mutable_add_attendee()->mutable_attendee();
          a->set_id("p" + std::to_string(m.next_id()));
          if (pick(3) == 0) a->set_account_id("acct" + std::to_string(m.next_id()));
          break;
        }
        case 2:
          c = edit_title(m, pick(items), pick(3) ? m.agenda(pick(items)).level() : levels[pick(4)]);
          break;
        case 3:
          c = edit_title(m, pick(items), levels[pick(4)]);
          break;
        case 4:
          c = append_minutes(m, pick(items), "w");
          break;
        case 5:
          c.mutable_remove_item()->set_item_id(m.agenda(pick(items)).id());
          break;
        case 6: {
          const int i = pick(items);
          c.mutable_set_current()->set_item_id(m.agenda(i).id());
          auto t = without_minutes(m.agenda(i));
          t.set_status(v1::ITEM_ACTIVE);
          *c.mutable_set_current()->add_touched() = t;
          break;
        }
        case 7: {
          // One item to a new place, as decide() resolves it: the others keep their order.
          std::vector<std::string> order;
          for (const auto& it : m.agenda()) order.push_back(it.id());
          const auto from = pick(items);
          const auto moved = order[static_cast<std::size_t>(from)];
          order.erase(order.begin() + from);
          const auto to = pick(items);
          order.insert(order.begin() + to, moved);
          c.mutable_move_item()->set_item_id(moved);
          c.mutable_move_item()->set_position(to);
          for (const auto& id : order) c.mutable_move_item()->add_resulting_order(id);
          break;
        }
        case 8: {
          auto a = m.attendees(pick(m.attendees_size()));
          if (pick(2)) a.set_role(static_cast<v1::Role>(pick(5)));
          if (pick(4) == 0) a.set_account_id(pick(3) ? viewers[pick(5)].account_id : "");
          *c.mutable_edit_attendee()->mutable_attendee() = a;
          break;
        }
        case 9: {
          *c.mutable_update_info()->mutable_info() = m.info();
          c.mutable_update_info()->mutable_info()->set_level(levels[pick(3)]);
          break;
        }
      }
      h.add(std::move(c));
    }
    check_all(h, by_events);
    check_live(h);
    if (testing::Test::HasFailure()) {
      for (const auto& l : h.log) ADD_FAILURE() << "event " << l.event.ShortDebugString();
      return;
    }
  }
  EXPECT_GT(by_events, 300);  // the rules are not "always snapshot"
}

}  // namespace
}  // namespace huiwu::domain
