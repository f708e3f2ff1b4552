#include "app/notice_routes.hpp"

#include <boost/json/parse.hpp>
#include <charconv>

#include "app/download.hpp"
#include "app/followup_http.hpp"
#include "app/followup_hub.hpp"
#include "base/log.hpp"
#include "core/frame.hpp"
#include "core/room_registry.hpp"
#include "domain/notice_logic.hpp"
#include "export/jiyao_docx.hpp"
#include "export/notice_doc.hpp"
#include "net/http_json.hpp"
#include "store/inbox_store.hpp"
#include "store/keys.hpp"

namespace huiwu::app {
namespace json = boost::json;
using net::api_reply;
using net::api_request;
using verb = boost::beast::http::verb;
using followup_http::str;

namespace {

constexpr std::size_t inbox_page = 200;

json::object entry_json(const v1::InboxEntry& e) {
  return {{"id", e.id()},       {"kind", e.kind()},   {"meeting_id", e.meeting_id()},
          {"title", e.title()}, {"at_ms", e.at_ms()}, {"read", e.read()},
          {"from", e.from()}};
}

std::optional<v1::ReplyKind> reply_kind(const std::string& s) {
  if (s == "attend" || s == "REPLY_ATTEND") return v1::REPLY_ATTEND;
  if (s == "deputy" || s == "REPLY_DEPUTY") return v1::REPLY_DEPUTY;
  if (s == "leave" || s == "REPLY_LEAVE") return v1::REPLY_LEAVE;
  return std::nullopt;
}

core::principal who_of(const api_request& req) {
  core::principal who;
  who.account_id = req.account->id;
  who.client_name = req.account->name;
  who.clearance = req.account->clearance;
  who.from = req.from;
  return who;
}

struct notice_runtime {
  net::server_context* ctx = nullptr;
  std::shared_ptr<store::inbox_store> inbox;
  std::shared_ptr<followup_hub> hub;

  void list(api_request req, api_reply reply) const {
    if (!inbox) return reply(net::storage_unavailable());
    inbox->list(req.account->id, inbox_page,
                [reply, g = hub ? hub->generation() : 0](std::error_code ec,
                                                         std::vector<v1::InboxEntry> all) {
                  if (ec) return reply(net::storage_unavailable());
                  json::array list;
                  std::int64_t unread = 0;
                  for (const auto& e : all) {
                    if (!e.read()) ++unread;
                    list.push_back(entry_json(e));
                  }
                  reply(net::json_ok(
                      {{"entries", std::move(list)}, {"unread", unread}, {"generation", g}}));
                });
  }

  void mark_read(api_request req, api_reply reply) const {
    json::error_code jec;
    auto v = json::parse(req.body, jec);
    if (jec || !v.is_object()) {
      return reply(net::json_error(400, "bad_request", "the body must be a JSON object"));
    }
    const auto id = str(v.as_object(), "id");
    if (id.empty() || id.size() > 20 || id.find_first_not_of("0123456789") != std::string::npos) {
      return reply(net::json_error(400, "invalid_field", "id must be an inbox entry's id", "id"));
    }
    if (!inbox) return reply(net::storage_unavailable());
    inbox->mark_read(req.account->id, id, [reply](std::error_code ec, bool found) {
      if (ec) return reply(net::storage_unavailable());
      if (!found)
        return reply(net::json_error(404, "not_found", "no inbox entry with this id", "id"));
      reply(net::json_ok({{"read", true}}));
    });
  }

  // The meeting as the caller may see it, with which attendee they are: what the inbox opens.
  void notice(api_request req, api_reply reply) const {
    const auto id = req.params.value_or("m");
    if (!store::valid_meeting_id(id)) {
      return reply(net::json_error(404, "not_found", "no meeting with this id", "m"));
    }
    const auto account = req.account->id;
    ctx->rooms->get(id)->read(who_of(req), [reply, account](std::optional<v1::Meeting> m,
                                                            domain::maybe_rejection r) {
      if (r && r->code == v1::ERROR_STORAGE_UNAVAILABLE) {
        return reply(net::storage_unavailable());
      }
      if (r || !m) return reply(net::json_error(404, "not_found", "no meeting with this id", "m"));
      std::string mine;
      bool to_confirm = false;
      for (const auto& a : m->attendees()) {
        if (a.account_id() == account && mine.empty()) {
          mine = a.id();
          to_confirm = domain::reply_to_confirm(*m, a);
        }
      }
      json::error_code jec;
      auto meeting = json::parse(core::to_json(*m), jec);
      reply(net::json_ok(
          {{"meeting", std::move(meeting)}, {"attendee_id", mine}, {"to_confirm", to_confirm}}));
    });
  }

