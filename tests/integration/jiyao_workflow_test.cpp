// The 纪要 workflow through the real server (docs/protocol.md §6.7, decision 0025): created
// only after the end, co-edited section by section, returned with a comment, fixed, signed
// off, issued under the office's number, downloaded as each reader may see it; and issue
// numbers gapless and unique when two instances on one Redis issue at once.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "server_fixture.hpp"

namespace huiwu::test {
namespace {

std::uint32_t code_points(const std::string& s) {
  std::uint32_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

v1::Change step(v1::JiyaoStepKind k) {
  v1::Change c;
  c.mutable_jiyao_action()->set_step(k);
  return c;
}

v1::Change insert_at(const std::string& section, std::uint64_t base, std::uint32_t at,
                     std::uint32_t length, const std::string& text) {
  v1::Change c;
  auto* e = c.mutable_edit_minutes();
  e->set_item_id(section);
  e->set_base_version(base);
  if (at > 0) e->mutable_op()->add_ops()->set_retain(at);
  e->mutable_op()->add_ops()->set_insert(text);
  if (length > at) e->mutable_op()->add_ops()->set_retain(length - at);
  return c;
}

class JiyaoWorkflowTest : public ServerTest {
 protected:
  void SetUp() override {
    for (auto [id, clearance, name] : {std::tuple{"sec", "secret", "王秘书"},
                                       {"sec2", "secret", "赵秘书"},
                                       {"chair", "secret", "李市长"},
                                       {"low", "internal", "张科长"}}) {
      ASSERT_EQ(
          create_account(redis_.port(), id, std::string("password-") + id, clearance, false, name),
          0);
      tokens_[id] = log_in(server_.port(), id, std::string("password-") + id);
      ASSERT_FALSE(tokens_[id].empty()) << id;
      ws_[id] = std::make_unique<ws_client>(server_.port(), std::string("c-") + id, tokens_[id]);
    }
  }

  ws_client& as(const std::string& id) { return *ws_.at(id); }

  // A meeting by sec (its convener) with chair, sec2 and low, a public item and a
  // confidential one; ended unless `end` is false.
  std::string meeting(bool end = true) {
    auto& sec = as("sec");
    const auto id = sec.create_meeting("局长办公会议").id();
    sec.join(id);
    for (auto [account, name, role] : {std::tuple{"chair", "李市长", v1::ROLE_CHAIR},
                                       {"sec2", "赵秘书", v1::ROLE_SECRETARY},
                                       {"low", "张科长", v1::ROLE_PARTICIPANT}}) {
      v1::Change c;
      auto* a = c.mutable_add_attendee()->mutable_attendee();
      a->set_name(name);
      a->set_account_id(account);
      a->set_role(role);
      EXPECT_TRUE(sec.command(id, c).has_ack());
    }
    EXPECT_TRUE(sec.command(id, add_item_change("审议《办公用房管理办法》", 30)).has_ack());
    auto secret = add_item_change("研究干部人事安排", 10);
    secret.mutable_add_item()->mutable_item()->set_level(v1::LEVEL_CONFIDENTIAL);
    EXPECT_TRUE(sec.command(id, secret).has_ack());
    if (end) {
      v1::Change c;
      c.mutable_start_meeting();
      EXPECT_TRUE(sec.command(id, c).has_ack());
      c.Clear();
      c.mutable_end_meeting();
      EXPECT_TRUE(sec.command(id, c).has_ack());
    }
    return id;
  }

  v1::Meeting state(const std::string& id) { return as("sec").join(id).snapshot(); }

  std::map<std::string, std::string> tokens_;
  std::map<std::string, std::unique_ptr<ws_client>> ws_;
};

TEST_F(JiyaoWorkflowTest, DraftedTogetherReturnedFixedSignedIssuedAndCutPerReader) {
  auto& sec = as("sec");
  const auto id = meeting(false);
  // Before the end: refused, clearly, and nothing changes.
  const auto before = state(id).version();
  auto r = sec.command(id, step(v1::JIYAO_CREATE));
  ASSERT_TRUE(r.has_error());
  EXPECT_EQ(r.error().code(), v1::ERROR_CONFLICT);
  EXPECT_EQ(r.error().field(), "phase");
  EXPECT_EQ(state(id).version(), before);
  v1::Change c;
  c.mutable_start_meeting();
  ASSERT_TRUE(sec.command(id, c).has_ack());
  c.Clear();
  c.mutable_end_meeting();
  ASSERT_TRUE(sec.command(id, c).has_ack());
  ASSERT_TRUE(sec.command(id, step(v1::JIYAO_CREATE)).has_ack());

  auto m = state(id);
  ASSERT_EQ(m.jiyao_size(), 1);
  const auto section = "j:" + m.agenda(0).id();
  EXPECT_EQ(m.jiyao(0).sections(0).id(), section);
  const auto seeded = m.jiyao(0).sections(0).text();
  ASSERT_FALSE(seeded.empty());

  // Two secretaries type into the section on the same version: both kept, whole.
  auto& sec2 = as("sec2");
  sec2.join(id);
  const auto n = code_points(seeded);
  const auto a =
      sec.send_command(id, insert_at(section, m.version(), n, n, "\n会议认为，办法总体可行。"));
  const auto b = sec2.send_command(id, insert_at(section, m.version(), 0, n, "经研究，"));
  ASSERT_TRUE(sec.reply_to(a)->has_ack());
  ASSERT_TRUE(sec2.reply_to(b)->has_ack());
  m = state(id);
  EXPECT_EQ(m.jiyao(0).sections(0).text(), "经研究，" + seeded + "\n会议认为，办法总体可行。");

  // The chair reads and signs; she does not type into the draft.
  auto& chair = as("chair");
  chair.join(id);
  r = chair.command(
      id, insert_at(section, m.version(), 0, code_points(m.jiyao(0).sections(0).text()), "x"));
  ASSERT_TRUE(r.has_error());
  EXPECT_EQ(r.error().code(), v1::ERROR_FORBIDDEN);

  ASSERT_TRUE(sec.command(id, step(v1::JIYAO_SUBMIT)).has_ack());
  m = state(id);
  r = sec.command(
      id, insert_at(section, m.version(), 0, code_points(m.jiyao(0).sections(0).text()), "x"));
  ASSERT_TRUE(r.has_error());
  EXPECT_EQ(r.error().code(), v1::ERROR_CONFLICT);
  EXPECT_EQ(r.error().field(), "jiyao.state");

  auto ret = step(v1::JIYAO_RETURN);
  auto* k = ret.mutable_jiyao_action()->add_comments();
  k->set_section_id(section);
  k->set_quote("总体可行");
  k->set_offset(0);
  k->set_text("改为“基本可行”");
  ASSERT_TRUE(chair.command(id, ret).has_ack());
  m = state(id);
  ASSERT_EQ(m.jiyao(0).state(), v1::JIYAO_RETURNED);
  ASSERT_EQ(m.jiyao(0).comments_size(), 1);
  EXPECT_EQ(m.jiyao(0).comments(0).by(), "chair");
  // The fix: delete 总体 and insert 基本 where the comment points.
  const auto& text = m.jiyao(0).sections(0).text();
  const auto at = m.jiyao(0).comments(0).offset();
  v1::Change fix;
  auto* e = fix.mutable_edit_minutes();
  e->set_item_id(section);
  e->set_base_version(m.version());
  e->mutable_op()->add_ops()->set_retain(at);
  e->mutable_op()->add_ops()->set_delete_(2);
  e->mutable_op()->add_ops()->set_insert("基本");
  e->mutable_op()->add_ops()->set_retain(code_points(text) - at - 2);
  ASSERT_TRUE(sec.command(id, fix).has_ack());
  ASSERT_TRUE(sec.command(id, step(v1::JIYAO_SUBMIT)).has_ack());
  ASSERT_TRUE(chair.command(id, step(v1::JIYAO_APPROVE)).has_ack());
  auto issue = step(v1::JIYAO_ISSUE);
  issue.mutable_jiyao_action()->add_recipients("low");
  issue.mutable_jiyao_action()->add_distribution("市政府各部门");
  issue.mutable_jiyao_action()->set_issue_seq(99);  // the server's counter decides, not this
  ASSERT_TRUE(sec.command(id, issue).has_ack());
  m = state(id);
  const auto& j = m.jiyao(0);
  EXPECT_EQ(j.state(), v1::JIYAO_ISSUED);
  EXPECT_EQ(j.signed_by(), "chair");
  EXPECT_EQ(j.signed_by_name(), "李市长");
  EXPECT_EQ(j.issue_seq(), 1);
  EXPECT_NE(j.issue_number().find("〕1号"), std::string::npos) << j.issue_number();
  EXPECT_EQ(j.recipients(0), "low");
  // The history names each step's account by its name, also the convener's (no attendee).
  ASSERT_GE(j.steps_size(), 1);
  EXPECT_EQ(j.steps(0).action(), "create");
  EXPECT_EQ(j.steps(0).by_name(), "王秘书");

  // Downloads render the stored version; the reader below the second item's level gets it
  // withheld and marked.
  auto low_txt = http_request(server_.port(), "/api/meetings/jiyao?m=" + id + "&format=txt", "GET",
                              {}, {{"Authorization", "Bearer " + tokens_["low"]}});
  ASSERT_EQ(low_txt.status, 200) << low_txt.body;
  EXPECT_NE(low_txt.body.find(j.issue_number()), std::string::npos) << low_txt.body;
  EXPECT_NE(low_txt.body.find("办法基本可行"), std::string::npos) << low_txt.body;
  EXPECT_NE(low_txt.body.find("本议题内容按密级规定不予显示"), std::string::npos) << low_txt.body;
  EXPECT_EQ(low_txt.body.find("人事"), std::string::npos) << low_txt.body;
  EXPECT_NE(low_txt.body.find("市政府各部门"), std::string::npos) << low_txt.body;
  auto full = http_request(server_.port(), "/api/meetings/jiyao?m=" + id + "&format=txt&v=1", "GET",
                           {}, {{"Authorization", "Bearer " + tokens_["sec"]}});
  ASSERT_EQ(full.status, 200);
  EXPECT_NE(full.body.find("研究干部人事安排"), std::string::npos) << full.body;
  auto none = http_request(server_.port(), "/api/meetings/jiyao?m=" + id + "&format=txt&v=7", "GET",
                           {}, {{"Authorization", "Bearer " + tokens_["sec"]}});
  EXPECT_EQ(none.status, 404);

  // After the issue, a change is a correction: a second version; the first stays as issued.
  r = sec.command(id, step(v1::JIYAO_CORRECT));
  ASSERT_TRUE(r.has_error());
  EXPECT_EQ(r.error().field(), "reason");
  auto correct = step(v1::JIYAO_CORRECT);
  correct.mutable_jiyao_action()->set_reason("第一项表述更正");
  ASSERT_TRUE(sec.command(id, correct).has_ack());
  m = state(id);
  ASSERT_EQ(m.jiyao_size(), 2);
  EXPECT_EQ(m.jiyao(0).state(), v1::JIYAO_ISSUED);
  EXPECT_EQ(m.jiyao(1).state(), v1::JIYAO_DRAFTING);
  EXPECT_EQ(m.jiyao(1).number(), 2);
}

// 印发 to someone the server does not know — an account id that is not one, a 分送 unit
// that is not in the directory — is refused at that field and changes nothing: no number
// is taken (the next issue is 1) and nobody's inbox gets it. A unit named by id prints the
// directory's name and reaches its contact accounts.
TEST_F(JiyaoWorkflowTest, UnknownRecipientsAndUnitsAreRefusedAndChangeNothing) {
  auto& sec = as("sec");
  const auto id = meeting();
  for (auto s : {v1::JIYAO_CREATE, v1::JIYAO_SUBMIT, v1::JIYAO_APPROVE}) {
    ASSERT_TRUE(sec.command(id, step(s)).has_ack());
  }
  auto unit = http_get(
      server_.port(), "/api/units", "POST",
      R"({"name":"市机关事务管理局","short_name":"机关事务局","contact_accounts":["low"]})");
  ASSERT_EQ(unit.status, 201) << unit.body;
  const auto at = unit.body.find("\"id\":\"") + 6;
  const auto unit_id = unit.body.substr(at, unit.body.find('"', at) - at);
  ASSERT_EQ(unit_id.rfind("u", 0), 0u) << unit.body;
  const auto inbox = [&] {
    return http_request(server_.port(), "/api/inbox", "GET", {},
                        {{"Authorization", "Bearer " + tokens_["low"]}});
  };
  ASSERT_EQ(inbox().status, 200);
  const auto empty_inbox = inbox().body;
  const auto before = state(id);

  auto ghost = step(v1::JIYAO_ISSUE);
  ghost.mutable_jiyao_action()->add_recipients("low");
  ghost.mutable_jiyao_action()->add_recipients("ghost");
  auto r = sec.command(id, ghost);
  ASSERT_TRUE(r.has_error()) << r.DebugString();
  EXPECT_EQ(r.error().code(), v1::ERROR_INVALID_FIELD);
  EXPECT_EQ(r.error().field(), "recipients");
  EXPECT_NE(r.error().message().find("ghost"), std::string::npos) << r.error().message();

  auto gone = step(v1::JIYAO_ISSUE);
  gone.mutable_jiyao_action()->add_distribution("各区县人民政府");
  gone.mutable_jiyao_action()->add_distribution("u999");
  r = sec.command(id, gone);
  ASSERT_TRUE(r.has_error()) << r.DebugString();
  EXPECT_EQ(r.error().code(), v1::ERROR_INVALID_FIELD);
  EXPECT_EQ(r.error().field(), "distribution");

  // Nothing changed: the same version, still 签发, no number, nothing delivered.
  auto m = state(id);
  EXPECT_EQ(m.version(), before.version());
  EXPECT_EQ(m.jiyao(0).state(), v1::JIYAO_APPROVED);
  EXPECT_EQ(m.jiyao(0).issue_seq(), 0);
  EXPECT_EQ(inbox().body, empty_inbox);

  // The same issue with the unit as the directory has it: the first number of the year,
  // the unit's name printed, its contact account delivered to.
  auto ok = step(v1::JIYAO_ISSUE);
  ok.mutable_jiyao_action()->add_distribution("各区县人民政府");
  ok.mutable_jiyao_action()->add_distribution(unit_id);
  r = sec.command(id, ok);
  ASSERT_TRUE(r.has_ack()) << r.DebugString();
  m = state(id);
  EXPECT_EQ(m.jiyao(0).issue_seq(), 1);
  ASSERT_EQ(m.jiyao(0).distribution_size(), 2);
  EXPECT_EQ(m.jiyao(0).distribution(1), "市机关事务管理局");
  ASSERT_EQ(m.jiyao(0).recipients_size(), 1);
  EXPECT_EQ(m.jiyao(0).recipients(0), "low");
  // Delivered once: the refused attempts left nothing behind.
  std::string box;
  for (int i = 0; i < 100 && box.find("\"jiyao\"") == std::string::npos; ++i) {
    box = inbox().body;
    if (box.find("\"jiyao\"") == std::string::npos) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));  // polls for the entry
    }
  }
  EXPECT_EQ(box.find("\"jiyao\""), box.rfind("\"jiyao\"")) << box;
  EXPECT_NE(box.find("\"jiyao\""), std::string::npos) << box;
}

