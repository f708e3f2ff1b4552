// PDF of a DOCX, rendered by LibreOffice headless (`soffice --convert-to pdf`, Debian's
// libreoffice-writer-nogui), off the I/O threads.
//
// Each conversion runs in its own worker thread, which spawns soffice in a fresh process
// group with a private profile directory (-env:UserInstallation, so that conversions never
// share or lock a profile) under a private temporary directory, waits for it up to the
// time-out, then kills the whole group and removes the directory whatever happened. At most
// `max_running` conversions run at once; one more is refused at once rather than queued,
// so a burst of downloads cannot pile up LibreOffice processes. `done` is called once, from
// the worker thread (or at once, from the caller's, when nothing can start): give it work
// that is safe from any thread (an api_reply, the audit log). A conversion still running
// when the server stops is cut short with the process.
#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace huiwu::app {

struct pdf_result {
  enum class status { ok, not_installed, busy, timed_out, failed };
  status how = status::failed;
  std::string pdf;     // with ok
  std::string detail;  // otherwise: what went wrong, for the log and the error message
};

struct pdf_settings {
  // The converter: HUIWU_SOFFICE when set, else the first `soffice` or `libreoffice` on PATH.
  std::string program;
  std::chrono::milliseconds timeout{60'000};  // HUIWU_PDF_TIMEOUT_MS
  int max_running = 2;
  static pdf_settings from_environment();
};

void render_pdf(std::string docx, const pdf_settings& settings,
                std::function<void(pdf_result)> done);

// The converter found by the settings' rule, "" when there is none (for tests and --help).
std::string find_soffice(const std::string& configured);

}  // namespace huiwu::app
