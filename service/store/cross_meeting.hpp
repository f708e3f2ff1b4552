// The cross-meeting step (docs/decisions/0037-one-hash-tag-per-script.md): everything a
// meeting's change means for keys outside the meeting's hash tag, done after the meeting's
// script and never inside it, so each script stays in one Redis Cluster slot.
//  - Indexes (the meetings index, the board hw:decisions and hw:due, the readers' sets):
//    the meeting's scripts record the work in its `pending` hash; run_pending copies it out,
//    idempotently, and clears only what it copied. repair_pending runs it for every meeting
//    that has work left (on start: a crash between the two steps loses nothing).
//  - 纪要 issue numbers: claimed on the counter first (claim_number), fenced in the meeting
//    (the append marks "claim:<token>" done; a rival issuer that finds a stale claim marks
//    it void first, and a void claim's append is refused), then settled on the counter.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <system_error>

namespace huiwu::store {

class meeting_store;

// Copies the meeting's pending index work to the cross-meeting keys and clears it.
// Publishes on the follow-up channel when a board record moved. The error is the first
// failed write; what failed stays pending.
void run_pending(const std::shared_ptr<meeting_store>& store, const std::string& meeting_id,
                 std::function<void(std::error_code)> done);

// run_pending for every meeting with a `pending` hash (SCAN), e.g. at start. `meetings` is
// how many had work.
void repair_pending(const std::shared_ptr<meeting_store>& store,
                    std::function<void(std::error_code, std::size_t meetings)> done);

enum class claim_status { ok, number };
// Claims `number` on the counter `key` for `meeting_id` under `token`. `number`: the counter
// is not at number - 1 (`last` says where it is) and nothing was claimed. A stale claim of
// another issuer is settled first (taken if its meeting holds its event, else voided there).
void claim_number(const std::shared_ptr<meeting_store>& store, const std::string& key,
                  std::int64_t number, const std::string& meeting_id, const std::string& token,
                  std::function<void(std::error_code, claim_status, std::int64_t last)> done);
// Ends the claim `token` on `key`: the counter moves to the number when `taken`, else stays.
void settle_number(const std::shared_ptr<meeting_store>& store, const std::string& key,
                   const std::string& token, bool taken, std::function<void(std::error_code)> done);

}  // namespace huiwu::store
