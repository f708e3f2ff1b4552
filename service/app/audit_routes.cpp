#include "app/audit_routes.hpp"

#include <charconv>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>

#include "core/services.hpp"
#include "net/http_json.hpp"
#include "store/meeting_store.hpp"

namespace huiwu::app {
namespace json = boost::json;
using net::api_reply;
using net::api_request;
using net::json_ok;
using verb = boost::beast::http::verb;

namespace {

std::int64_t to_i64(const std::string& s) {
  std::int64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

json::object entry_json(const auth::audit_entry& e) {
  return {{"id", e.id},         {"seq", e.seq},       {"at_ms", e.at_ms}, {"actor", e.actor},
          {"action", e.action}, {"target", e.target}, {"from", e.from},   {"detail", e.detail},
          {"prev", e.prev},     {"hash", e.hash}};
}

// "meeting M" or "meeting M SUB" -> {M, SUB}; {"", ""} for any other target.
std::pair<std::string, std::string> meeting_target(const std::string& target) {
  if (!target.starts_with("meeting ")) return {};
  const auto rest = target.substr(8);
  const auto sp = rest.find(' ');
  if (sp == std::string::npos) return {rest, ""};
  return {rest.substr(0, sp), rest.substr(sp + 1)};
}

// What the log's readers are told about the meetings a page names: titles of the meetings
// the administrator is cleared for, and, for entries about one agenda item or attendee,
// that item's title (when the item's own level is cleared too) or the attendee's name.
// Read at query time from the meeting as it is now: the hashed record stays as written.
struct page_words {
  std::unordered_map<std::string, std::string> titles;  // meeting -> title
  std::unordered_map<std::string, v1::Meeting> states;  // meeting -> state
  json::object words_for(const auth::audit_entry& e, v1::Level clearance) const {
    auto o = entry_json(e);
    const auto [id, sub] = meeting_target(e.target);
    if (id.empty()) return o;
    const auto t = titles.find(id);
    if (t == titles.end()) return o;  // above the reader's clearance, or gone: the id only
    o["meeting_title"] = t->second;
    const auto s = states.find(id);
    if (sub.empty() || sub == "meeting" || s == states.end()) return o;
    if (e.action == "role_changed") {
      for (const auto& a : s->second.attendees()) {
        if (a.id() == sub) o["attendee_name"] = a.name();
      }
    } else {
      for (const auto& it : s->second.agenda()) {
        if (it.id() == sub && it.level() <= clearance) o["item_title"] = it.title();
      }
    }
    return o;
  }
};

}  // namespace

void add_audit_routes(net::server_context& ctx, auth_service& auth) {
  ctx.add_route(
      "/api/audit",
      {verb::get,
       [&ctx, &auth](api_request req, api_reply reply) {
         auth::audit_query q;
         q.actor = req.params.value_or("actor");
         q.action = req.params.value_or("action");
         q.target = req.params.value_or("target");
         q.from_ms = to_i64(req.params.value_or("from_ms"));
         q.to_ms = to_i64(req.params.value_or("to_ms"));
         q.before = req.params.value_or("before");
         if (const auto l = to_i64(req.params.value_or("limit")); l > 0) {
           q.limit = static_cast<std::size_t>(l);
         }
         const v1::Level clearance = req.account->clearance;
         auth.audit().query(q, [&ctx, clearance, reply](std::error_code ec, auth::audit_page p) {
           if (ec) return reply(net::storage_unavailable());
           auto page = std::make_shared<auth::audit_page>(std::move(p));
           auto words = std::make_shared<page_words>();
           auto answer = [page, words, clearance, reply] {
             json::array list;
             for (const auto& e : page->entries) list.push_back(words->words_for(e, clearance));
             reply(json_ok({{"entries", std::move(list)}, {"next_before", page->next_before}}));
           };
           if (!ctx.svc || !ctx.svc->store) return answer();
           auto store = ctx.svc->store;
           store->list(true, [store, page, words, clearance, answer](
                                 std::error_code ec2, std::vector<v1::MeetingSummary> meetings) {
             if (ec2) return answer();  // ids only: the log itself was read
             for (const auto& m : meetings) {
               if (m.info().level() <= clearance) words->titles.emplace(m.id(), m.info().title());
             }
             // The meetings whose items or attendees this page names, each loaded once.
             std::set<std::string> wanted;
             for (const auto& e : page->entries) {
               const auto [id, sub] = meeting_target(e.target);
               if (!sub.empty() && sub != "meeting" && words->titles.contains(id)) {
                 wanted.insert(id);
               }
             }
             if (wanted.empty()) return answer();
             // Store callbacks run on the connection's strand, one at a time: a plain count.
             auto left = std::make_shared<std::size_t>(wanted.size());
             for (const auto& id : wanted) {
               store->load(id, [id, words, left, answer](std::error_code ec3,
                                                         std::optional<store::loaded_meeting> m) {
                 if (!ec3 && m) words->states.emplace(id, std::move(m->state));
                 if (--*left == 0) answer();
               });
             }
           });
         });
       },
       false, true});
  // The meetings the audit page's picker offers, by title: those the administrator is
  // cleared for (a meeting above it stays a bare id in the log, and is not offered).
  ctx.add_route("/api/audit/meetings",
                {verb::get,
                 [&ctx](api_request req, api_reply reply) {
                   if (!ctx.svc || !ctx.svc->store) return reply(net::storage_unavailable());
                   const v1::Level clearance = req.account->clearance;
                   ctx.svc->store->list(
                       true, [clearance, reply](std::error_code ec,
                                                std::vector<v1::MeetingSummary> meetings) {
                         if (ec) return reply(net::storage_unavailable());
                         json::array list;
                         for (const auto& m : meetings) {
                           if (m.info().level() > clearance) continue;
                           list.push_back({{"id", m.id()},
                                           {"title", m.info().title()},
                                           {"starts_at_ms", m.info().starts_at_ms()}});
                         }
                         reply(json_ok({{"meetings", std::move(list)}}));
                       });
                 },
                 false, true});
  ctx.add_route("/api/audit/verify",
                {verb::get,
                 [&auth](api_request, api_reply reply) {
                   auth.audit().verify([reply](std::error_code ec, auth::audit_verdict v) {
                     if (ec) return reply(net::storage_unavailable());
                     json::object o{{"ok", v.ok}, {"entries", v.entries}, {"head", v.head}};
                     if (!v.ok) {
                       o["broken_at"] = v.broken_at;
                       o["reason"] = v.reason;
                     }
                     reply(json_ok(std::move(o)));
                   });
                 },
                 false, true});
}

}  // namespace huiwu::app
