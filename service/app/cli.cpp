#include "app/cli.hpp"

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <unordered_set>

#include "app/auth_service.hpp"
#include "auth/crypto.hpp"
#include "materials/blob_store.hpp"
#include "redis/connection.hpp"
#include "store/keys.hpp"
#include "store/meeting_store.hpp"

namespace huiwu::app {
namespace {

struct demo_person {
  const char* id;
  const char* name;
  const char* unit;
  const char* title;
  v1::Level clearance;
  bool admin;
};

v1::Meeting demo_meeting(std::int64_t now) {
  v1::Meeting m;
  m.set_id("mdemo");
  m.set_created_at_ms(now);
  m.set_created_by("mishu");
  auto* info = m.mutable_info();
  info->set_title("市政府常务会议（示例）");
  info->set_place("市政府第一会议室");
  info->set_convener("市政府办公室");
  info->set_starts_at_ms(now + 24 * 3600 * 1000LL);
  info->set_level(v1::LEVEL_INTERNAL);
  struct item {
    const char* title;
    const char* presenter;
    int minutes;
    v1::Level level;
  } items[] = {{"传达学习上级会议精神", "市政府办公室", 15, v1::LEVEL_PUBLIC},
               {"研究2027年重点项目计划", "市发展改革委", 30, v1::LEVEL_INTERNAL},
               {"审议应急物资储备方案", "市应急管理局", 20, v1::LEVEL_SECRET}};
  int n = 0;
  for (const auto& it : items) {
    auto* a = m.add_agenda();
    a->set_id("i" + std::to_string(++n));
    a->set_title(it.title);
    a->set_presenter(it.presenter);
    a->set_planned_minutes(it.minutes);
    a->set_level(it.level);
  }
  struct person {
    const char* name;
    const char* unit;
    const char* title;
    int rank;
    v1::Role role;
    const char* account;
  } people[] = {{"王建国", "市人民政府", "市长", 1, v1::ROLE_CHAIR, "lingdao"},
                {"李明", "市人民政府", "副市长", 2, v1::ROLE_PARTICIPANT, "canhui"},
                {"张华", "市发展改革委", "主任", 3, v1::ROLE_PARTICIPANT, ""},
                {"刘芳", "市应急管理局", "局长", 4, v1::ROLE_PARTICIPANT, ""}};
  for (const auto& p : people) {
    auto* a = m.add_attendees();
    a->set_id("p" + std::to_string(++n));
    a->set_name(p.name);
    a->set_unit(p.unit);
    a->set_title(p.title);
    a->set_rank(p.rank);
    a->set_role(p.role);
    a->set_account_id(p.account);
  }
  m.set_next_id(static_cast<std::uint64_t>(n));
  return m;
}

}  // namespace

namespace {

// Every blob any meeting's materials name (every version, removed materials too: their
// history is kept), then the sweep of the rest past the grace. A meeting that cannot be
// read stops the sweep: nothing is removed on a partial view.
void sweep_materials(std::shared_ptr<store::meeting_store> meetings, const cli_command& c,
                     auth_service& auth, std::function<void(int)> finish) {
  meetings->list(true, [meetings, &c, &auth, finish](std::error_code ec,
                                                     std::vector<v1::MeetingSummary> all) {
    if (ec) {
      std::cerr << "huiwu-server: cannot list the meetings; nothing removed\n";
      return finish(1);
    }
    auto ids = std::make_shared<std::vector<std::string>>();
    for (const auto& s : all) ids->push_back(s.id());
    auto keep = std::make_shared<std::unordered_set<std::string>>();
    auto next = std::make_shared<std::function<void(std::size_t)>>();
    // Holds itself weakly; each pending load holds it strongly, so it lives as long as needed.
    *next = [meetings, ids, keep, weak = std::weak_ptr(next), &c, &auth, finish](std::size_t i) {
      if (i == ids->size()) {
        materials::blob_store blobs(c.sweep_materials_dir);
        std::error_code e;
        const auto cutoff =
            std::filesystem::file_time_type::clock::now() - std::chrono::hours(c.sweep_grace_hours);
        const auto r = blobs.sweep(*keep, cutoff, e);
        if (e) {
          std::cerr << "huiwu-server: cannot sweep " << c.sweep_materials_dir << ": " << e.message()
                    << '\n';
          return finish(1);
        }
        std::cout << "removed " << r.removed << " unreferenced blobs (" << r.bytes_removed
                  << " bytes); kept " << r.kept << ", named by " << ids->size()
                  << " meetings or too young\n";
        auth.record(
            "-", "materials_swept", "dir " + c.sweep_materials_dir, "cli",
            std::to_string(r.removed) + " blobs removed, " + std::to_string(r.kept) + " kept");
        return finish(0);
      }
      meetings->load((*ids)[i], [next = weak.lock(), keep, i, ids, finish](
                                    std::error_code ec, std::optional<store::loaded_meeting> m) {
        if (ec) {
          std::cerr << "huiwu-server: cannot read meeting " << (*ids)[i] << "; nothing removed\n";
          return finish(1);
        }
        if (m) {
          for (const auto& it : m->state.agenda()) {
            for (const auto& x : it.materials()) {
              for (const auto& v : x.versions()) keep->insert(v.sha256());
            }
          }
        }
        (*next)(i + 1);
      });
    };
    (*next)(0);
  });
}

}  // namespace

int run_cli(const cli_command& c) {
  boost::asio::io_context ioc;
  redis::options ro;
  ro.host = c.redis_host;
  ro.port = c.redis_port;
  auto conn = redis::connection::create(ioc.get_executor(), ro);
  auto audit = std::make_shared<auth::audit_log>(ioc.get_executor(), conn);
  int code = 0;
  bool connected = false;
  conn->set_on_connected([&] { connected = true; });
  conn->start();
  // Give Redis a few seconds to answer before anything is attempted.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!connected && std::chrono::steady_clock::now() < deadline) {
    ioc.run_for(std::chrono::milliseconds(50));
  }
  if (!connected) {
    std::cerr << "huiwu-server: cannot reach Redis at " << c.redis_host << ':' << c.redis_port
              << '\n';
    return 1;
  }
  const base::system_clock machine;
  const base::clock& clock = c.clock ? *c.clock : machine;
  const auto unix_ms = [&clock] { return clock.now_ms(); };
  auth_service auth(conn, audit, unix_ms, std::chrono::hours(12));
  bool done = false;
  auto finish = [&](int rc) {
    code = rc;
    // Let queued audit entries reach Redis before the connection stops.
    audit->flush([&] { done = true; });
  };

