#include "app/jiyao_pdf.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "base/log.hpp"

extern char** environ;

namespace huiwu::app {
namespace {

namespace fs = std::filesystem;

std::atomic<int> running{0};

bool executable(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The print faces the DOCX names are rarely installed on a server. Without a hint,
// fontconfig falls back to a sans face for everything; these aliases give the 仿宋/宋/楷
// faces a serif CJK face and 黑体 a sans one (Debian's fonts-noto-cjk), the system's own
// configuration still included.
std::string font_aliases() {
  std::string s =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n"
      "<include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n";
  auto alias = [&](const char* family, const char* face) {
    s += std::string("<alias binding=\"strong\"><family>") + family + "</family><prefer><family>" +
         face + "</family></prefer></alias>\n";
  };
  for (const char* f : {"方正小标宋简体", "小标宋", "华文中宋", "宋体", "SimSun", "仿宋_GB2312",
                        "仿宋", "FangSong", "楷体_GB2312", "楷体", "KaiTi"}) {
    alias(f, "Noto Serif CJK SC");
  }
  for (const char* f : {"黑体", "SimHei"}) alias(f, "Noto Sans CJK SC");
  return s + "</fontconfig>\n";
}

// Runs in the worker thread: everything here is private to this conversion.
pdf_result convert(const std::string& program, const std::string& docx,
                   std::chrono::milliseconds timeout) {
  pdf_result r;
  std::string tmpl = (fs::temp_directory_path() / "huiwu-pdf-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) {
    r.detail = "no temporary directory for the conversion";
    return r;
  }
  const fs::path dir = tmpl;
  struct cleanup {
    fs::path dir;
    ~cleanup() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } remove_dir{dir};
  {
    std::ofstream out(dir / "jiyao.docx", std::ios::binary);
    out << docx;
    if (!out) {
      r.detail = "could not write the document for the conversion";
      return r;
    }
  }
  std::ofstream(dir / "fonts.conf") << font_aliases();
  const std::string profile = "-env:UserInstallation=file://" + (dir / "profile").string();
  std::vector<std::string> args = {program,
                                   "--headless",
                                   "--norestore",
                                   "--nologo",
                                   "--nolockcheck",
                                   profile,
                                   "--convert-to",
                                   "pdf",
                                   "--outdir",
                                   dir.string(),
                                   (dir / "jiyao.docx").string()};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  const std::string log = (dir / "soffice.log").string();
  posix_spawn_file_actions_addopen(&files, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&files, 1, 2);
  posix_spawn_file_actions_addopen(&files, 0, "/dev/null", O_RDONLY, 0);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setpgroup(&attr, 0);  // its own group: a time-out kills every child
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  // HOME too: soffice writes under it when the profile is not enough.
  std::vector<std::string> env_store;
  for (char** e = environ; *e; ++e) {
    const std::string_view var(*e);
    if (var.starts_with("HOME=") || var.starts_with("FONTCONFIG_FILE=")) continue;
    env_store.emplace_back(*e);
  }
  env_store.push_back("HOME=" + dir.string());
  env_store.push_back("FONTCONFIG_FILE=" + (dir / "fonts.conf").string());
  std::vector<char*> envp;
  for (auto& e : env_store) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = ::posix_spawn(&pid, program.c_str(), &files, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&files);
  posix_spawnattr_destroy(&attr);
  if (spawned != 0) {
    r.how = pdf_result::status::not_installed;
    r.detail = "could not start " + program;
    return r;
  }
  // Waiting here blocks this worker thread only, never an I/O thread.
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int wstatus = 0;
  for (;;) {
    const pid_t w = ::waitpid(pid, &wstatus, WNOHANG);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) {
      r.detail = "lost the converter process";
      return r;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &wstatus, 0);
      r.how = pdf_result::status::timed_out;
      r.detail = "LibreOffice did not finish within " + std::to_string(timeout.count()) + " ms";
      return r;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(-pid, SIGKILL);  // anything it left behind in its group
  const fs::path pdf = dir / "jiyao.pdf";
  std::error_code ec;
  if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0 || !fs::exists(pdf, ec)) {
    auto out = read_file(log);
    if (out.size() > 300) out.resize(300);
    r.detail = "LibreOffice could not convert the document: " + out;
    return r;
  }
  r.pdf = read_file(pdf);
  r.how = r.pdf.starts_with("%PDF") ? pdf_result::status::ok : pdf_result::status::failed;
  if (r.how != pdf_result::status::ok) r.detail = "LibreOffice wrote no PDF";
  return r;
}

}  // namespace

std::string find_soffice(const std::string& configured) {
  if (!configured.empty()) return executable(configured) ? configured : std::string();
  const char* path = std::getenv("PATH");
  std::string_view rest = path ? path : "/usr/bin:/bin";
  while (!rest.empty()) {
    const auto colon = rest.find(':');
    const fs::path dir(std::string(rest.substr(0, colon)));
    rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
    for (const char* name : {"soffice", "libreoffice"}) {
      if (executable(dir / name)) return (dir / name).string();
    }
  }
  return {};
}

pdf_settings pdf_settings::from_environment() {
  pdf_settings s;
  if (const char* p = std::getenv("HUIWU_SOFFICE")) s.program = p;
  if (const char* t = std::getenv("HUIWU_PDF_TIMEOUT_MS")) {
    const long ms = std::strtol(t, nullptr, 10);
    if (ms >= 1000 && ms <= 600'000) s.timeout = std::chrono::milliseconds(ms);
  }
  return s;
}

void render_pdf(std::string docx, const pdf_settings& settings,
                std::function<void(pdf_result)> done) {
  const std::string program = find_soffice(settings.program);
  if (program.empty()) {
    pdf_result r;
    r.how = pdf_result::status::not_installed;
    r.detail = settings.program.empty() ? "soffice is not on PATH"
                                        : settings.program + " is not an executable";
    return done(std::move(r));
  }
  if (running.fetch_add(1) >= settings.max_running) {
    running.fetch_sub(1);
    pdf_result r;
    r.how = pdf_result::status::busy;
    r.detail = "too many PDF conversions at once";
    return done(std::move(r));
  }
  std::thread([program, docx = std::move(docx), timeout = settings.timeout,
               done = std::move(done)]() mutable {
    auto r = convert(program, docx, timeout);
    running.fetch_sub(1);
    if (r.how != pdf_result::status::ok) {
      log::warn("pdf conversion failed", {{"error", r.detail}});
    }
    done(std::move(r));
  }).detach();
}

}  // namespace huiwu::app
