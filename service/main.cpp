// huiwu-server: HTTP + WebSocket on one port, every change persisted to Redis before it
// is acknowledged and broadcast to everyone in the meeting.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/program_options.hpp>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/ssl/context.hpp>
#include <sstream>

#include "app/auth_service.hpp"
#include "app/cli.hpp"
#include "app/drain.hpp"
#include "app/followup_routes.hpp"
#include "app/notice_routes.hpp"
#include "app/routes.hpp"
#include "auth/crypto.hpp"
#include "base/clock.hpp"
#include "base/log.hpp"
#include "core/notifier.hpp"
#include "core/room_registry.hpp"
#include "followup/tz_loader.hpp"
#include "materials/blob_store.hpp"
#include "net/listener.hpp"
#include "redis/connection.hpp"
#include "store/meeting_store.hpp"

namespace po = boost::program_options;
using namespace huiwu;

namespace {

// "host:port" or "[v6]:port" -> host, port. False when it does not parse.
bool split_host_port(const std::string& s, std::string& host, std::uint16_t& port) {
  const auto colon = s.rfind(':');
  if (colon == std::string::npos || colon + 1 >= s.size()) return false;
  host = s.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  try {
    const auto p = std::stoul(s.substr(colon + 1));
    if (p == 0 || p > 65535) return false;
    port = static_cast<std::uint16_t>(p);
  } catch (...) {
    return false;
  }
  return !host.empty();
}

std::string env_or(const char* name, std::string fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}

// A test hook's value from the environment: absent or empty -> `fallback`; malformed -> nullopt
// (the server refuses to start rather than run on a clock it guessed).
std::optional<std::int64_t> env_ms(const char* name, std::int64_t fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  return base::parse_clock_offset(v);
}

// A size from the environment; an unreadable one is reported after the options are read.
std::string bad_size_env;
std::size_t env_size(const char* name, std::size_t fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  std::size_t n = 0;
  const auto [end, ec] = std::from_chars(v, v + std::strlen(v), n);
  if (ec == std::errc() && *end == '\0' && n > 0) return n;
  bad_size_env = std::string(name) + "='" + v + "'";
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  net::server_config cfg;
  std::string listen, redis_addr, metrics_listen, tls_cert, tls_key, origins, proxies;
  app::cli_command cli;
  bool sweep_materials = false;
  unsigned session_hours = 12;
  bool list_routes = false;
  double svc_rate = 1000;
  std::string log_level, log_format;
  std::int64_t drain_ms = 0;
  po::options_description desc(
      "huiwu-server: meetings, agendas and live minutes over HTTP and WebSocket.\n"
      "Every option may also come from the environment variable named in brackets;\n"
      "a command-line option wins over the environment.\n\nOptions");
  desc.add_options()                          //
      ("help,h", "print this help and exit")  //
      ("log-level", po::value(&log_level)->default_value(env_or("HUIWU_LOG_LEVEL", "info")),
       "debug, info, warn or error [HUIWU_LOG_LEVEL]")  //
      ("log-format", po::value(&log_format)->default_value(env_or("HUIWU_LOG_FORMAT", "auto")),
       "json (one object per line), text, or auto: text on a terminal, json otherwise "
       "[HUIWU_LOG_FORMAT]")  //
      ("listen", po::value(&listen)->default_value(env_or("HUIWU_LISTEN", "127.0.0.1:8080")),
       "HOST:PORT to serve HTTP and WebSocket on [HUIWU_LISTEN]")  //
      ("redis", po::value(&redis_addr)->default_value(env_or("HUIWU_REDIS", "127.0.0.1:6379")),
       "HOST:PORT of Redis [HUIWU_REDIS]")  //
      ("web-root",
       po::value(&cfg.web_root)->default_value(env_or("HUIWU_WEB_ROOT", HUIWU_DEFAULT_WEB_ROOT)),
       "directory of the browser UI [HUIWU_WEB_ROOT]")  //
      ("threads", po::value(&cfg.threads)->default_value(0),
       "network threads; 0 = one per core")  //
      ("max-frame-bytes", po::value(&cfg.max_frame_bytes)->default_value(cfg.max_frame_bytes),
       "largest WebSocket message accepted; larger ones close the connection with 1009")  //
      ("max-queued-bytes", po::value(&cfg.max_queued_bytes)->default_value(cfg.max_queued_bytes),
       "bytes one WebSocket connection may have waiting to be sent; a client that reads "
       "slower is closed with 1008 (docs/protocol.md section 1)")  //
      ("allowed-origin", po::value(&origins)->default_value(env_or("HUIWU_ALLOWED_ORIGINS", "")),
       "comma-separated origins (https://host[:port]) browsers may connect from; empty = the "
       "origin the request names in Host [HUIWU_ALLOWED_ORIGINS]")  //
      ("trusted-proxy", po::value(&proxies)->default_value(env_or("HUIWU_TRUSTED_PROXIES", "")),
       "comma-separated addresses of reverse proxies whose X-Forwarded-For/-Proto are believed "
       "[HUIWU_TRUSTED_PROXIES]")  //
      ("metrics-listen",
       po::value(&metrics_listen)->default_value(env_or("HUIWU_METRICS_LISTEN", "")),
       "HOST:PORT to serve /metrics on instead of the main port [HUIWU_METRICS_LISTEN]")  //
      ("tls-cert", po::value(&tls_cert)->default_value(env_or("HUIWU_TLS_CERT", "")),
       "PEM certificate chain: serve HTTPS and WSS [HUIWU_TLS_CERT]")  //
      ("tls-key", po::value(&tls_key)->default_value(env_or("HUIWU_TLS_KEY", "")),
       "PEM private key for --tls-cert [HUIWU_TLS_KEY]")  //
      ("max-requests-per-second", po::value(&svc_rate)->default_value(1000),
       "WebSocket requests one connection may send per second (burst: twice that); more are "
       "refused with ERROR_RATE_LIMITED")  //
      ("time-zone",
       po::value(&cfg.time_zone)->default_value(env_or("HUIWU_TIME_ZONE", cfg.time_zone)),
       "the office's IANA time zone (/usr/share/zoneinfo): the hours every page shows "
       "and reads, and those written in calendar invitations [HUIWU_TIME_ZONE]")  //
      ("materials-dir",
       po::value(&cfg.materials_dir)
           ->default_value(env_or("HUIWU_MATERIALS_DIR", cfg.materials_dir)),
       "where the bytes of meeting materials are kept, by SHA-256; every instance must see the "
       "same directory (a shared volume) [HUIWU_MATERIALS_DIR]")  //
      ("max-material-bytes",
       po::value(&cfg.max_material_bytes)
           ->default_value(env_size("HUIWU_MAX_MATERIAL_BYTES", cfg.max_material_bytes)),
       "largest material file accepted, in bytes (default 50 MiB); larger uploads get 413 "
       "[HUIWU_MAX_MATERIAL_BYTES]")  //
      ("drain-ms",
       po::value(&drain_ms)->default_value(env_ms("HUIWU_DRAIN_MS", 10000).value_or(-1)),
       "on SIGTERM, how long to wait for clients to be sent elsewhere and for writes in flight "
       "to be acknowledged before exiting, 0..3600000 (default 10000) [HUIWU_DRAIN_MS]")  //
      ("session-hours", po::value(&session_hours)->default_value(12),
       "how long a login lasts")  //
      ("session-seconds", po::value<unsigned>(),
       "how long a login lasts, in seconds (overrides --session-hours; for tests)")  //
      ("list-routes", po::bool_switch(&list_routes),
       "print every HTTP API route (method, path, who may call it) and exit")  //
      ("create-user", po::value(&cli.create_user),
       "command: create account ID (password on stdin; see --name --unit --title --clearance "
       "--admin --temporary) and exit")  //
      ("create-admin", po::value<std::string>(),
       "command: create administrator ID (clearance secret; password on stdin) and exit")  //
      ("name", po::value(&cli.name), "with --create-user: display name")                   //
      ("unit", po::value(&cli.unit), "with --create-user: unit (单位)")                    //
      ("title", po::value(&cli.title), "with --create-user: title (职务)")                 //
      ("clearance", po::value(&cli.clearance)->default_value("internal"),
       "with --create-user: public, internal, confidential or secret")                //
      ("admin", po::bool_switch(&cli.admin), "with --create-user: an administrator")  //
      ("temporary", po::bool_switch(&cli.temporary),
       "with --create-user: generate a one-time password instead of reading stdin")  //
      ("verify-audit", po::bool_switch(&cli.verify_audit),
       "command: verify the audit log's hash chain; exit 1 if it was tampered with")  //
      ("trim-history", po::value(&cli.trim_meeting),
       "command: drop meeting ID's stored events below --before-version (never past its "
       "latest snapshot; recorded in the audit log) and exit")  //
      ("before-version", po::value(&cli.trim_before)->default_value(0),
       "with --trim-history")  //
      ("sweep-materials", po::bool_switch(&sweep_materials),
       "command: remove the material files under --materials-dir that no meeting names and "
       "that are older than --sweep-grace-hours, and exit")  //
      ("sweep-grace-hours", po::value(&cli.sweep_grace_hours)->default_value(24),
       "with --sweep-materials: spare files younger than this (uploads in flight)")  //
      ("seed-demo", po::bool_switch(&cli.seed_demo),
       "command: when no account exists, create a demo organisation and meeting, print the "
       "one-time passwords, and exit");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, desc), vm);
    po::notify(vm);
  } catch (const std::exception& e) {
    std::cerr << "huiwu-server: " << e.what() << "\n\n" << desc << '\n';
    return 2;
  }
  if (auto l = log::parse_level(log_level)) {
    log::set_level(*l);
  } else {
    std::cerr << "huiwu-server: --log-level wants debug, info, warn or error, got '" << log_level
              << "'\n";
    return 2;
  }
  if (log_format == "json") {
    log::set_format(log::format::json);
  } else if (log_format == "text") {
    log::set_format(log::format::text);
  } else if (log_format != "auto") {
    std::cerr << "huiwu-server: --log-format wants json, text or auto, got '" << log_format
              << "'\n";
    return 2;
  }
  if (vm.count("help")) {
    std::cout
        << desc << '\n'
        << "The formal minutes, 纪要 (environment only; GET /api/meetings/jiyao, docs/export.md;\n"
           "a request's own parameters win):\n"
           "  HUIWU_JIYAO_ISSUER=TEXT   the issuing office on the 印发 line\n"
           "  HUIWU_JIYAO_UNIT=TEXT     the unit in the heading (〈unit〉〈meeting〉纪要)\n"
           "  HUIWU_JIYAO_NUMBERING=year|period\n"
           "                            issue numbers as 〔2026〕12号 (year, default) or 第12期\n"
           "  HUIWU_SOFFICE=PATH        LibreOffice for the PDF (default: soffice on PATH;\n"
           "                            without it the PDF answers 503 pdf_unavailable)\n"
           "  HUIWU_PDF_TIMEOUT_MS=N    how long one PDF conversion may take (1000..600000,\n"
           "                            default 60000)\n"
           "\n"
           "Test hooks (environment only; never in production):\n"
           "  HUIWU_CLOCK_OFFSET_MS=N   the server's clock runs N ms ahead of the machine's\n"
           "                            (N > 0: ahead, in the future; N < 0: behind; default\n"
           "                            0). Every time the server stamps or compares reads\n"
           "                            it: deadlines, reminders, item timers, audit; not\n"
           "                            session expiry (a Redis TTL, on Redis's clock).\n"
           "                            Used to make deadlines and reminders fall due\n"
           "                            without waiting; logged as a warning at start\n"
           "  HUIWU_FOLLOWUP_TICK_MS=N  how often the reminder scheduler looks for due\n"
           "                            reminders, in ms (default 1000; below 50 counts\n"
           "                            as 50)\n"
           "Both take a whole number of milliseconds; anything else stops the server with\n"
           "exit status 2.\n";
    return 0;
  }
  // The test hooks, checked before anything starts; see --help.
  const auto clock_offset = env_ms("HUIWU_CLOCK_OFFSET_MS", 0);
  if (!clock_offset) {
    std::cerr << "huiwu-server: HUIWU_CLOCK_OFFSET_MS wants a whole number of milliseconds "
                 "(positive: ahead of the machine's clock, negative: behind), got '"
              << std::getenv("HUIWU_CLOCK_OFFSET_MS") << "'\n";
    return 2;
  }
  if (const auto tick = env_ms("HUIWU_FOLLOWUP_TICK_MS", 1000); !tick || *tick <= 0) {
    std::cerr << "huiwu-server: HUIWU_FOLLOWUP_TICK_MS wants a positive whole number of "
                 "milliseconds, got '"
              << std::getenv("HUIWU_FOLLOWUP_TICK_MS") << "'\n";
    return 2;
  }
  // The one wall clock of this process (base/clock.hpp): rooms, follow-up, accounts and the
  // audit log all read it, so a moved clock moves them together.
  const base::system_clock wall_clock(*clock_offset);
  const auto now_ms = [&wall_clock] { return wall_clock.now_ms(); };
  if (!split_host_port(listen, cfg.listen_host, cfg.listen_port)) {
    std::cerr << "huiwu-server: --listen wants HOST:PORT, got '" << listen << "'\n";
    return 2;
  }
  if (!split_host_port(redis_addr, cfg.redis_host, cfg.redis_port)) {
    std::cerr << "huiwu-server: --redis wants HOST:PORT, got '" << redis_addr << "'\n";
    return 2;
  }
  if (!bad_size_env.empty() || cfg.max_material_bytes == 0) {
    std::cerr << "huiwu-server: --max-material-bytes (HUIWU_MAX_MATERIAL_BYTES) wants a positive "
                 "whole number of bytes"
              << (bad_size_env.empty() ? std::string() : ", got " + bad_size_env) << '\n';
    return 2;
  }
  if (drain_ms < 0 || drain_ms > 3'600'000) {
    std::cerr << "huiwu-server: --drain-ms (HUIWU_DRAIN_MS) wants a whole number of "
                 "milliseconds from 0 to 3600000\n";
    return 2;
  }
  if (auto zone = huiwu::followup::load_time_zone(cfg.time_zone); !zone) {
    std::cerr << "huiwu-server: --time-zone: " << zone.error().message << '\n';
    return 2;
  }
  if (cfg.threads == 0) cfg.threads = std::max(1u, std::thread::hardware_concurrency());
  if (vm.count("create-admin")) {
    cli.create_user = vm["create-admin"].as<std::string>();
    cli.admin = true;
    cli.clearance = "secret";
  }
  std::chrono::seconds session_ttl = std::chrono::hours(session_hours);
  if (vm.count("session-seconds")) {
    session_ttl = std::chrono::seconds(std::max(1u, vm["session-seconds"].as<unsigned>()));
  }
  if (list_routes) {
    // The same table the server uses: the access test checks it has a row for each.
    boost::asio::io_context ioc;
    auto idle = redis::connection::create(ioc.get_executor(), {});
    app::auth_service accounts(idle, std::make_shared<auth::audit_log>(ioc.get_executor(), idle),
                               now_ms, session_ttl);
    net::server_context ctx;
    app::add_routes(ctx, accounts);
    auto followup = app::add_followup_routes(ctx, accounts);
    auto notice = app::add_notice_routes(ctx);
    std::vector<std::string> lines;
    for (const auto& [path, routes] : ctx.routes) {
      for (const auto& r : routes) {
        lines.push_back(std::string(boost::beast::http::to_string(r.method)) + ' ' + path + ' ' +
                        (r.public_route ? "public"
                         : r.admin_only ? "admin"
                                        : "login"));
      }
    }
    std::sort(lines.begin(), lines.end());
    for (const auto& l : lines) std::cout << l << '\n';
    return 0;
  }
  if (sweep_materials) cli.sweep_materials_dir = cfg.materials_dir;
  if (!cli.create_user.empty() || cli.verify_audit || cli.seed_demo || !cli.trim_meeting.empty() ||
      sweep_materials) {
    cli.redis_host = cfg.redis_host;
    cli.redis_port = cfg.redis_port;
    cli.clock = &wall_clock;
    return app::run_cli(cli);
  }
  {
    std::stringstream ss(origins);
    for (std::string o; std::getline(ss, o, ',');) {
      if (!o.empty()) cfg.allowed_origins.push_back(o);
    }
    std::stringstream ps(proxies);
    for (std::string p; std::getline(ps, p, ',');) {
      if (!p.empty()) cfg.trusted_proxies.push_back(p);
    }
  }
  std::string metrics_host;
  std::uint16_t metrics_port = 0;
  if (!metrics_listen.empty()) {
    if (!split_host_port(metrics_listen, metrics_host, metrics_port)) {
      std::cerr << "huiwu-server: --metrics-listen wants HOST:PORT, got '" << metrics_listen
                << "'\n";
      return 2;
    }
    cfg.metrics_on_main = false;
  }
  std::shared_ptr<boost::asio::ssl::context> ssl;
  if (!tls_cert.empty() || !tls_key.empty()) {
    try {
      ssl = std::make_shared<boost::asio::ssl::context>(boost::asio::ssl::context::tls_server);
      ssl->set_options(boost::asio::ssl::context::default_workarounds |
                       boost::asio::ssl::context::no_sslv2 | boost::asio::ssl::context::no_sslv3 |
                       boost::asio::ssl::context::no_tlsv1 | boost::asio::ssl::context::no_tlsv1_1);
      ssl->use_certificate_chain_file(tls_cert);
      ssl->use_private_key_file(tls_key, boost::asio::ssl::context::pem);
    } catch (const std::exception& e) {
      std::cerr << "huiwu-server: cannot use --tls-cert/--tls-key: " << e.what() << '\n';
      return 2;
    }
    cfg.tls = true;
  }
  if (wall_clock.offset_ms() != 0) {
    log::warn("the clock runs off: HUIWU_CLOCK_OFFSET_MS is a test hook, never for production",
              {{"offset_ms", wall_clock.offset_ms()}});
  }
  if (auto ec = materials::blob_store(cfg.materials_dir).open()) {
    log::warn("the materials directory cannot be written: uploads will fail until it can",
              {{"dir", cfg.materials_dir}, {"error", ec.message()}});
  }
  auth::init_crypto();

  // One io_context per network thread (decision 0040). The first carries everything that
  // is not a connection (rooms, Redis, timers, the acceptors) and its share of the
  // connections; the others carry connections only, kept running by a work guard.
  boost::asio::io_context ioc(1);
  std::vector<std::unique_ptr<boost::asio::io_context>> more_shards;
  std::vector<boost::asio::io_context*> shards{&ioc};
  std::vector<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> keep;
  for (unsigned i = 1; i < cfg.threads; ++i) {
    more_shards.push_back(std::make_unique<boost::asio::io_context>(1));
    shards.push_back(more_shards.back().get());
    keep.push_back(boost::asio::make_work_guard(*more_shards.back()));
  }
  core::metrics stats;

  redis::options ro;
  ro.host = cfg.redis_host;
  ro.port = cfg.redis_port;
  // One connection for commands, one for pub/sub: a subscribed connection can do nothing else.
  auto commands = redis::connection::create(ioc.get_executor(), ro);
  auto subscriptions = redis::connection::create(ioc.get_executor(), ro);
  commands->set_on_connected([] { log::info("redis connected"); });
  commands->set_on_disconnected([](const std::string& why) {
    log::warn("redis disconnected", {{"reason", why}});
  });

  auto audit = std::make_shared<auth::audit_log>(ioc.get_executor(), commands);
  app::auth_service accounts(commands, audit, now_ms, session_ttl);
  core::notifier notify(subscriptions);
  core::services svc;
  svc.store = std::make_shared<store::meeting_store>(
      commands, [&stats](std::chrono::nanoseconds rtt) { stats.observe_redis(rtt); });
  svc.stats = &stats;
  svc.notify = &notify;
  svc.clock = &wall_clock;
  svc.new_token = [] { return core::random_token(); };
  svc.server_id = core::random_token(8);
  svc.time_zone = cfg.time_zone;
  svc.max_requests_per_second = svc_rate;
  if (const char* v = std::getenv("HUIWU_JIYAO_ISSUER")) svc.jiyao_office = v;
  if (const char* v = std::getenv("HUIWU_JIYAO_UNIT")) svc.jiyao_unit = v;
  if (const char* v = std::getenv("HUIWU_JIYAO_NUMBERING")) {
    svc.jiyao_numbering_by_period = std::string_view(v) == "period";
  }
  svc.audit = [&accounts, &wall_clock](core::audit_record r,
                                       std::function<void(std::error_code)> done) {
    auth::audit_entry e;
    e.at_ms = wall_clock.now_ms();
    e.actor = r.actor.empty() ? "-" : r.actor;
    e.action = std::move(r.action);
    e.target = std::move(r.target);
    e.from = std::move(r.from);
    e.detail = std::move(r.detail);
    if (done) {
      accounts.audit().append(std::move(e), std::move(done));
    } else {
      accounts.audit().append(std::move(e));
    }
  };
  core::room_registry rooms(ioc.get_executor(), svc);

  net::server_context ctx;
  ctx.config = cfg;
  ctx.svc = &svc;
  ctx.rooms = &rooms;
  ctx.ssl = ssl;
  ctx.authenticate = [&accounts](const std::string& token, auto cb) {
    accounts.authenticate(token, std::move(cb));
  };
  app::add_routes(ctx, accounts);
  auto followup = app::start_followup(ioc.get_executor(), ctx, accounts, notify);
  auto notice = app::start_notice(ioc.get_executor(), ctx, notify);
  notify.listen(store::account_store::account_changed_channel, [&ctx](const std::string& id) {
    ctx.close_matching(id, {}, "account changed; log in again");
  });
  notify.listen(store::account_store::session_ended_channel, [&ctx](const std::string& session) {
    ctx.close_matching({}, session, "logged out");
  });
  net::server_context metrics_ctx;
  metrics_ctx.config = cfg;
  metrics_ctx.config.metrics_only = true;
  metrics_ctx.svc = &svc;
  metrics_ctx.rooms = &rooms;

  std::shared_ptr<net::listener> lst;
  try {
    boost::asio::ip::tcp::endpoint ep(boost::asio::ip::make_address(cfg.listen_host),
                                      cfg.listen_port);
    lst = std::make_shared<net::listener>(shards, ep, ctx);
  } catch (const std::exception& e) {
    log::error("cannot listen", {{"address", listen}, {"error", e.what()}});
    return 1;
  }
  std::shared_ptr<net::listener> metrics_lst;
  if (!metrics_listen.empty()) {
    try {
      metrics_lst = std::make_shared<net::listener>(
          ioc,
          boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address(metrics_host), metrics_port),
          metrics_ctx);
    } catch (const std::exception& e) {
      log::error("cannot listen", {{"address", metrics_listen}, {"error", e.what()}});
      return 1;
    }
    metrics_lst->run();
  }
  commands->start();
  subscriptions->start();
  lst->run();
  log::info("listening", {{"url", std::string(ssl ? "https" : "http") + "://" + listen + "/"},
                          {"server", svc.server_id},
                          {"redis", redis_addr},
                          {"web_root", cfg.web_root},
                          {"threads", cfg.threads}});

  // SIGTERM: drain, then stop (app/drain.hpp). Nothing acknowledged is lost either way: a
  // change is acknowledged only after Redis has it, and clients re-send the rest.
  app::drain stopping(
      ioc, {&ctx, &metrics_ctx}, std::chrono::milliseconds(drain_ms), [&] { lst->stop(); },
      [&] {
        if (metrics_lst) metrics_lst->stop();
        commands->stop();
        subscriptions->stop();
        for (auto& g : keep) g.reset();
        for (auto* s : shards) s->stop();
      });
  stopping.arm();

  std::vector<std::thread> pool;
  for (std::size_t i = 1; i < shards.size(); ++i) pool.emplace_back([s = shards[i]] { s->run(); });
  ioc.run();
  for (auto& t : pool) t.join();
  log::info("stopped");
  return 0;
}
