#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace huiwu::store {

// The Redis key layout, in one place. Every key of one meeting carries the hash tag
// {m:ID}, so a meeting lives in one Redis Cluster slot and its scripts stay atomic when
// Redis is sharded. Meeting ids are checked by valid_meeting_id() before they get here,
// so they can never close the tag early.
struct meeting_keys {
  std::string meta;              // hash: version, epoch, snap_version, created_at, summary
  std::string log;               // stream: entry id "<version>-0", field "e" = Event (protobuf)
  std::string snap;              // string: Meeting (protobuf) as of meta.snap_version
  std::string dedupe;            // hash: client_id -> "<last client_seq>:<version it produced>"
  std::string channel;           // pub/sub wake-up: payload is the new version
  std::string presence_channel;  // pub/sub: "<server id>\n<Presence>", carets, not stored
  std::string decisions;         // set: the meeting's board members "<meeting>/<decision>"
  // The meeting's own copy of its board records, hash member -> "<version> <due ms> <record>",
  // written by the append; the cross-meeting board (hw:decisions, hw:due) is copied from it.
  std::string board;
  // Cross-meeting index work not yet done (decision 0037), hash field -> version: "i" (the
  // meetings index), "r:<account>" (the reader's meeting set), "n:<account> <member>" (the
  // reader's named set), "b:<member>" (copy the board record). Written by the meeting's
  // scripts, emptied by store/cross_meeting.cpp after the script, and on start.
  std::string pending;

  explicit meeting_keys(std::string_view id)
      : meta(tagged(id, "meta")),
        log(tagged(id, "log")),
        snap(tagged(id, "snap")),
        dedupe(tagged(id, "dedupe")),
        channel(tagged(id, "ch")),
        presence_channel(tagged(id, "pr")),
        decisions(tagged(id, "decisions")),
        board(tagged(id, "board")),
        pending(tagged(id, "pending")) {}

 private:
  static std::string tagged(std::string_view id, std::string_view what) {
    std::string k = "hw:{m:";
    k.append(id).append("}:").append(what);
    return k;
  }
};

// Sorted set of all meetings, scored by creation time (unix ms). Not tagged: listing is
// the one cross-meeting read, done as separate per-meeting reads.
inline constexpr std::string_view meetings_index_key = "hw:meetings";

// Follow-up (督办) board, across meetings: hash "<meeting id>/<decision id>" -> DecisionRecord
// (protobuf); sorted set of the same members scored by the instant the decision's next
// reminder falls due (absent when none is left), so "what is due before T" is one
// ZRANGEBYSCORE; and the pub/sub channel told (payload: "<meeting id> <version>") whenever
// a decision record changes. Cross-meeting, so never written by a meeting's script: copied
// from the meeting's own `board` after the append (store/cross_meeting.hpp, decision 0037).
inline constexpr std::string_view decisions_index_key = "hw:decisions";
inline constexpr std::string_view due_index_key = "hw:due";
inline constexpr std::string_view followup_channel = "hw:followup";

// 纪要 issue numbers (印发, decision 0025), a cross-meeting key: one counter per issuing
// office and year, a decimal string, the last number issued ("hw:jiyao:no:<year>:<office>").
// Its value is "<last>" or "<last> <claimed> <meeting id> <token>" while a 印发 holds a claim
// on the next number (store/cross_meeting.hpp): the claim is fenced in the meeting's meta
// ("claim:<token>" = done | void), so a number is never taken without its event, never
// twice, and never skipped, though the counter and the meeting live in different slots.
inline std::string jiyao_counter_key(std::string_view office, int year) {
  return "hw:jiyao:no:" + std::to_string(year) + ":" + std::string(office);
}

// The follow-up board's per-reader indexes (docs/decisions/0018-board-per-reader-index.md),
// each tagged by the account so one reader's two sets share a slot. Both are supersets,
// only ever added to: the meetings whose summary ever named the account (creator or linked
// attendee), and the board members "<meeting>/<decision>" whose record ever named it (lead,
// co-operator, supervisor). A reader's board re-checks every candidate against the current
// summary and record, so an entry that no longer applies shows nothing.
struct reader_keys {
  std::string meetings;  // set of meeting ids
  std::string named;     // set of board members

  explicit reader_keys(std::string_view account_id)
      : meetings(tagged(account_id, "meetings")), named(tagged(account_id, "named")) {}

 private:
  static std::string tagged(std::string_view id, std::string_view what) {
    std::string k = "hw:{a:";
    k.append(id).append("}:").append(what);
    return k;
  }
};

