// huiwu-server: HTTP + WebSocket on one port, every change persisted to Redis before it
// is acknowledged and broadcast to everyone in the meeting.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <thread>
#include <vector>

#include "core/notifier.hpp"
#include "core/room_registry.hpp"
#include "net/listener.hpp"
#include "redis/connection.hpp"
#include "store/meeting_store.hpp"

#include "seating/preview.hpp"

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

std::int64_t unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

int main(int argc, char** argv) {
  net::server_config cfg;
  std::string listen, redis_addr;
  po::options_description desc(
      "huiwu-server: meetings, agendas and live minutes over HTTP and WebSocket.\n"
      "Every option may also come from the environment variable named in brackets;\n"
      "a command-line option wins over the environment.\n\nOptions");
  desc.add_options()                          //
      ("help,h", "print this help and exit")  //
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
       "largest WebSocket message accepted; larger ones close the connection with 1009");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, desc), vm);
    po::notify(vm);
  } catch (const std::exception& e) {
    std::cerr << "huiwu-server: " << e.what() << "\n\n" << desc << '\n';
    return 2;
  }
  if (vm.count("help")) {
    std::cout << desc << '\n';
    return 0;
  }
  if (!split_host_port(listen, cfg.listen_host, cfg.listen_port)) {
    std::cerr << "huiwu-server: --listen wants HOST:PORT, got '" << listen << "'\n";
    return 2;
  }
  if (!split_host_port(redis_addr, cfg.redis_host, cfg.redis_port)) {
    std::cerr << "huiwu-server: --redis wants HOST:PORT, got '" << redis_addr << "'\n";
    return 2;
  }
  if (cfg.threads == 0) cfg.threads = std::max(1u, std::thread::hardware_concurrency());

  boost::asio::io_context ioc(static_cast<int>(cfg.threads));
  core::metrics stats;

  redis::options ro;
  ro.host = cfg.redis_host;
  ro.port = cfg.redis_port;
  // One connection for commands, one for pub/sub: a subscribed connection can do nothing else.
  auto commands = redis::connection::create(ioc.get_executor(), ro);
  auto subscriptions = redis::connection::create(ioc.get_executor(), ro);
  commands->set_on_connected([] { std::cerr << "redis: connected\n"; });
  commands->set_on_disconnected(
      [](const std::string& why) { std::cerr << "redis: disconnected (" << why << ")\n"; });

  core::notifier notify(subscriptions);
  core::services svc;
  svc.store = std::make_shared<store::meeting_store>(
      commands, [&stats](std::chrono::nanoseconds rtt) { stats.observe_redis(rtt); });
  svc.stats = &stats;
  svc.notify = &notify;
  svc.now_ms = unix_ms;
  svc.new_token = [] { return core::random_token(); };
  svc.server_id = core::random_token(8);
  core::room_registry rooms(ioc.get_executor(), svc);

  net::server_context ctx;
  ctx.config = cfg;
  ctx.svc = &svc;
  ctx.rooms = &rooms;
  ctx.post_routes["/api/seating/preview"] = [](std::string_view body) {
    auto r = seating::preview(body);
    return net::json_response{r.http_status, std::move(r.json)};
  };

  std::shared_ptr<net::listener> lst;
  try {
    boost::asio::ip::tcp::endpoint ep(boost::asio::ip::make_address(cfg.listen_host),
                                      cfg.listen_port);
    lst = std::make_shared<net::listener>(ioc, ep, ctx);
  } catch (const std::exception& e) {
    std::cerr << "huiwu-server: cannot listen on " << listen << ": " << e.what() << '\n';
    return 1;
  }
  commands->start();
  subscriptions->start();
  lst->run();
  std::cerr << "huiwu-server " << svc.server_id << " listening on http://" << listen << "/ (redis "
            << redis_addr << ", web root " << cfg.web_root << ", " << cfg.threads << " threads)\n";

  boost::asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code, int sig) {
    std::cerr << "huiwu-server: signal " << sig << ", shutting down\n";
    lst->stop();
    ctx.close_all();
    // Give the goodbyes a moment to go out, then stop. Nothing unacknowledged is lost:
    // a change is acknowledged only after Redis has it, and clients re-send the rest.
    auto timer = std::make_shared<boost::asio::steady_timer>(ioc, std::chrono::milliseconds(300));
    timer->async_wait([&, timer](boost::system::error_code) {
      commands->stop();
      subscriptions->stop();
      ioc.stop();
    });
  });

  std::vector<std::thread> pool;
  for (unsigned i = 1; i < cfg.threads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& t : pool) t.join();
  std::cerr << "huiwu-server: stopped\n";
  return 0;
}
