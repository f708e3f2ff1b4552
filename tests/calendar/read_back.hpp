// Reads iCalendar text with an independent parser: Debian's python3-icalendar through
// tests/calendar/read_ics.py, which also checks each VTIMEZONE observance against
// zoneinfo. Returns what a calendar client would show, as JSON; fails the test when the
// text does not parse.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>

#include <cstdio>
#include <fstream>
#include <string>

#ifndef HUIWU_READ_ICS
#error "HUIWU_READ_ICS names tests/calendar/read_ics.py"
#endif

namespace huiwu::test_ics {

inline boost::json::object read_back(const std::string& ics) {
  char path[] = "/tmp/huiwu-ics-XXXXXX";
  const int fd = ::mkstemp(path);
  EXPECT_GE(fd, 0);
  ::close(fd);
  std::ofstream(path, std::ios::binary) << ics;
  // Debian's interpreter: python3-icalendar is installed for it (deploy/install-deps.sh).
  const std::string cmd = "/usr/bin/python3 '" HUIWU_READ_ICS "' '" + std::string(path) + "' 2>&1";
  std::string out;
  if (FILE* p = ::popen(cmd.c_str(), "r")) {
    char buf[4096];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    EXPECT_EQ(::pclose(p), 0) << "read_ics.py said: " << out;
  }
  std::remove(path);
  boost::system::error_code ec;
  auto v = boost::json::parse(out, ec);
  EXPECT_FALSE(ec) << out;
  return ec || !v.is_object() ? boost::json::object{} : v.as_object();
}

}  // namespace huiwu::test_ics