// Someone who joins while others are typing sees their carets at once, in the opening and
// in 其他议定事项 (texts at the meeting's level) as in an item's section — but not in a
// section above their clearance.
TEST_F(JiyaoWorkflowTest, ALateJoinerSeesCaretsInTheOpeningAndOtherDecisions) {
  auto& sec = as("sec");
  const auto id = meeting();
  ASSERT_TRUE(sec.command(id, step(v1::JIYAO_CREATE)).has_ack());
  const auto m = state(id);
  const auto secret_section = "j:" + m.agenda(1).id();
  ws_client sec_b(server_.port(), "c-sec-b", tokens_["sec"]);
  sec_b.join(id);
  auto& sec2 = as("sec2");
  sec2.join(id);
  auto& chair = as("chair");
  chair.join(id);
  const std::vector<std::pair<ws_client*, std::string>> carets{
      {&sec, "j:_opening"}, {&sec_b, "j:other"}, {&sec2, secret_section}};
  // Carets are per client (hello's client_id).
  auto hello = [](ws_client& w, const std::string& client) {
    v1::Envelope e;
    e.mutable_hello()->set_client_id(client);
    e.mutable_hello()->set_client_name(client);
    ASSERT_TRUE(w.call(e).has_welcome());
  };
  hello(sec, "caret-sec");
  hello(sec_b, "caret-sec-b");
  hello(sec2, "caret-sec2");
  for (const auto& [who, section] : carets) {
    v1::Envelope p;
    p.mutable_presence()->set_meeting_id(id);
    p.mutable_presence()->set_item_id(section);
    p.mutable_presence()->set_version(m.version());
    who->send(p);
  }
  // In the room: the chair, there all along, has seen all three.
  for (const auto& [who, section] : carets) {
    ASSERT_TRUE(chair.wait_for([&, s = section](const v1::Envelope& e) {
      return e.has_presence() && e.presence().item_id() == s;
    })) << section;
  }
  auto& low = as("low");
  hello(low, "caret-low");
  low.join(id);
  for (const auto* section : {"j:_opening", "j:other"}) {
    EXPECT_TRUE(low.wait_for([&](const v1::Envelope& e) {
      return e.has_presence() && e.presence().item_id() == section;
    })) << section;
  }
  // The carets of a join go out with it: a request after it is answered after them.
  v1::Envelope h;
  h.mutable_history()->set_meeting_id(id);
  h.mutable_history()->set_from_version(1);
  h.mutable_history()->set_limit(1);
  const auto barrier = low.send(h);
  EXPECT_TRUE(low.nothing_before_reply(
      [&](const v1::Envelope& e) {
        return e.has_presence() && e.presence().item_id() == secret_section;
      },
      barrier));
}

