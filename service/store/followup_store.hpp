#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "huiwu.pb.h"
#include "store/meeting_store.hpp"

namespace huiwu::store {

// The follow-up (督办) board's reads, over the records and indexes the append script writes
// (store/keys.hpp, docs/decisions/0018-board-per-reader-index.md). It decides nothing about
// access: it returns the candidates a reader might see with the current summaries of the
// meetings they are invited to, and app/ filters them by the access rules. Callbacks run
// on the connection's strand.
class followup_store {
 public:
  explicit followup_store(std::shared_ptr<meeting_store> meetings);

  // A reader's candidates: every decision record of a meeting whose summary ever named the
  // account, and every record that ever named it, each once; and the current summaries of
  // those meetings (archived ones too). Costs 3 + 2 x (meetings the account was invited to)
  // commands, pipelined in three rounds, whatever the number of meetings stored.
  struct board_candidates {
    std::vector<v1::DecisionRecord> records;
    std::vector<v1::MeetingSummary> summaries;
  };
  void board(const std::string& account_id,
             std::function<void(std::error_code, board_candidates)> cb);

  // Reminders due at or before `now_ms`, at most `max`: the board member, the score read
  // (for drop_due) and the record, when it still exists.
  struct due_reminder {
    std::string member;
    std::string score;
    v1::DecisionRecord record;
  };
  void due(std::int64_t now_ms, std::size_t max,
           std::function<void(std::error_code, std::vector<due_reminder>)> cb);

  // Once per Redis: rebuilds the board's index sets from every meeting's summary and every
  // decision record, for data written before they existed, then marks them built. Only
  // adds, so it may run beside appends and on several instances at once; after an error
  // nothing is marked and the next call starts again. `ran` is false when already built.
  void backfill(std::function<void(std::error_code, bool ran)> cb);

  // Removes a reminder from the schedule if its score is still `score` (it was refused as
  // no longer due and nothing has moved it since). Fire and forget.
  void drop_due(const std::string& member, const std::string& score);

 private:
  std::shared_ptr<meeting_store> meetings_;
};

}  // namespace huiwu::store
