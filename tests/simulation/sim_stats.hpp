#pragma once

#include <cstddef>

namespace huiwu::test {

// What the simulated secretaries went through, to show which paths a run exercised.
struct sim_stats {
  std::size_t edits = 0;            // local edits typed
  std::size_t commands = 0;         // edit_minutes commands sent, re-sends included
  std::size_t resent = 0;           // of which re-sends of an unacknowledged operation
  std::size_t resent_original = 0;  // ...with the original base and operation
  std::size_t duplicate_acks = 0;   // acks saying "applied before"
  std::size_t drops = 0;            // connections cut by the simulation
  std::size_t lost = 0;             // connections that failed by themselves (server killed)
  std::size_t joins = 0;
  std::size_t snapshot_joins = 0;   // resumed through a snapshot plus the stored history
  std::size_t storage_retries = 0;  // refused with "storage unavailable", re-sent later
  std::size_t gaps = 0;             // pushed event versions that skipped one: rejoined
  sim_stats& operator+=(const sim_stats& o) {
    edits += o.edits;
    commands += o.commands;
    resent += o.resent;
    resent_original += o.resent_original;
    duplicate_acks += o.duplicate_acks;
    drops += o.drops;
    lost += o.lost;
    joins += o.joins;
    snapshot_joins += o.snapshot_joins;
    storage_retries += o.storage_retries;
    gaps += o.gaps;
    return *this;
  }
};

}  // namespace huiwu::test