  if (!c.trim_meeting.empty()) {
    // Policy, run explicitly: the log keeps everything until someone trims it. Only events
    // the latest snapshot already contains may go, so a meeting always loads; the trim is
    // itself on record in the audit log.
    if (!store::valid_meeting_id(c.trim_meeting)) {
      std::cerr << "huiwu-server: not a meeting id: " << c.trim_meeting << '\n';
      return 2;
    }
    auto meetings = std::make_shared<store::meeting_store>(conn);
    meetings->trim(c.trim_meeting, c.trim_before,
                   [&](std::error_code ec, std::optional<store::trim_result> r) {
                     if (ec) {
                       std::cerr << "huiwu-server: the trim failed\n";
                       return finish(1);
                     }
                     if (!r) {
                       std::cerr << "huiwu-server: no meeting " << c.trim_meeting << '\n';
                       return finish(1);
                     }
                     std::cout << "trimmed " << r->removed << " events of meeting "
                               << c.trim_meeting << " below version " << r->before << '\n';
                     auth.record("-", "history_trimmed", "meeting " + c.trim_meeting, "cli",
                                 std::to_string(r->removed) + " events below version " +
                                     std::to_string(r->before));
                     finish(0);
                   });
  } else if (!c.sweep_materials_dir.empty()) {
    sweep_materials(std::make_shared<store::meeting_store>(conn), c, auth, finish);
  } else if (c.verify_audit) {
    audit->verify([&](std::error_code ec, auth::audit_verdict v) {
      if (ec) {
        std::cerr << "huiwu-server: cannot read the audit log: " << ec.message() << '\n';
        code = 1;
      } else if (v.ok) {
        std::cout << "audit chain OK: " << v.entries << " entries, head " << v.head << '\n';
      } else {
        std::cout << "audit chain BROKEN at entry " << v.broken_at << ": " << v.reason << '\n';
        code = 1;
      }
      done = true;  // a verification leaves no trace of its own
    });
  } else if (!c.create_user.empty()) {
    auth::account a;
    a.id = c.create_user;
    a.name = c.name.empty() ? c.create_user : c.name;
    a.unit = c.unit;
    a.title = c.title;
    a.admin = c.admin;
    auto level = auth::parse_level(c.clearance);
    if (!level) {
      std::cerr << "huiwu-server: --clearance must be public, internal, confidential or secret\n";
      return 2;
    }
    a.clearance = *level;
    std::string password;
    if (!c.temporary) {
      if (!std::getline(std::cin, password)) {
        std::cerr << "huiwu-server: give the password on stdin (or use --temporary)\n";
        return 2;
      }
      if (!password.empty() && password.back() == '\r') password.pop_back();
    }
    auth.create_account("-", a, password, "cli", [&](auth_service::result r) {
      if (r.status >= 300) {
        std::cerr << "huiwu-server: " << r.message << '\n';
        return finish(r.status == 409 ? 3 : 1);
      }
      std::cout << "created account " << r.account->id;
      if (!r.password.empty()) std::cout << " with one-time password " << r.password;
      std::cout << '\n';
      finish(0);
    });
  } else if (c.seed_demo) {
    auth.count_accounts([&](std::error_code ec, long long n) {
      if (ec) return finish(1);
      if (n > 0) {
        std::cout << "accounts exist already: no demo organisation created\n";
        return finish(0);
      }
      static const demo_person people[] = {
          {"admin", "系统管理员", "市政府办公室", "管理员", v1::LEVEL_INTERNAL, true},
          {"mishu", "陈秘书", "市政府办公室", "秘书", v1::LEVEL_SECRET, false},
          {"lingdao", "王建国", "市人民政府", "市长", v1::LEVEL_SECRET, false},
          {"canhui", "李明", "市人民政府", "副市长", v1::LEVEL_INTERNAL, false}};
      auto remaining = std::make_shared<int>(4);
      auto lines = std::make_shared<std::vector<std::string>>();
      for (const auto& p : people) {
        auth::account a;
        a.id = p.id;
        a.name = p.name;
        a.unit = p.unit;
        a.title = p.title;
        a.clearance = p.clearance;
        a.admin = p.admin;
        auth.create_account("-", a, {}, "cli", [&, remaining, lines](auth_service::result r) {
          if (r.status < 300) {
            lines->push_back("  " + r.account->id + " (" + r.account->name + ")  " + r.password);
          }
          if (--*remaining > 0) return;
          std::sort(lines->begin(), lines->end());
          std::cout << "demo accounts and their one-time passwords (changed at first login):\n";
          for (const auto& l : *lines) std::cout << l << '\n';
          auto store = std::make_shared<store::meeting_store>(conn);
          store->create(demo_meeting(unix_ms()), auth::new_session_token().substr(0, 16), "", 0,
                        [&, store](std::error_code ec2, store::create_status, std::string) {
                          if (!ec2) std::cout << "demo meeting: mdemo (secretary mishu)\n";
                          finish(ec2 ? 1 : 0);
                        });
        });
      }
    });
  }
  while (!done) ioc.run_for(std::chrono::milliseconds(50));
  conn->stop();
  ioc.run_for(std::chrono::milliseconds(100));
  return code;
}

}  // namespace huiwu::app
