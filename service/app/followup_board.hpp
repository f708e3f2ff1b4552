// The follow-up board (督办台账) over the stored decision records, with no I/O: who may see
// which record, the filters, the urgency order, the unit league table, the leader's digest
// and the export table. followup_routes.cpp reads Redis and calls these.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "domain/access_rules.hpp"
#include "domain/decision_logic.hpp"
#include "followup/export_table.hpp"
#include "huiwu.pb.h"
#include "net/query_params.hpp"

namespace huiwu::app {

struct board_row {
  v1::DecisionRecord record;
  domain::decision_clock clock;
  std::vector<std::string> my_roles;  // the caller's roles on the decision
};

struct board_filter {
  std::string state;     // a state id, "open" (not closed/cancelled) or "" = all
  std::string unit;      // lead or co-operating unit
  std::string person;    // account id: lead, co-operator or supervisor
  std::string meeting;   // meeting id
  std::string light;     // green / yellow / red / none
  std::string from, to;  // deadline range, YYYY-MM-DD, inclusive
};
board_filter parse_filter(const net::query_params& query);

// Whether the viewer may read the record: domain::may_read_decision, the one rule the action
// route and the meeting view use too, over the record and its meeting's `summary` (null
// when unknown).
bool may_see_record(const v1::DecisionRecord& r, const v1::MeetingSummary* summary,
                    const domain::viewer& v);

// The caller's roles on a record (supervisor, lead, co_operator; chair from the summary).
std::vector<std::string> record_roles(const v1::DecisionRecord& r,
                                      const v1::MeetingSummary* summary,
                                      const std::string& account_id);

bool matches(const board_row& row, const board_filter& f);
// Overdue first (most days late first), then due soon, then the rest by deadline; closed
// and cancelled last.
void sort_by_urgency(std::vector<board_row>& rows);

boost::json::object row_json(const board_row& row, bool with_history);
boost::json::object league_json(const std::vector<board_row>& rows);
boost::json::object digest_json(const std::vector<board_row>& rows, std::int64_t now_ms);
followup::export_table export_rows(const std::vector<board_row>& rows);

}  // namespace huiwu::app
