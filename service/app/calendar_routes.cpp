#include "app/calendar_routes.hpp"

#include "app/download.hpp"

#include <memory>
#include <optional>

#include "base/log.hpp"
#include "calendar/ics.hpp"
#include "domain/access_rules.hpp"
#include "followup/tz_loader.hpp"
#include "net/http_json.hpp"
#include "store/keys.hpp"

namespace huiwu::app {
using net::api_reply;
using net::api_request;
using net::api_response;
using net::json_error;
using verb = boost::beast::http::verb;

namespace {

constexpr std::string_view ics_type = "text/calendar; charset=utf-8";

// The attendees who get the invitation: everyone invited except those who sent word that
// they are away. The chair is marked as such.
std::vector<calendar::attendee> invitees(const v1::Meeting& m) {
  std::vector<calendar::attendee> out;
  for (const auto& a : m.attendees()) {
    if (a.attendance() == v1::ATTENDANCE_LEAVE) continue;
    out.push_back({a.name(), a.account_id(), a.role() == v1::ROLE_CHAIR});
  }
  return out;
}

calendar::event event_of(const std::string& id, const v1::MeetingInfo& info) {
  calendar::event e;
  e.uid = id + "@huiwu";
  e.starts_at_ms = info.starts_at_ms();
  e.ends_at_ms = info.ends_at_ms();
  e.summary = info.title();
  e.location = info.place();
  e.description = info.description();
  e.organizer_name = info.convener();
  e.confidential = info.level() != v1::LEVEL_PUBLIC;
  e.url = "/secretary.html?m=" + id;
  return e;
}

api_response ics_response(std::string body, const std::string& file) {
  api_response res;
  res.body = std::move(body);
  res.headers = {{"Content-Type", std::string(ics_type)},
                 {"Content-Disposition", "attachment; filename=\"" + file + "\""},
                 {"Cache-Control", "no-store"}};
  return res;
}

// Like an export (docs/security.md): recorded before the answer, or no answer.
void audited(net::server_context& ctx, const std::string& account, const std::string& from,
             const std::string& target, std::string detail, api_response res, api_reply reply) {
  if (!ctx.svc->audit) return reply(std::move(res));
  ctx.svc->audit({account, "calendar", target, from, std::move(detail)},
                 [reply, res = std::move(res)](std::error_code ec) mutable {
                   if (ec) {
                     return reply(json_error(503, "storage_unavailable",
                                             "the download could not be recorded; retry later"));
                   }
                   reply(std::move(res));
                 });
}

// One answer for "no such meeting" and "not yours to see": an id is no clue.
api_response no_meeting() {
  return json_error(404, "not_found", "no meeting with this id", "m");
}

}  // namespace

void add_calendar_routes(net::server_context& ctx) {
  // main() refuses to start with a zone it cannot read.
  const followup::time_zone* zone = &office_zone(ctx.config.time_zone);

  // One meeting, as the reader may see it: attendees, place, times.
  ctx.add_route(
      "/api/meetings/invite.ics",
      {verb::get, [&ctx, zone](api_request req, api_reply reply) {
         const std::string id = req.params.value_or("m");
         if (!store::valid_meeting_id(id)) {
           return reply(json_error(400, "bad_request", "m must name a meeting", "m"));
         }
         core::principal who;
         who.account_id = req.account->id;
         who.client_name = req.account->name;
         who.clearance = req.account->clearance;
         who.from = req.from;
         ctx.rooms->get(id)->read(who, [&ctx, zone, id, who, reply](std::optional<v1::Meeting> m,
                                                                    domain::maybe_rejection why) {
           if (why && why->code == v1::ERROR_STORAGE_UNAVAILABLE) {
             return reply(json_error(503, "storage_unavailable", "storage is unavailable"));
           }
           if (why || !m) return reply(no_meeting());
           if (m->info().starts_at_ms() == 0) {
             return reply(json_error(409, "conflict",
                                     "the meeting has no start time to put in a calendar",
                                     "info.starts_at_ms"));
           }
           calendar::calendar cal;
           const auto& life = m->lifecycle();
           const bool cancelled = life.phase() == v1::PHASE_CANCELLED;
           cal.m = cancelled ? calendar::method::cancel : calendar::method::request;
           cal.stamp_ms = ctx.svc->now_ms();
           auto e = event_of(id, m->info());
           // Each move of the time (改期), each re-issue of the notice by a new time or place
           // and the cancellation make a new version of the same event: a calendar replaces
           // what it holds instead of adding a second one.
           e.sequence =
               static_cast<std::uint32_t>(life.postponements_size() + m->header_reissues()) +
               (cancelled ? 1 : 0);
           e.cancelled = cancelled;
           e.organizer_account = m->created_by();
           e.attendees = invitees(*m);
           cal.events.push_back(std::move(e));
           audited(ctx, who.account_id, who.from, "meeting " + id,
                   "invitation, version " + std::to_string(m->version()),
                   ics_response(calendar::write_ics(cal, *zone), "meeting-" + id + ".ics"), reply);
         });
       }});

  // Every meeting the account is invited to and cleared for, archived ones included (a
  // calendar keeps the past).
  ctx.add_route(
      "/api/calendar/feed.ics",
      {verb::get, [&ctx, zone](api_request req, api_reply reply) {
         const domain::viewer viewer{req.account->id, req.account->clearance};
         const std::string name = req.account->name;
         const std::string from = req.from;
         ctx.svc->store->list(
             true, [&ctx, zone, viewer, name, from, reply](
                       std::error_code ec, std::vector<v1::MeetingSummary> meetings) {
               if (ec)
                 return reply(json_error(503, "storage_unavailable", "storage is unavailable"));
               calendar::calendar cal;
               cal.name = name + " · 会务";
               cal.stamp_ms = ctx.svc->now_ms();
               for (const auto& s : meetings) {
                 if (!domain::may_see_summary(s, viewer)) continue;
                 auto e = event_of(s.id(), s.info());
                 e.organizer_account = s.created_by();
                 e.cancelled = s.phase() == v1::PHASE_CANCELLED;  // kept, marked cancelled
                 cal.events.push_back(std::move(e));
               }
               const auto n = cal.events.size();
               audited(ctx, viewer.account_id, from, "calendar feed",
                       "feed, " + std::to_string(n) + " meetings",
                       ics_response(calendar::write_ics(cal, *zone), "huiwu.ics"), reply);
             });
       }});
}

}  // namespace huiwu::app
