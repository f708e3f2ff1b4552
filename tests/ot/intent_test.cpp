// Intent, not only convergence: two or three writers type runs of text at their own
// carets, often at one and the same place, over a simulated network with random delays.
// Every run must end up in the merged document in one piece and in the order typed —
// the property a secretary checks by reading the record ("my sentence is intact").
//
// Each writer does what the browser does (web-static/js/pages/minutes-editor.js):
//   - its caret sticks left: text someone else inserts exactly at it goes after it
//     (transform_index with assoc::left);
//   - an insert made where its own last edit ended says so (component::continues), and
//     transform lets such an insert go first at a tie;
//   - it types one code point at a time or a whole word at once (an IME commit).
// Every typed code point is unique, so the runs can be found in the final text.
#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/utf8.hpp"
#include "ot/client.hpp"
#include "ot/transform.hpp"
#include "random_source.hpp"
#include "test_config.hpp"

namespace huiwu::ot::testing {
namespace {

struct timed_op {
  std::uint64_t at;
  std::uint64_t revision;  // up: the base revision; down: unused
  text_operation op;
  bool own = false;  // down: an acknowledgement of this client's operation
};

struct writer {
  std::string doc;
  client state;
  std::size_t caret = 0;
  std::optional<std::size_t> last_end;  // where this writer's own last insert ended
  std::vector<std::vector<char32_t>> runs;
  std::size_t typed_in_run = 0;
  std::deque<timed_op> up, down;
  std::uint64_t up_last = 0, down_last = 0;  // FIFO links: delivery times never decrease
};

// A code point unique to (writer, run, index): CJK ideographs, 64 per run.
char32_t unique_cp(std::size_t w, std::size_t run, std::size_t i) {
  return static_cast<char32_t>(0x4E00 + w * 0x800 + run * 64 + i);
}

std::string utf8_of(std::span<const char32_t> cps) {
  std::string s;
  for (char32_t c : cps) utf8::encode(c, s);
  return s;
}

std::vector<char32_t> code_points(std::string_view s) {
  std::vector<char32_t> out;
  std::size_t pos = 0;
  while (pos < s.size()) {
    const auto c = utf8::decode(s, pos);
    out.push_back(c.value());
  }
  return out;
}

struct outcome {
  std::size_t ties_with_continues = 0;
};

// Returns a description of the first broken run, or "" when every run is intact.
std::string broken_run(const std::string& final_doc, const std::vector<writer>& ws) {
  const std::vector<char32_t> text = code_points(final_doc);
  std::map<char32_t, std::size_t> where;
  for (std::size_t i = 0; i < text.size(); ++i) where[text[i]] = i;
  for (std::size_t w = 0; w < ws.size(); ++w) {
    for (std::size_t r = 0; r < ws[w].runs.size(); ++r) {
      const auto& run = ws[w].runs[r];
      for (std::size_t i = 0; i < run.size(); ++i) {
        if (!where.contains(run[i])) return "writer " + std::to_string(w) + " lost a character";
        if (i > 0 && where[run[i]] != where[run[i - 1]] + 1) {
          return "writer " + std::to_string(w) + " run " + std::to_string(r) + " is split at " +
                 std::to_string(i) + " of " + std::to_string(run.size());
        }
      }
    }
  }
  return "";
}

void run_typists(std::uint64_t seed) {
  SCOPED_TRACE("HUIWU_OT_SEED=" + std::to_string(seed));
  random_source rng(seed);
  const std::size_t n_writers = 2 + rng.below(2);
  std::string server_doc = "xxxx\nyyyy";
  std::vector<text_operation> history;
  std::vector<std::size_t> authors;
  std::vector<writer> ws(n_writers);
  for (auto& w : ws) {
    w.doc = server_doc;
    w.caret = 4;  // everyone starts at the end of the first paragraph
  }
  const std::size_t runs_each = 2 + rng.below(3);
  const std::uint64_t max_delay = 1 + rng.below(15);
  auto delay = [&] { return rng.below(max_delay + 1); };
  std::uint64_t now = 0;

  auto send_up = [&](writer& w, const std::optional<client::outgoing>& out) {
    if (!out) return;
    w.up_last = std::max(w.up_last, now + delay());
    w.up.push_back({w.up_last, out->revision, out->op});
  };
  auto apply_local = [&](writer& w, const text_operation& op) {
    w.doc = op.apply(w.doc).value();
    const bool in_run = w.last_end == w.caret;
    w.caret = transform_index(op, w.caret, in_run ? assoc::left : assoc::follow);
    if (w.last_end) w.last_end = transform_index(op, *w.last_end, assoc::left);
  };
  auto pump = [&] {
    for (std::size_t id = 0; id < ws.size(); ++id) {
      writer& w = ws[id];
      while (!w.up.empty() && w.up.front().at <= now) {
        timed_op m = std::move(w.up.front());
        w.up.pop_front();
        auto rebased = transform_incoming(
            std::move(m.op), std::span(history).subspan(static_cast<std::size_t>(m.revision)));
        ASSERT_TRUE(rebased);
        server_doc = rebased->apply(server_doc).value();
        history.push_back(*rebased);
        authors.push_back(id);
        for (std::size_t other = 0; other < ws.size(); ++other) {
          writer& o = ws[other];
          o.down_last = std::max(o.down_last, now + delay());
          o.down.push_back({o.down_last, 0, *rebased, other == id});
        }
      }
      while (!w.down.empty() && w.down.front().at <= now) {
        timed_op m = std::move(w.down.front());
        w.down.pop_front();
        if (m.own) {
          send_up(w, w.state.server_ack().value());
        } else {
          auto local = w.state.apply_server(m.op);
          ASSERT_TRUE(local);
          apply_local(w, *local);
        }
      }
    }
  };
  // Moves a writer to where its next run starts: where another writer is (the same
  // place: ties), the end of the record, or a paragraph boundary. Never between two
  // characters of one run: typing there splits the run on purpose.
  auto inside_a_run = [](const std::vector<char32_t>& cps, std::size_t p) {
    if (p == 0 || p >= cps.size()) return false;
    const char32_t before = cps[p - 1], after = cps[p];
    return before >= 0x4E00 && after == before + 1 && (after - 0x4E00) % 64 != 0;
  };
  auto place = [&](writer& w, std::size_t self) {
    const auto cps = code_points(w.doc);
    const std::size_t len = cps.size();
    const std::size_t r = rng.below(100);
    std::size_t at = w.caret;
    if (r < 40) {
      const std::size_t other = (self + 1 + rng.below(ws.size() - 1)) % ws.size();
      // The other's caret in its own text: in ours it is on, or near, the same place.
      at = std::min(ws[other].caret, len);
    } else if (r < 65) {
      at = len;
    } else if (r < 80) {
      for (std::size_t i = 0; i < len; ++i) {
        if (cps[i] == U'\n') at = i;
      }
    }
    if (inside_a_run(cps, at)) at = len;
    if (at != w.caret) {
      w.caret = at;
      w.last_end.reset();  // the caret moved: the next insert starts a new run
    }
  };

  for (std::size_t w = 0; w < ws.size(); ++w) {
    for (std::size_t r = 0; r < runs_each; ++r) {
      std::vector<char32_t> run;
      const std::size_t len = 3 + rng.below(30);
      for (std::size_t i = 0; i < len; ++i) run.push_back(unique_cp(w, r, i));
      ws[w].runs.push_back(std::move(run));
    }
  }
  std::vector<std::size_t> run_of(ws.size(), 0);
  for (std::size_t id = 0; id < ws.size(); ++id) place(ws[id], id);

  for (now = 1; now < 20'000; ++now) {
    bool typing = false;
    for (std::size_t id = 0; id < ws.size(); ++id) {
      writer& w = ws[id];
      if (run_of[id] >= w.runs.size()) continue;
      typing = true;
      if (!rng.percent(40)) continue;
      const auto& run = w.runs[run_of[id]];
      // One code point, or a word-sized IME commit of 2-4.
      const std::size_t n =
          std::min(run.size() - w.typed_in_run, rng.percent(25) ? 2 + rng.below(3) : 1);
      const std::string text = utf8_of(std::span(run).subspan(w.typed_in_run, n));
      const std::size_t len = utf8::count(w.doc).value();
      text_operation op;
      op.retain(w.caret).insert_counted(text, n, w.last_end == w.caret).retain(len - w.caret);
      w.doc = op.apply(w.doc).value();
      w.caret += n;
      w.last_end = w.caret;
      send_up(w, w.state.apply_client(op).value());
      w.typed_in_run += n;
      if (w.typed_in_run == run.size()) {
        w.typed_in_run = 0;
        if (++run_of[id] < w.runs.size()) place(w, id);
      }
    }
    pump();
    if (::testing::Test::HasFatalFailure()) return;
    if (!typing) {
      bool busy = false;
      for (auto& w : ws) {
        busy = busy || !w.up.empty() || !w.down.empty() ||
               w.state.current_state() != client::state::synchronized;
      }
      if (!busy) break;
    }
  }
  for (auto& w : ws) {
    ASSERT_EQ(w.state.current_state(), client::state::synchronized);
    ASSERT_EQ(w.doc, server_doc);
  }
  const std::string broken = broken_run(server_doc, ws);
  ASSERT_EQ(broken, "") << "final text: " << server_doc;
}

TEST(OtIntent, EveryWritersRunStaysInOnePieceInTheOrderTyped) {
  const std::uint64_t seed = test_seed(7);
  const std::size_t runs = std::max<std::size_t>(test_iterations(3000), 1);
  for (std::size_t i = 0; i < runs; ++i) {
    run_typists(seed * 1'000'003 + i);
    if (HasFailure()) return;
  }
}

// The same writers with the tie-break of plain ot.js (server order, no `continues`):
// runs do split. Shows the property above is not a consequence of the simulation.
TEST(OtIntent, WithoutContinuesARunSplitsWhenAnotherWriterStartsAtItsEnd) {
  // "abc" typed by A; A's next "de" is in flight when B starts "X" at the same end and
  // the server takes B's first.
  text_operation b;
  b.retain(3).insert("X");
  text_operation a_plain;
  a_plain.retain(3).insert("de");
  text_operation a_cont;
  a_cont.retain(3).insert("de", true);
  const auto plain = transform_incoming(a_plain, std::span(&b, 1)).value();
  const auto cont = transform_incoming(a_cont, std::span(&b, 1)).value();
  EXPECT_EQ(plain.apply(b.apply("abc").value()).value(), "abcXde");  // split
  EXPECT_EQ(cont.apply(b.apply("abc").value()).value(), "abcdeX");   // in one piece
}

}  // namespace
}  // namespace huiwu::ot::testing
