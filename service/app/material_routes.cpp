#include "app/material_routes.hpp"

#include <boost/asio/post.hpp>
#include <memory>
#include <mutex>
#include <optional>

#include "app/download.hpp"
#include "app/material_store.hpp"
#include "auth/crypto.hpp"
#include "base/log.hpp"
#include "domain/access_rules.hpp"
#include "domain/material_logic.hpp"
#include "domain/meeting_lookup.hpp"
#include "materials/blob_store.hpp"
#include "materials/blob_writer.hpp"
#include "materials/sniff.hpp"
#include "net/http_json.hpp"
#include "store/keys.hpp"

namespace huiwu::app {
namespace json = boost::json;
using net::api_reply;
using net::api_request;
using net::api_response;
using net::json_error;
using verb = boost::beast::http::verb;

namespace {

core::principal principal_of(const api_request& req) {
  core::principal who;
  who.account_id = req.account->id;
  who.client_name = req.account->name;
  who.clearance = req.account->clearance;
  who.from = req.from;
  return who;
}

api_response no_meeting() {
  return json_error(404, "not_found", "no such meeting", "m");
}
api_response no_material() {
  return json_error(404, "not_found", "no such material", "material");
}

// A read refused: hidden or missing meetings alike (protocol.md §10.1).
api_response refused_read(const domain::rejection& r) {
  if (r.code == v1::ERROR_FORBIDDEN || r.code == v1::ERROR_NOT_FOUND) return no_meeting();
  v1::Error e;
  e.set_code(r.code);
  e.set_message(r.message);
  e.set_field(r.field);
  return json_error(e);
}

json::object version_json(const v1::MaterialVersion& v) {
  return {{"version", v.version()},
          {"sha256", v.sha256()},
          {"size", v.size()},
          {"type", v.type()},
          {"mime", materials::describe(v.type()).mime},
          {"file_name", v.file_name()},
          {"by", v.by()},
          {"by_name", v.by_name()},
          {"at_ms", v.at_ms()}};
}

// `view_only` is the effective 仅阅读 (flagged, or the item is secret); `flagged` what the
// secretary set.
json::object material_json(const v1::Material& m, bool view_only) {
  json::array versions;
  for (const auto& v : m.versions()) versions.push_back(version_json(v));
  json::object o{{"id", m.id()},
                 {"title", m.title()},
                 {"view_only", view_only},
                 {"flagged", m.view_only()},
                 {"versions", std::move(versions)}};
  if (m.versions_size() > 0) o["current"] = version_json(m.versions(m.versions_size() - 1));
  return o;
}

bool short_id(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (unsigned char c : s) {
    if (!std::isalnum(c) && c != '-' && c != '_') return false;
  }
  return true;
}

std::string human_limit(std::size_t limit) {
  if (limit >= 1024 * 1024 && limit % (1024 * 1024) == 0) {
    return std::to_string(limit / (1024 * 1024)) + " MiB";
  }
  return std::to_string(limit) + " bytes";
}

api_response storage_unavailable(const material_store& store, const std::error_code& ec) {
  log::error("material not stored",
             {{"dir", store.blobs.root().string()}, {"error", ec.message()}});
  return json_error(503, "storage_unavailable", "the file could not be stored; retry later");
}

// Submits add_material for a blob now on disk, as the uploader; answers with the material.
void submit_material(net::server_context& ctx, core::principal who, const std::string& meeting,
                     const std::string& item, bool secret, v1::Change change, api_reply reply) {
  v1::Command cmd;
  cmd.set_meeting_id(meeting);
  who.client_id = "http-" + ctx.svc->new_token();
  cmd.set_client_id(who.client_id);
  cmd.set_client_seq(1);
  *cmd.mutable_change() = std::move(change);
  auto svc = ctx.svc;
  ctx.rooms->get(meeting)->submit(
      who, std::move(cmd), [svc, meeting, item, secret, reply](v1::Envelope e) {
        if (e.has_error()) {
          auto err = e.error();
          if (err.field() == "item_id") err.set_field("item");
          if (err.field() == "material_id") err.set_field("material");
          return reply(json_error(err));
        }
        const auto version = e.ack().version();
        svc->store->read_since(
            meeting, version - 1, 1,
            [reply, meeting, item, secret, version](std::error_code ec,
                                                    store::meeting_store::since_result r) {
              json::object o{{"meeting_id", meeting}, {"item_id", item}, {"version", version}};
              if (!ec && !r.events.empty() && r.events[0].change().has_add_material()) {
                const auto& x = r.events[0].change().add_material().material();
                o["material"] = material_json(x, x.view_only() || secret);
              }
              reply(net::json_ok(std::move(o), 201));
            });
      });
}

// The body is already on disk (a .part file, hashed while it was read; see blob_sink). The
// meeting decides who may upload (metadata only, on its strand); the pool then types the
// file, keeps it under its hash and only then submits the metadata to the meeting.
void upload(net::server_context& ctx, const std::shared_ptr<material_store>& store, api_request req,
            api_reply reply) {
  const auto meeting = req.params.value_or("m");
  const auto item = req.params.value_or("item");
  const auto replaces = req.params.value_or("material");
  const auto name = materials::clean_file_name(req.params.value_or("name"));
  auto title = req.params.value_or("title");
  const auto view_only = req.params.value_or("view_only");
  auto sink = std::dynamic_pointer_cast<blob_sink>(req.upload);
  if (view_only != "" && view_only != "0" && view_only != "1") {
    return reply(json_error(400, "bad_request", "view_only must be 0 or 1", "view_only"));
  }
  if (!store::valid_meeting_id(meeting))
    return reply(json_error(400, "bad_request", "m must name a meeting", "m"));
  if (!short_id(item))
    return reply(json_error(400, "bad_request", "item must name an agenda item", "item"));
  if (!replaces.empty() && !short_id(replaces)) {
    return reply(json_error(400, "bad_request", "material must name a material", "material"));
  }
  if (name.empty()) {
    return reply(json_error(400, "invalid_field", "name (the file's name) is required", "name"));
  }
  if (!sink || sink->size() == 0) {
    return reply(json_error(400, "invalid_field", "the file is empty", "file"));
  }
  if (sink->size() > ctx.config.max_material_bytes) {  // the session stops it; belt and braces
    return reply(json_error(
        413, "too_large",
        "the file is over the limit of " + human_limit(ctx.config.max_material_bytes), "file"));
  }
  if (title.empty() && replaces.empty()) title = name.substr(0, name.rfind('.'));
  if (title.empty() && replaces.empty()) title = name;
  auto who = principal_of(req);
  // Who may upload is decided before the file is kept: the same check the command meets in
  // the room (which checks again when it decides).
  ctx.rooms->get(meeting)->read_unredacted(
      who, [&ctx, store, who, meeting, item, replaces, name, view_only, title, sink, reply](
               std::optional<v1::Meeting> m, domain::maybe_rejection why) mutable {
        // A refusal removes the .part file before it answers: the caller may look at once.
        auto refuse = [&sink, &reply](api_response r) {
          sink->writer.reset();
          reply(std::move(r));
        };
        if (why || !m) return refuse(refused_read(why.value_or(domain::rejection{})));
        v1::Change change;
        auto* add = change.mutable_add_material();
        add->set_item_id(item);
        add->set_material_id(replaces);
        add->set_title(title);
        if (view_only == "1") add->mutable_material()->set_view_only(true);
        if (auto r = domain::check_change(*m, who.viewer(), change)) {
          v1::Error e;
          e.set_code(r->code);
          e.set_message(r->message);
          e.set_field(r->field == "item_id" ? "item" : r->field);
          return refuse(json_error(e));
        }
        const auto* it = domain::find_item(*m, item);
        if (!it) {
          return refuse(
              json_error(404, "not_found", "no agenda item with id '" + item + "'", "item"));
        }
        const bool secret = it->level() >= v1::LEVEL_SECRET;
        // 仅阅读 takes only what a browser shows: refused here, before the file is kept (the
        // meeting decides the same again).
        const auto* old = replaces.empty() ? nullptr : domain::find_material(*it, replaces);
        const bool must_view = secret || view_only == "1" || (old && old->view_only());
        boost::asio::post(store->pool, [&ctx, store, who, meeting, item, name, sink, reply, secret,
                                        must_view, change = std::move(change)]() mutable {
          const auto kind = sink->writer->sniff();
          if (kind.type.empty()) {
            v1::Error e;
            e.set_code(v1::ERROR_UNSUPPORTED_TYPE);
            e.set_message(
                "the file is not a PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), PNG or "
                "JPEG file: its content decides, not its name");
            e.set_field("file");
            sink->writer.reset();  // the .part goes before the answer
            return reply(json_error(e));
          }
          if (must_view && !domain::viewable_type(kind.type)) {
            v1::Error e;
            e.set_code(v1::ERROR_UNSUPPORTED_TYPE);
            e.set_message(
                "a view-only (仅阅读) material must be a PDF or an image, shown in the browser: "
                "save the file as PDF first");
            e.set_field("file");
            sink->writer.reset();  // the .part goes before the answer
            return reply(json_error(e));
          }
          if (auto ec = sink->writer->keep()) return reply(storage_unavailable(*store, ec));
          auto* v = change.mutable_add_material()->mutable_version();
          v->set_sha256(sink->writer->sha256());
          v->set_size(static_cast<std::int64_t>(sink->size()));
          v->set_type(kind.type);
          v->set_file_name(name);
          v->set_by_name(who.client_name);
          submit_material(ctx, who, meeting, item, secret, std::move(change), reply);
        });
      });
}

void list(net::server_context& ctx, api_request req, api_reply reply) {
  const auto meeting = req.params.value_or("m");
  if (!store::valid_meeting_id(meeting))
    return reply(json_error(400, "bad_request", "m must name a meeting", "m"));
  ctx.rooms->get(meeting)->read(
      principal_of(req),
      [&ctx, meeting, reply](std::optional<v1::Meeting> m, domain::maybe_rejection why) {
        if (why || !m) return reply(refused_read(why.value_or(domain::rejection{})));
        json::array items;
        for (const auto& it : m->agenda()) {
          json::array list;
          for (const auto& x : it.materials()) {
            if (!x.removed()) list.push_back(material_json(x, domain::view_only(it, x)));
          }
          items.push_back({{"item_id", it.id()},
                           {"title", it.title()},
                           {"level", v1::Level_Name(it.level())},
                           {"materials", std::move(list)}});
        }
        reply(net::json_ok({{"meeting_id", meeting},
                            {"limit_bytes", ctx.config.max_material_bytes},
                            {"types", json::array{"pdf", "docx", "xlsx", "pptx", "png", "jpeg"}},
                            {"items", std::move(items)}}));
      });
}

void download(net::server_context& ctx, const std::shared_ptr<material_store>& store,
              api_request req, api_reply reply) {
  const auto meeting = req.params.value_or("m");
  const auto item = req.params.value_or("item");
  const auto material = req.params.value_or("material");
  const auto wanted = req.params.value_or("v");
  const bool inline_view = req.params.value_or("inline") == "1";
  if (!store::valid_meeting_id(meeting))
    return reply(json_error(400, "bad_request", "m must name a meeting", "m"));
  if (!short_id(item) || !short_id(material)) return reply(no_material());
  std::uint32_t number = 0;
  if (!wanted.empty()) {
    if (wanted.size() > 6 || wanted.find_first_not_of("0123456789") != std::string::npos) {
      return reply(json_error(400, "bad_request", "v must be a version number", "v"));
    }
    number = static_cast<std::uint32_t>(std::stoul(wanted));
  }
  auto who = principal_of(req);
  ctx.rooms->get(meeting)->read(who, [&ctx, store, who, meeting, item, material, number,
                                      inline_view, reply](std::optional<v1::Meeting> m,
                                                          domain::maybe_rejection why) {
    if (why || !m) return reply(refused_read(why.value_or(domain::rejection{})));
    // The redacted meeting: an item above the reader's clearance is not in it at all.
    const auto* it = domain::find_item(*m, item);
    const auto* x = it ? domain::find_material(*it, material) : nullptr;
    if (!x || x->removed() || x->versions_size() == 0) return reply(no_material());
    const auto& v = number == 0 ? x->versions(x->versions_size() - 1)
                    : number <= static_cast<std::uint32_t>(x->versions_size())
                        ? x->versions(static_cast<int>(number) - 1)
                        : v1::MaterialVersion::default_instance();
    if (v.sha256().empty()) return reply(no_material());
    // 仅阅读: readers see it in the page's viewer (inline) and nowhere else; the secretaries
    // who circulate it keep the file itself (decision 0032).
    if (domain::view_only(*it, *x) &&
        domain::role_in(*m, who.account_id) != domain::meeting_role::secretary &&
        !(inline_view && domain::viewable_type(v.type()))) {
      return reply(json_error(403, "forbidden",
                              "this material is view only (仅阅读): open it in the viewer",
                              "material"));
    }
    (void)store->open();
    auto path = store->blobs.find(v.sha256(), v.size());
    if (path.empty()) {
      log::error("material bytes missing", {{"meeting", meeting}, {"sha256", v.sha256()}});
      return reply(json_error(503, "storage_unavailable", "the file cannot be read now"));
    }
    const auto kind = materials::describe(v.type());
    api_response res;
    res.file_path = path.string();
    auto disposition = attachment(v.file_name(), "material-" + material + "-v" +
                                                     std::to_string(v.version()) + kind.extension);
    const bool viewable = v.type() == "pdf" || v.type() == "png" || v.type() == "jpeg";
    if (inline_view && viewable) disposition.replace(0, 10, "inline");
    res.headers = {{"Content-Type", kind.mime}, {"Content-Disposition", disposition}};
    if (!ctx.svc->audit) return reply(std::move(res));
    const std::string detail = "item " + item + ", material " + material + " (" + x->title() +
                               "), version " + std::to_string(v.version()) + ", " + v.file_name() +
                               ", sha256 " + v.sha256() +
                               (inline_view ? ", viewed" : ", downloaded");
    // No record, no file: like an export.
    ctx.svc->audit({who.account_id, "material_download", "meeting " + meeting, who.from, detail},
                   [reply, res = std::move(res)](std::error_code ec) mutable {
                     if (ec) {
                       return reply(json_error(503, "storage_unavailable",
                                               "the download could not be recorded; retry later"));
                     }
                     reply(std::move(res));
                   });
  });
}

}  // namespace

void add_material_routes(net::server_context& ctx) {
  auto store = std::make_shared<material_store>(ctx.config.materials_dir);
  net::api_route up{verb::post, [&ctx, store](api_request req, api_reply reply) {
                      upload(ctx, store, std::move(req), std::move(reply));
                    }};
  // The HTTP cap on top of the file's: a chunked body is cut there, a declared one before.
  up.max_body_bytes = ctx.config.max_material_bytes;
  up.body_field = "file";
  // Streamed into the blob directory's tmp/ while it is read (decision 0032).
  up.open_upload = [store]() -> std::shared_ptr<net::upload_sink> {
    std::error_code ec = store->open();
    std::unique_ptr<materials::blob_writer> w;
    if (!ec) w = materials::blob_writer::begin(store->blobs.root(), ec);
    if (ec) {
      log::error("material not stored",
                 {{"dir", store->blobs.root().string()}, {"error", ec.message()}});
      return nullptr;
    }
    return std::make_shared<blob_sink>(std::move(w), store);
  };
  ctx.add_route("/api/meetings/materials", std::move(up));
  ctx.add_route("/api/meetings/materials", {verb::get, [&ctx](api_request req, api_reply reply) {
                                              list(ctx, std::move(req), std::move(reply));
                                            }});
  ctx.add_route("/api/meetings/materials/file",
                {verb::get, [&ctx, store](api_request req, api_reply reply) {
                   download(ctx, store, std::move(req), std::move(reply));
                 }});
}

}  // namespace huiwu::app
