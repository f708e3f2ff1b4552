#include "app/export_routes.hpp"

#include "app/download.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <variant>

#include "base/utf8.hpp"
#include "export/docx_writer.hpp"
#include "export/minutes_doc.hpp"
#include "followup/text_util.hpp"
#include "followup/tz_loader.hpp"
#include "net/http_json.hpp"
#include "store/keys.hpp"

namespace huiwu::app {
using net::api_reply;
using net::api_request;
using net::api_response;
using verb = boost::beast::http::verb;

namespace {

constexpr std::string_view docx_type =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
constexpr std::size_t max_issue_number_bytes = 64;

using net::json_error;

// A refused read, in the shared taxonomy (net/http_json.hpp). A meeting the caller may not
// see (not invited, or above its clearance) is answered exactly like one that does not
// exist, byte for byte, so that meeting ids cannot be probed (protocol.md §10.1, §12).
api_response refused(const domain::rejection& r) {
  if (r.code == v1::ERROR_FORBIDDEN || r.code == v1::ERROR_NOT_FOUND) {
    return json_error(404, "not_found", "no such meeting", "m");
  }
  v1::Error e;
  e.set_code(r.code);
  e.set_message(r.message);
  e.set_field(r.field);
  return json_error(e);
}

struct export_request {
  std::string meeting, format, group, number;
};

// The request's parameters, or the answer refusing them.
std::variant<export_request, api_response> parse(const net::query_params& params) {
  export_request r;
  r.meeting = params.value_or("m");
  r.format = params.value_or("format", "docx");
  r.group = params.value_or("group", "item");
  r.number = params.value_or("number");
  if (!store::valid_meeting_id(r.meeting)) {
    return json_error(400, "bad_request", "m must name a meeting");
  }
  if (r.format != "docx" && r.format != "txt") {
    return json_error(400, "bad_request", "format must be docx or txt");
  }
  if (r.group != "item" && r.group != "speaker") {
    return json_error(400, "bad_request", "group must be item or speaker");
  }
  bool printable = utf8::is_valid(r.number);
  for (unsigned char c : r.number) printable = printable && c >= 0x20;
  if (r.number.size() > max_issue_number_bytes || !printable) {
    return json_error(400, "bad_request", "number must be a short line of text");
  }
  return r;
}

}  // namespace

void add_export_routes(net::server_context& ctx) {
  ctx.add_route(
      "/api/meetings/minutes",
      {verb::get, [&ctx](api_request req, api_reply reply) {
         auto parsed = parse(req.params);
         if (auto* bad = std::get_if<api_response>(&parsed)) return reply(std::move(*bad));
         auto q = std::get<export_request>(std::move(parsed));
         core::principal who;
         who.account_id = req.account->id;
         who.client_name = req.account->name;
         who.clearance = req.account->clearance;
         who.from = req.from;
         auto room = ctx.rooms->get(q.meeting);
         room->read(who, [&ctx, who, q, reply](std::optional<v1::Meeting> m,
                                               domain::maybe_rejection why) {
           if (why || !m) return reply(refused(why.value_or(domain::rejection{})));
           exports::doc_options o;
           o.group =
               q.group == "speaker" ? exports::grouping::by_speaker : exports::grouping::by_item;
           o.issue_number = q.number;
           o.issued_at_ms = ctx.svc->now_ms();
           o.zone = office_zone(ctx.config.time_zone);
           const auto doc = exports::build_minutes(*m, o);
           api_response res;
           if (q.format == "docx") {
             auto bytes = exports::to_docx(doc);
             if (!bytes) return reply(json_error(500, "internal", bytes.error().message));
             res.body = std::move(*bytes);
             res.headers = {{"Content-Type", std::string(docx_type)}};
           } else {
             res.body = exports::to_text(doc);
             res.headers = {{"Content-Type", "text/plain; charset=utf-8"}};
           }
           res.headers.emplace_back(
               "Content-Disposition",
               attachment(doc.title + "." + q.format, "minutes-" + q.meeting + "." + q.format));
           v1::Level top = m->info().level();
           for (const auto& it : m->agenda()) top = std::max(top, it.level());
           const std::string detail =
               q.format + (q.group == "speaker" ? " by speaker" : " by item") + ", version " +
               std::to_string(m->version()) + ", sees up to " + std::string(v1::Level_Name(top));
           if (!ctx.svc->audit) return reply(std::move(res));
           // Like a confidential join: no record, no document.
           ctx.svc->audit(
               {who.account_id, "export", "meeting " + q.meeting, who.from, detail},
               [reply, res = std::move(res)](std::error_code ec) mutable {
                 if (ec) {
                   return reply(json_error(503, "storage_unavailable",
                                           "the export could not be recorded; retry later"));
                 }
                 reply(std::move(res));
               });
         });
       }});
}

}  // namespace huiwu::app