  // The notice as .docx in the official-document layout, as the reader may see the meeting;
  // recorded like every export before it is answered.
  void docx(api_request req, api_reply reply) const {
    const auto id = req.params.value_or("m");
    if (!store::valid_meeting_id(id)) {
      return reply(net::json_error(404, "not_found", "no meeting with this id", "m"));
    }
    auto who = who_of(req);
    exports::notice_options o;
    o.zone = office_zone(ctx->config.time_zone);
    auto* c = ctx;
    c->rooms->get(id)->read(
        who, [c, who, id, o, reply](std::optional<v1::Meeting> m, domain::maybe_rejection r) {
          if (r && r->code == v1::ERROR_STORAGE_UNAVAILABLE)
            return reply(net::storage_unavailable());
          if (r || !m)
            return reply(net::json_error(404, "not_found", "no meeting with this id", "m"));
          auto bytes = exports::jiyao_docx(exports::layout_notice(*m, o));
          if (!bytes) return reply(net::json_error(500, "internal", bytes.error().message));
          net::api_response res;
          res.body = std::move(*bytes);
          res.headers = {
              {"Content-Type",
               "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
              {"Content-Disposition", attachment("关于召开" + m->info().title() + "的通知.docx",
                                                 "notice-" + id + ".docx")},
              {"Cache-Control", "no-store"}};
          if (!c->svc->audit) return reply(std::move(res));
          c->svc->audit(
              {who.account_id, "export", "meeting " + id, who.from,
               "notice docx, version " + std::to_string(m->version())},
              [reply, res = std::move(res)](std::error_code ec) mutable {
                if (ec) {
                  return reply(net::json_error(503, "storage_unavailable",
                                               "the export could not be recorded; retry later"));
                }
                reply(std::move(res));
              });
        });
  }

  void reply_to(api_request req, api_reply reply) const {
    json::error_code jec;
    auto v = json::parse(req.body, jec);
    if (jec || !v.is_object()) {
      return reply(net::json_error(400, "bad_request", "the body must be a JSON object"));
    }
    const auto& body = v.as_object();
    const auto meeting = str(body, "meeting_id");
    if (!store::valid_meeting_id(meeting)) {
      return reply(
          net::json_error(400, "invalid_field", "meeting_id is not a meeting id", "meeting_id"));
    }
    const auto kind = reply_kind(str(body, "kind"));
    if (!kind) {
      return reply(
          net::json_error(400, "invalid_field", "kind must be attend, deputy or leave", "kind"));
    }
    v1::Command cmd;
    cmd.set_meeting_id(meeting);
    auto* r = cmd.mutable_change()->mutable_reply_notice();
    r->set_attendee_id(str(body, "attendee_id"));
    r->set_kind(*kind);
    r->set_deputy_name(str(body, "deputy_name"));
    r->set_deputy_title(str(body, "deputy_title"));
    r->set_reason(str(body, "reason"));
    auto who = who_of(req);
    // Each reply is its own command: a retry with the same client id and sequence once.
    auto client = str(body, "client_id");
    auto seq = followup_http::num(body, "client_seq", 1);
    if (client.empty() || client.size() > 64 || seq < 1) {
      client = "http-" + ctx->svc->new_token();
      seq = 1;
    }
    who.client_id = client;
    cmd.set_client_id(client);
    cmd.set_client_seq(static_cast<std::uint64_t>(seq));
    ctx->rooms->get(meeting)->submit(who, std::move(cmd), [reply](v1::Envelope e) {
      if (e.has_error()) return reply(net::json_error(e.error()));
      reply(net::json_ok({{"version", e.ack().version()}, {"duplicate", e.ack().duplicate()}}));
    });
  }

  void add_routes() {
    auto& c = *ctx;
    c.add_route("/api/inbox", {verb::get, [this](api_request req, api_reply reply) {
                                 list(std::move(req), std::move(reply));
                               }});
    c.add_route("/api/inbox/read", {verb::post, [this](api_request req, api_reply reply) {
                                      mark_read(std::move(req), std::move(reply));
                                    }});
    c.add_route("/api/inbox/changes", {verb::get, [this](api_request req, api_reply reply) {
                                         const auto g = req.params.value_or("after");
                                         std::uint64_t after = 0;
                                         std::from_chars(g.data(), g.data() + g.size(), after);
                                         if (!hub) return reply(net::storage_unavailable());
                                         hub->wait(after, [reply](std::uint64_t gen) {
                                           reply(net::json_ok({{"generation", gen}}));
                                         });
                                       }});
    c.add_route("/api/notice", {verb::get, [this](api_request req, api_reply reply) {
                                  notice(std::move(req), std::move(reply));
                                }});
    c.add_route("/api/meetings/notice.docx", {verb::get, [this](api_request req, api_reply reply) {
                                                docx(std::move(req), std::move(reply));
                                              }});
    c.add_route("/api/notice/reply", {verb::post, [this](api_request req, api_reply reply) {
                                        reply_to(std::move(req), std::move(reply));
                                      }});
  }
};

}  // namespace

std::shared_ptr<void> start_notice(boost::asio::any_io_executor ex, net::server_context& ctx,
                                   core::notifier& notify) {
  auto rt = std::make_shared<notice_runtime>();
  rt->ctx = &ctx;
  rt->inbox = std::make_shared<store::inbox_store>(ctx.svc->store);
  // Shorter than the HTTP deadline (30 s), so a waiting poll is answered before it.
  rt->hub = std::make_shared<followup_hub>(ex, std::chrono::seconds(20));
  notify.listen(std::string(store::inbox_channel),
                [hub = std::weak_ptr<followup_hub>(rt->hub)](const std::string&) {
                  if (auto h = hub.lock()) h->bump();
                });
  ctx.svc->committed = [inbox = rt->inbox](const v1::Meeting& after, const v1::Event& e,
                                           int issues_before) {
    for (auto& d : domain::inbox_deliveries(after, e, issues_before)) {
      inbox->deliver(
          d.account_id, std::move(d.entry),
          [account = d.account_id, meeting = after.id()](std::error_code ec, const std::string&) {
            if (ec) {
              log::warn("inbox delivery failed",
                        {{"account", account}, {"meeting", meeting}, {"error", ec.message()}});
            }
          });
    }
  };
  rt->add_routes();
  return rt;
}

std::shared_ptr<void> add_notice_routes(net::server_context& ctx) {
  auto rt = std::make_shared<notice_runtime>();
  rt->ctx = &ctx;
  rt->add_routes();
  return rt;
}

}  // namespace huiwu::app
