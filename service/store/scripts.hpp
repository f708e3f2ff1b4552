#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace huiwu::store {

// A Lua script and its SHA-1, for EVALSHA with an EVAL fallback on NOSCRIPT (the script
// cache is empty after a Redis restart or fail-over).
struct script {
  std::string_view text;
  std::string sha1;
  explicit script(std::string_view t);
};

// Lowercase hex SHA-1 of text, as Redis computes it for SCRIPT LOAD.
std::string sha1_hex(std::string_view text);

// Every script of the store, for checks (tests/redis/script_hash_test.cpp).
std::vector<const script*> all_scripts();

const script& create_script();
const script& append_script();
// KEYS meta log dedupe: several plain events in one call (group commit, scripts.cpp).
const script& append_batch_script();
const script& load_script();
const script& read_since_script();
// Follow-up: KEYS hw:due, ARGV member, score read. Drops the member only if its score is
// still the one read (a reminder the meeting refused as no longer due).
const script& drop_due_script();
// The cross-meeting step's scripts (store/cross_meeting.cpp): one meeting's pending work
// read and cleared; a 纪要 counter's claim taken and settled; a claim resolved in its meeting.
const script& pending_read_script();
const script& pending_done_script();
const script& claim_script();
const script& settle_script();
const script& resolve_script();
// KEYS meta log, ARGV version: trims the log below it, never past the latest snapshot.
const script& trim_script();
// The unit directory's checked write (unit_store::save_unit): KEYS hw:units {hw:units}:seq (one
// slot).
const script& unit_put_script();

}  // namespace huiwu::store
