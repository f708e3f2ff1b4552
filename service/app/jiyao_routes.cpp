#include "app/jiyao_routes.hpp"

#include "app/download.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <optional>
#include <variant>

#include "app/jiyao_pdf.hpp"
#include "base/utf8.hpp"
#include "domain/access_rules.hpp"
#include "export/jiyao_docx.hpp"
#include "export/jiyao_draft.hpp"
#include "export/jiyao_followup.hpp"
#include "export/jiyao_json.hpp"
#include "export/jiyao_stored.hpp"
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

constexpr std::string_view docx_type =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
constexpr std::size_t max_line_bytes = 200;
constexpr std::size_t max_recipients = 50;

std::string env_or(const char* name, std::string_view fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : std::string(fallback);
}

bool one_line(const std::string& s) {
  if (s.size() > max_line_bytes || !utf8::is_valid(s)) return false;
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7F) return false;
  }
  return true;
}

struct jiyao_request {
  std::string meeting, format;
  exports::jiyao_options options;
  int version = 0;  // of the stored 纪要; 0 = the latest
};

std::variant<jiyao_request, api_response> parse(const net::query_params& p) {
  jiyao_request r;
  r.meeting = p.value_or("m");
  r.format = p.value_or("format", "docx");
  if (!store::valid_meeting_id(r.meeting)) {
    return json_error(400, "bad_request", "m must name a meeting", "m");
  }
  if (r.format != "docx" && r.format != "pdf" && r.format != "md" && r.format != "txt" &&
      r.format != "json") {
    return json_error(400, "bad_request", "format must be docx, pdf, md, txt or json", "format");
  }
  if (const auto v = p.get("v"); v && !v->empty()) {
    const bool digits = v->size() <= 4 && std::all_of(v->begin(), v->end(),
                                                      [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || std::atoi(v->c_str()) <= 0) {
      return json_error(400, "bad_request", "v must be a version number of the 纪要", "v");
    }
    r.version = std::atoi(v->c_str());
  }
  auto& o = r.options;
  const auto numbering = p.value_or("numbering", env_or("HUIWU_JIYAO_NUMBERING", "year"));
  if (numbering != "year" && numbering != "period") {
    return json_error(400, "bad_request",
                      "numbering must be year (〔2026〕12号) or period (第12期)", "numbering");
  }
  o.numbering =
      numbering == "period" ? exports::issue_numbering::period : exports::issue_numbering::year;
  if (const auto n = p.get("number"); n && !n->empty()) {
    const bool digits = n->size() <= 5 && std::all_of(n->begin(), n->end(),
                                                      [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || std::atoi(n->c_str()) <= 0) {
      return json_error(400, "bad_request", "number must be a whole number from 1 to 99999",
                        "number");
    }
    o.number = std::atoi(n->c_str());
  }
  o.issuer = p.value_or("issuer", env_or("HUIWU_JIYAO_ISSUER", ""));
  o.unit = p.value_or("unit", env_or("HUIWU_JIYAO_UNIT", ""));
  o.recorders = p.all("recorder");
  o.distribution = p.all("to");
  for (const auto* s : {&o.issuer, &o.unit}) {
    if (!one_line(*s)) {
      return json_error(400, "bad_request", "issuer and unit must be one short line of text",
                        s == &o.issuer ? "issuer" : "unit");
    }
  }
  for (const auto* list : {&o.recorders, &o.distribution}) {
    const char* field = list == &o.recorders ? "recorder" : "to";
    if (list->size() > max_recipients) {
      return json_error(400, "bad_request", "at most 50 of each", field);
    }
    for (const auto& s : *list) {
      if (!one_line(s)) return json_error(400, "bad_request", "one short line of text each", field);
    }
  }
  return r;
}

api_response refused(const domain::rejection& r) {
  v1::Error e;
  e.set_code(r.code);
  e.set_message(r.message);
  e.set_field(r.field);
  return json_error(e);
}

api_response document(const std::string& format, const exports::jiyao_draft& draft,
                      std::string body) {
  api_response res;
  res.body = std::move(body);
  const char* type = format == "docx"  ? nullptr
                     : format == "pdf" ? "application/pdf"
                     : format == "md"  ? "text/markdown; charset=utf-8"
                                       : "text/plain; charset=utf-8";
  res.headers = {{"Content-Type", type ? std::string(type) : std::string(docx_type)}};
  res.headers.emplace_back(
      "Content-Disposition",
      attachment(draft.heading + "." + format, "jiyao-" + draft.meeting_id + "." + format));
  return res;
}

api_response pdf_refused(const pdf_result& r) {
  switch (r.how) {
    case pdf_result::status::not_installed:
      return json_error(503, "pdf_unavailable",
                        "PDF needs LibreOffice (soffice), which is not installed on this server "
                        "(Debian: libreoffice-writer-nogui); the .docx is available (" +
                            r.detail + ")",
                        "format");
    case pdf_result::status::busy:
      return json_error(503, "pdf_unavailable",
                        "the server is converting other documents; retry in a minute", "format");
    case pdf_result::status::timed_out:
      return json_error(503, "pdf_unavailable", r.detail + "; retry, or download the .docx",
                        "format");
    default:
      return json_error(503, "pdf_unavailable", r.detail, "format");
  }
}

}  // namespace

void add_jiyao_routes(net::server_context& ctx) {
  const auto pdf = std::make_shared<pdf_settings>(pdf_settings::from_environment());
  ctx.add_route(
      "/api/meetings/jiyao",
      {verb::get, [&ctx, pdf](api_request req, api_reply reply) {
         auto parsed = parse(req.params);
         if (auto* bad = std::get_if<api_response>(&parsed)) return reply(std::move(*bad));
         auto q = std::get<jiyao_request>(std::move(parsed));
         core::principal who;
         who.account_id = req.account->id;
         who.client_name = req.account->name;
         who.clearance = req.account->clearance;
         who.from = req.from;
         q.options.issued_at_ms = ctx.svc->now_ms();
         q.options.zone = office_zone(ctx.config.time_zone);
         auto room = ctx.rooms->get(q.meeting);
         room->read_unredacted(who, [&ctx, pdf, who, q, reply](std::optional<v1::Meeting> full,
                                                               domain::maybe_rejection why) {
           if (why || !full) return reply(refused(why.value_or(domain::rejection{})));
           // The reader's cut (the join's rule), and where it cut: those sections are
           // withheld and marked, their content never enters the draft.
           const auto visible = domain::redact(*full, who.viewer());
           const auto withheld = exports::withheld_positions(*full, visible);
           // Once the 纪要 is stored (decision 0025) its versions are the document, cut by
           // the same rule; before that, a preview drafted from the live meeting.
           exports::jiyao_draft draft;
           if (visible.jiyao_size() > 0) {
             const auto* stored = &visible.jiyao(visible.jiyao_size() - 1);
             if (q.version != 0) {
               stored = nullptr;
               for (const auto& j : visible.jiyao()) {
                 if (j.number() == q.version) stored = &j;
               }
               if (!stored) {
                 return reply(json_error(404, "not_found", "the 纪要 has no such version", "v"));
               }
             }
             draft = exports::draft_of(*stored, full->id());
             draft.marking = std::max(draft.marking, full->info().level());
             if (draft.issuer.empty()) draft.issuer = q.options.issuer;
             // A signed-off version: the body as signed, the annex with each 督办 item's
             // state now, as this reader may see the decisions (decision 0038).
             if (exports::shows_follow_up(*stored)) {
               exports::add_follow_up(draft, visible, q.options.issued_at_ms, q.options.zone);
             }
           } else if (q.version != 0) {
             return reply(json_error(404, "not_found", "the meeting has no stored 纪要 yet", "v"));
           } else {
             draft = exports::draft_jiyao(visible, withheld, q.options);
           }
           const auto lines = exports::layout_jiyao(draft);
           const auto withheld_count = static_cast<std::size_t>(
               std::count_if(draft.sections.begin(), draft.sections.end(),
                             [](const exports::jiyao_section& s) { return s.withheld; }));
           const std::string detail =
               "jiyao " + q.format + ", version " + std::to_string(full->version()) +
               (visible.jiyao_size() > 0 ? ", stored version " + std::to_string(q.version)
                                         : std::string()) +
               ", sees up to " + std::string(v1::Level_Name(draft.marking)) + ", withheld " +
               std::to_string(withheld_count);
           // Like a confidential join: no record, no document.
           auto audited_reply = [&ctx, who, q, detail, reply](api_response res) {
             if (!ctx.svc->audit || res.status != 200) return reply(std::move(res));
             ctx.svc->audit(
                 {who.account_id, "export", "meeting " + q.meeting, who.from, detail},
                 [reply, res = std::move(res)](std::error_code ec) mutable {
                   if (ec) {
                     return reply(json_error(503, "storage_unavailable",
                                             "the export could not be recorded; retry later"));
                   }
                   reply(std::move(res));
                 });
           };
           if (q.format == "json")
             return audited_reply(net::json_ok(exports::jiyao_json(draft, lines)));
           if (q.format == "md") {
             return audited_reply(document(q.format, draft, exports::jiyao_markdown(lines)));
           }
           if (q.format == "txt") {
             return audited_reply(document(q.format, draft, exports::jiyao_text(lines)));
           }
           auto docx = exports::jiyao_docx(lines);
           if (!docx) return reply(json_error(500, "internal", docx.error().message));
           if (q.format == "docx") {
             return audited_reply(document(q.format, draft, std::move(*docx)));
           }
           render_pdf(std::move(*docx), *pdf, [draft, audited_reply, reply](pdf_result r) mutable {
             if (r.how != pdf_result::status::ok) return reply(pdf_refused(r));
             audited_reply(document("pdf", draft, std::move(r.pdf)));
           });
         });
       }});
}

}  // namespace huiwu::app