TEST_F(JiyaoWorkflowTest, ConcurrentIssueOnTwoInstancesNumbersGaplessAndUnique) {
  server_process other(redis_.port());
  const auto token_b = log_in(other.port(), "sec", "password-sec");
  ASSERT_FALSE(token_b.empty());
  ws_client on_b(other.port(), "c-sec-b", token_b);
  auto& on_a = as("sec");
  constexpr int n = 8;
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) {
    const auto id = meeting();
    for (auto s : {v1::JIYAO_CREATE, v1::JIYAO_SUBMIT, v1::JIYAO_APPROVE}) {
      ASSERT_TRUE(on_a.command(id, step(s)).has_ack()) << i;  // sec convenes: may sign
    }
    on_b.join(id);
    ids.push_back(id);
  }
  // All at once, alternating instances, no reply awaited before the next is sent.
  std::vector<std::pair<ws_client*, std::uint64_t>> sent;
  for (int i = 0; i < n; ++i) {
    auto& ws = i % 2 ? on_b : on_a;
    sent.emplace_back(&ws, ws.send_command(ids[i], step(v1::JIYAO_ISSUE)));
  }
  for (auto& [ws, req] : sent) {
    auto reply = ws->reply_to(req, std::chrono::seconds(30));
    ASSERT_TRUE(reply && reply->has_ack()) << (reply ? reply->DebugString() : "no reply");
  }
  std::vector<int> numbers;
  std::set<std::string> texts;
  for (const auto& id : ids) {
    const auto m = state(id);
    ASSERT_EQ(m.jiyao_size(), 1);
    numbers.push_back(m.jiyao(0).issue_seq());
    texts.insert(m.jiyao(0).issue_number());
  }
  std::sort(numbers.begin(), numbers.end());
  std::vector<int> expected(n);
  for (int i = 0; i < n; ++i) expected[i] = i + 1;
  EXPECT_EQ(numbers, expected);
  EXPECT_EQ(texts.size(), static_cast<std::size_t>(n));
}

}  // namespace
}  // namespace huiwu::test
