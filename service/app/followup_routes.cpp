#include "app/followup_routes.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <cstdlib>
#include <map>
#include <set>

#include "app/followup_board.hpp"
#include "app/followup_http.hpp"
#include "app/followup_hub.hpp"
#include "app/followup_scheduler.hpp"
#include "base/log.hpp"
#include "followup/csv_writer.hpp"
#include "followup/xlsx_writer.hpp"
#include "net/http_json.hpp"
#include "store/followup_store.hpp"
#include "store/keys.hpp"

namespace huiwu::app {
namespace json = boost::json;
using net::api_reply;
using net::api_request;
using net::api_response;
using verb = boost::beast::http::verb;

namespace {

using namespace followup_http;

struct followup_runtime {
  net::server_context* ctx = nullptr;
  auth_service* auth = nullptr;
  std::shared_ptr<followup_hub> hub;
  std::shared_ptr<reminder_scheduler> scheduler;
  ~followup_runtime() {
    if (scheduler) scheduler->stop();
  }

  core::services& svc() const { return *ctx->svc; }

  // Every decision record the viewer may see, with its lights as of now: the store's
  // candidates for this reader (their meetings' and their own decisions), filtered here.
  void load_rows(const auth::account& who,
                 std::function<void(bool, std::vector<board_row>)> cb) const {
    const domain::viewer v{who.id, who.clearance};
    const auto now = svc().now_ms();
    store::followup_store(svc().store)
        .board(who.id, [v, now, cb = std::move(cb)](std::error_code ec,
                                                    store::followup_store::board_candidates c) {
          if (ec) return cb(false, {});
          std::map<std::string, const v1::MeetingSummary*> by_id;
          for (const auto& s : c.summaries) by_id[s.id()] = &s;
          std::vector<board_row> rows;
          for (auto& record : c.records) {
            board_row row;
            row.record = std::move(record);
            auto it = by_id.find(row.record.meeting_id());
            const auto* summary = it == by_id.end() ? nullptr : it->second;
            if (!may_see_record(row.record, summary, v)) continue;
            row.clock = domain::assess_decision(row.record.decision(), now);
            row.my_roles = record_roles(row.record, summary, v.account_id);
            rows.push_back(std::move(row));
          }
          sort_by_urgency(rows);
          cb(true, std::move(rows));
        });
  }

  void filtered(const api_request& req, std::function<void(std::vector<board_row>)> then,
                const api_reply& reply) const {
    const auto f = parse_filter(req.params);
    load_rows(*req.account,
              [f, then = std::move(then), reply](bool good, std::vector<board_row> rows) {
                if (!good) return reply(net::storage_unavailable());
                std::erase_if(rows, [&](const board_row& r) { return !matches(r, f); });
                then(std::move(rows));
              });
  }

  // Submits a follow-up change into its meeting's room as the caller.
  void submit(const api_request& req, const json::object& body, v1::Change change,
              std::function<void(v1::Envelope)> done) const {
    const auto meeting = str(body, "meeting_id");
    if (!store::valid_meeting_id(meeting)) {
      v1::Envelope e;
      e.mutable_error()->set_code(v1::ERROR_INVALID_FIELD);
      e.mutable_error()->set_message("meeting_id is not a meeting id");
      e.mutable_error()->set_field("meeting_id");
      return done(std::move(e));
    }
    core::principal who;
    who.account_id = req.account->id;
    who.client_name = req.account->name;
    who.clearance = req.account->clearance;
    who.from = req.from;
    v1::Command cmd;
    cmd.set_meeting_id(meeting);
    // A retried request with the same client id and sequence is applied once.
    auto client = str(body, "client_id");
    auto seq = num(body, "client_seq", 1);
    if (client.empty() || client.size() > 64 || seq < 1) {
      client = "http-" + svc().new_token();
      seq = 1;
    }
    who.client_id = client;
    cmd.set_client_id(client);
    cmd.set_client_seq(static_cast<std::uint64_t>(seq));
    *cmd.mutable_change() = std::move(change);
    ctx->rooms->get(meeting)->submit(who, std::move(cmd), std::move(done));
  }

