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

// A generic per-account inbox (docs/protocol.md §6.5, decision 0026): entries of any kind
// (the notice, its updates, reminders to reply; later the 纪要 when it is distributed), each
// with the meeting it is about, a title, when, and whether the person has opened it. Any
// code that wants a message to land on someone's start page calls deliver(); the pages
// learn of it live through inbox_channel (the payload is the account id).
//
// It decides nothing about access: the caller delivers only to those who may read what
// the entry names, and the entry itself carries no more than a title (the page opens the
// meeting through the ordinary, access-checked routes).
class inbox_store {
 public:
  explicit inbox_store(std::shared_ptr<meeting_store> meetings);

  // Adds `entry` (its id and read are ignored) to `account_id`'s inbox; `cb` gets its id.
  void deliver(const std::string& account_id, v1::InboxEntry entry,
               std::function<void(std::error_code, std::string id)> cb);

  // Newest first, at most `max`.
  void list(const std::string& account_id, std::size_t max,
            std::function<void(std::error_code, std::vector<v1::InboxEntry>)> cb);

  // Marks one entry read; `found` is false when the account has no entry with this id.
  void mark_read(const std::string& account_id, const std::string& id,
                 std::function<void(std::error_code, bool found)> cb);

 private:
  std::shared_ptr<meeting_store> meetings_;
};

}  // namespace huiwu::store