// A person's inbox (store/inbox_store.hpp), tagged by the account so its keys share a slot:
// the entries by id (hash: id -> InboxEntry without id and read), the ids read (set), and
// the counter behind the ids. Every delivery and every "read" publishes the account's id on
// inbox_channel, so each instance's pages ask again.
struct inbox_keys {
  std::string entries;
  std::string read;
  std::string seq;

  explicit inbox_keys(std::string_view account_id)
      : entries(tagged(account_id, "inbox")),
        read(tagged(account_id, "inbox:read")),
        seq(tagged(account_id, "inbox:seq")) {}

 private:
  static std::string tagged(std::string_view id, std::string_view what) {
    std::string k = "hw:{a:";
    k.append(id).append("}:").append(what);
    return k;
  }
};
inline constexpr std::string_view inbox_channel = "hw:inbox";

// Set ("1") once the reader indexes above have been rebuilt from hw:meetings and
// hw:decisions (followup_store::backfill): data written before they existed has none.
inline constexpr std::string_view board_indexed_key = "hw:board:indexed:v1";

// Redis Cluster (decision 0037): every script touches the keys of one hash tag only (a
// meeting's {m:ID}, an account's {a:ID}), or one global key alone. The global keys, each a
// slot of its own and written only outside any meeting's script, are exactly these: the
// names above and below (meetings index, board, due set, 纪要 counters, units, accounts,
// sessions, throttles, audit). tests/store/key_layout_test.cpp fails on any other
// untagged key a script touches.
bool is_global_key(std::string_view key);
// The hash tag Redis Cluster hashes a key by: the text between the first '{' and the next
// '}' when not empty, else the whole key.
std::string_view hash_tag(std::string_view key);

// Meeting ids are 1..64 characters of [A-Za-z0-9_-].
bool valid_meeting_id(std::string_view id);

// What a meeting_keys channel is about, read back from a pub/sub message's channel: the
// meeting and whether it is the presence channel (carets) or the version wake-up. None for
// any other channel.
struct meeting_channel {
  std::string meeting_id;
  bool presence = false;
};
std::optional<meeting_channel> parse_meeting_channel(std::string_view channel);
// The channels an instance subscribes to for a meeting it holds a room of: the version
// wake-up and the presence channel.
inline std::array<std::string, 2> meeting_channels(std::string_view meeting_id) {
  meeting_keys k(meeting_id);
  return {std::move(k.channel), std::move(k.presence_channel)};
}

// Accounts, sessions and login throttles (docs/security.md, "Accounts"). Not tagged: each
// is read and written alone. A session is stored under the SHA-256 of its token, never the
// token itself.
// The unit directory (单位名录) the admin keeps: one hash, field = unit id, value = the
// unit's JSON document (store/unit_store.hpp); ids come from a counter.
struct unit_keys {
  static constexpr const char* all = "hw:units";
  // In the slot of hw:units (its tag is that key's name), so that the checked write is one
  // script in one slot (decision 0037). The counter was hw:units:seq before; the write
  // still reads it so that no id is given twice (legacy_seq).
  static constexpr const char* seq = "{hw:units}:seq";
  static constexpr const char* legacy_seq = "hw:units:seq";
};

struct account_keys {
  static constexpr const char* all = "hw:accts";     // set of account ids
  static std::string account(std::string_view id) {  // hash: doc (JSON), pw (Argon2id)
    return concat("hw:acct:", id);
  }
  static std::string session(std::string_view token_sha256) {  // "<account>\n<from>", EX
    return concat("hw:sess:", token_sha256);
  }
  static std::string account_throttle(std::string_view id) {  // failed logins, PX window
    return concat("hw:throttle:acct:", id);
  }
  static std::string address_throttle(std::string_view from) {
    return concat("hw:throttle:addr:", from);
  }
  // Pub/sub: an account's rights changed (payload: its id); a session ended (payload: the
  // SHA-256 of its token).
  static constexpr const char* changed_channel = "hw:accounts:changed";
  static constexpr const char* session_ended_channel = "hw:sessions:ended";

 private:
  static std::string concat(std::string_view prefix, std::string_view rest) {
    std::string k(prefix);
    k.append(rest);
    return k;
  }
};

// The audit log (docs/decisions/0012-audit-hash-chain.md): a stream of entries and the
// chain's head, "<seq> <hash>" of the last entry. The head's key is tagged with the stream's
// whole name, so both hash to one slot and the append script stays in it (decision 0037);
// audit_head_key is where versions before 0037 kept the head, read once to move it.
inline constexpr std::string_view audit_stream_key = "hw:audit";
inline constexpr std::string_view audit_chain_head_key = "{hw:audit}:head";
inline constexpr std::string_view audit_head_key = "hw:audit:head";

}  // namespace huiwu::store