  void create(api_request req, api_reply reply) const;
  void create_with(api_request req, json::object body, std::vector<store::unit> directory,
                   api_reply reply) const;
  void act(api_request req, api_reply reply) const;
  void act_submit(api_request req, const json::object& body, v1::Change change,
                  api_reply reply) const;
  void add_routes();
};

void followup_runtime::create(api_request req, api_reply reply) const {
  json::error_code jec;
  auto parsed = json::parse(req.body, jec);
  if (jec || !parsed.is_object())
    return reply(net::json_error(400, "bad_request", "expected an object"));
  auto body = std::move(parsed.as_object());
  // 牵头单位 and 协办单位: a unit of the directory (单位名录), or — for offices that have not
  // set the directory up, and for forms from before it — a unit typed on an account
  // (decision 0029). The decision keeps the unit's name as text either way.
  auth->units().list_units([this, req = std::move(req), body = std::move(body), reply](
                               std::error_code uec, std::vector<store::unit> directory) mutable {
    if (uec) return reply(net::storage_unavailable());
    create_with(std::move(req), std::move(body), std::move(directory), std::move(reply));
  });
}

void followup_runtime::create_with(api_request req, json::object body,
                                   std::vector<store::unit> directory, api_reply reply) const {
  auth->list_accounts([this, req = std::move(req), body = std::move(body),
                       directory = std::move(directory),
                       reply](std::error_code ec, std::vector<auth::account> all) {
    if (ec) return reply(net::storage_unavailable());
    std::map<std::string, const auth::account*> by_id;
    std::set<std::string> units;
    for (const auto& u : directory) units.insert(u.name);
    for (const auto& a : all) {
      if (a.disabled) continue;
      by_id[a.id] = &a;
      if (!a.unit.empty()) units.insert(a.unit);
    }
    v1::Change change;
    auto* cd = change.mutable_create_decision();
    auto* d = cd->mutable_decision();
    auto person = [&](const std::string& id, const char* field) -> const auth::account* {
      auto it = by_id.find(id);
      if (it != by_id.end()) return it->second;
      reply(net::json_error(400, "invalid_field", "no account '" + id + "'", field));
      return nullptr;
    };
    const auto* lead = person(str(body, "lead_account"), "lead_account");
    if (!lead) return;
    const auto* supervisor = person(str(body, "supervisor_account"), "supervisor_account");
    if (!supervisor) return;
    d->set_lead_account(lead->id);
    d->set_lead_name(lead->name);
    d->set_supervisor_account(supervisor->id);
    d->set_supervisor_name(supervisor->name);
    for (const auto& id : strs(body, "co_accounts")) {
      const auto* co = person(id, "co_accounts");
      if (!co) return;
      d->add_co_accounts(co->id);
      d->add_co_names(co->name);
    }
    const auto lead_unit = str(body, "lead_unit").empty() ? lead->unit : str(body, "lead_unit");
    if (!units.contains(lead_unit)) {
      return reply(
          net::json_error(400, "invalid_field", "no unit '" + lead_unit + "'", "lead_unit"));
    }
    d->set_lead_unit(lead_unit);
    for (const auto& u : strs(body, "co_units")) {
      if (!units.contains(u)) {
        return reply(net::json_error(400, "invalid_field", "no unit '" + u + "'", "co_units"));
      }
      d->add_co_units(u);
    }
    d->set_text(str(body, "text"));
    d->set_item_id(str(body, "item_id"));
    d->set_deadline(str(body, "deadline"));
    d->set_time_zone(str(body, "time_zone"));
    d->set_priority(static_cast<std::int32_t>(num(body, "priority")));
    d->set_due_soon_days(static_cast<std::int32_t>(num(body, "due_soon_days", 3)));
    if (const auto* s = body.if_contains("source"); s && s->is_object()) {
      const auto& so = s->as_object();
      auto* src = d->mutable_source();
      src->set_quote(str(so, "quote"));
      src->set_start(static_cast<std::uint32_t>(std::max<std::int64_t>(0, num(so, "start"))));
      src->set_end(static_cast<std::uint32_t>(std::max<std::int64_t>(0, num(so, "end"))));
      src->set_version(static_cast<std::uint64_t>(std::max<std::int64_t>(0, num(so, "version"))));
    }
    for (const auto* a : {lead, supervisor}) (*cd->mutable_clearances())[a->id] = a->clearance;
    for (const auto& id : d->co_accounts()) (*cd->mutable_clearances())[id] = by_id[id]->clearance;
    cd->set_actor(req.account->id);
    cd->set_actor_name(req.account->name);
    cd->set_role(str(body, "role").empty() ? "supervisor" : str(body, "role"));
    const auto meeting = str(body, "meeting_id");
    auto store = svc().store;
    submit(req, body, std::move(change), [reply, store, meeting](v1::Envelope e) {
      if (e.has_error()) return reply(net::json_error(e.error()));
      const auto version = e.ack().version();
      const bool dup = e.ack().duplicate();
      // The id the server gave: read back from the event the create became.
      store->read_since(
          meeting, version - 1, 1,
          [reply, meeting, version, dup](std::error_code ec, store::meeting_store::since_result r) {
            std::string id;
            if (!ec && !r.events.empty() && r.events[0].change().has_create_decision()) {
              id = r.events[0].change().create_decision().decision().id();
            }
            reply(net::json_ok({{"meeting_id", meeting},
                                {"decision_id", id},
                                {"version", version},
                                {"duplicate", dup}},
                               dup ? 200 : 201));
          });
    });
  });
}

void followup_runtime::act(api_request req, api_reply reply) const {
  json::error_code jec;
  auto parsed = json::parse(req.body, jec);
  if (jec || !parsed.is_object())
    return reply(net::json_error(400, "bad_request", "expected an object"));
  const auto& body = parsed.as_object();
  v1::Change change;
  auto* a = change.mutable_decision_action();
  a->set_decision_id(str(body, "decision_id"));
  a->set_action(str(body, "action"));
  a->set_role(str(body, "role"));
  a->set_text(str(body, "text"));
  a->set_date(str(body, "date"));
  a->set_actor(req.account->id);
  a->set_actor_name(req.account->name);
  const auto lead = str(body, "lead_account");
  if (lead.empty()) return act_submit(std::move(req), body, std::move(change), std::move(reply));
  // 交办 to another lead (after 退回交办): the lead from the accounts, the unit from the
  // directory or the lead's typed unit (decision 0029), the clearance for the room to check.
  auth->units().list_units([this, req = std::move(req), body, change = std::move(change), lead,
                            reply](std::error_code uec,
                                   std::vector<store::unit> directory) mutable {
    if (uec) return reply(net::storage_unavailable());
    auth->list_accounts([this, req = std::move(req), body = std::move(body),
                         change = std::move(change), lead, directory = std::move(directory),
                         reply](std::error_code ec, std::vector<auth::account> all) mutable {
      if (ec) return reply(net::storage_unavailable());
      const auth::account* who = nullptr;
      for (const auto& x : all) {
        if (x.id == lead && !x.disabled) who = &x;
      }
      if (!who) {
        return reply(
            net::json_error(400, "invalid_field", "no account '" + lead + "'", "lead_account"));
      }
      std::set<std::string> units;
      for (const auto& u : directory) units.insert(u.name);
      for (const auto& x : all) {
        if (!x.unit.empty()) units.insert(x.unit);
      }
      auto unit = str(body, "lead_unit");
      if (unit.empty()) unit = who->unit;
      if (!units.contains(unit)) {
        return reply(net::json_error(400, "invalid_field", "no unit '" + unit + "'", "lead_unit"));
      }
      auto* n = change.mutable_decision_action()->mutable_decision();
      n->set_lead_account(who->id);
      n->set_lead_name(who->name);
      n->set_lead_unit(unit);
      n->set_lead_clearance(who->clearance);
      act_submit(std::move(req), body, std::move(change), std::move(reply));
    });
  });
}

void followup_runtime::act_submit(api_request req, const json::object& body, v1::Change change,
                                  api_reply reply) const {
  submit(req, body, std::move(change), [reply](v1::Envelope e) {
    // A decision the caller may not read and one that is not there — in a meeting that is
    // not there either — get one answer, byte for byte (domain::may_read_decision).
    if (e.has_error() && e.error().code() == v1::ERROR_NOT_FOUND) {
      return reply(net::json_error(404, "not_found", "no such decision", "decision_id"));
    }
    if (e.has_error()) return reply(net::json_error(e.error()));
    reply(net::json_ok({{"version", e.ack().version()}, {"duplicate", e.ack().duplicate()}}));
  });
}

void followup_runtime::add_routes() {
  auto& c = *ctx;
  c.add_route("/api/followup/board",
              {verb::get, [this](api_request req, api_reply reply) {
                 filtered(
                     req,
                     [this, reply](std::vector<board_row> rows) {
                       json::array list;
                       for (const auto& r : rows) list.push_back(row_json(r, false));
                       reply(net::json_ok({{"now_ms", svc().now_ms()},
                                           {"generation", hub ? hub->generation() : 0},
                                           {"decisions", std::move(list)}}));
                     },
                     reply);
               }});
  c.add_route("/api/followup/decision",
              {verb::get, [this](api_request req, api_reply reply) {
                 filtered(
                     req,
                     [reply, key = req.params.value_or("id")](std::vector<board_row> rows) {
                       for (const auto& r : rows) {
                         if (r.record.decision().id() == key) {
                           return reply(net::json_ok({{"decision", row_json(r, true)}}));
                         }
                       }
                       reply(net::json_error(404, "not_found", "no such decision", "id"));
                     },
                     reply);
               }});
  c.add_route(
      "/api/followup/league",
      {verb::get, [this](api_request req, api_reply reply) {
         filtered(
             req, [reply](std::vector<board_row> rows) { reply(net::json_ok(league_json(rows))); },
             reply);
       }});
  c.add_route("/api/followup/digest",
              {verb::get, [this](api_request req, api_reply reply) {
                 filtered(
                     req,
                     [this, reply](std::vector<board_row> rows) {
                       reply(net::json_ok(digest_json(rows, svc().now_ms())));
                     },
                     reply);
               }});
  for (const bool xlsx : {false, true}) {
    c.add_route(xlsx ? "/api/followup/export.xlsx" : "/api/followup/export.csv",
                {verb::get, [this, xlsx](api_request req, api_reply reply) {
                   filtered(
                       req,
                       [this, reply, xlsx, req](std::vector<board_row> rows) {
                         const auto table = export_rows(rows);
                         api_response res;
                         if (xlsx) {
                           auto bytes = followup::to_xlsx(table);
                           if (!bytes)
                             return reply(net::json_error(400, "too_large", bytes.error().message));
                           res.body = std::move(*bytes);
                           res.headers = {
                               {"Content-Type",
                                "application/vnd.openxmlformats-officedocument."
                                "spreadsheetml.sheet"},
                               {"Content-Disposition", "attachment; filename=\"followup.xlsx\""}};
                         } else {
                           res.body = followup::to_csv(table);
                           res.headers = {
                               {"Content-Type", "text/csv; charset=utf-8"},
                               {"Content-Disposition", "attachment; filename=\"followup.csv\""}};
                         }
                         auth->record(req.account->id, "export", "followup board", req.from,
                                      std::string(xlsx ? "xlsx" : "csv") + ", " +
                                          std::to_string(rows.size()) + " rows, filter '" +
                                          req.query + "'");
                         reply(std::move(res));
                       },
                       reply);
                 }});
  }
  c.add_route("/api/followup/changes", {verb::get, [this](api_request req, api_reply reply) {
                                          const auto g = req.params.value_or("after");
                                          std::uint64_t after = 0;
                                          std::from_chars(g.data(), g.data() + g.size(), after);
                                          if (!hub) return reply(net::storage_unavailable());
                                          hub->wait(after, [reply](std::uint64_t g) {
                                            reply(net::json_ok({{"generation", g}}));
                                          });
                                        }});
  c.add_route("/api/followup/decisions", {verb::post, [this](api_request req, api_reply reply) {
                                            create(std::move(req), std::move(reply));
                                          }});
  c.add_route("/api/followup/action", {verb::post, [this](api_request req, api_reply reply) {
                                         act(std::move(req), std::move(reply));
                                       }});
}

}  // namespace

std::shared_ptr<void> start_followup(boost::asio::any_io_executor ex, net::server_context& ctx,
                                     auth_service& auth, core::notifier& notify) {
  auto rt = std::make_shared<followup_runtime>();
  rt->ctx = &ctx;
  rt->auth = &auth;
  // Shorter than the HTTP deadline (30 s), so a waiting poll is answered before it.
  rt->hub = std::make_shared<followup_hub>(ex, std::chrono::seconds(20));
  notify.listen(std::string(store::followup_channel),
                [hub = std::weak_ptr<followup_hub>(rt->hub)](const std::string&) {
                  if (auto h = hub.lock()) h->bump();
                });
  rt->scheduler =
      std::make_shared<reminder_scheduler>(ex, *ctx.svc, *ctx.rooms,
                                           std::chrono::milliseconds(std::max<std::int64_t>(
                                               50, env_ms("HUIWU_FOLLOWUP_TICK_MS", 1000))));
  rt->scheduler->start();
  rt->add_routes();
  return rt;
}

std::shared_ptr<void> add_followup_routes(net::server_context& ctx, auth_service& auth) {
  auto rt = std::make_shared<followup_runtime>();
  rt->ctx = &ctx;
  rt->auth = &auth;
  rt->add_routes();
  return rt;
}

}  // namespace huiwu::app
