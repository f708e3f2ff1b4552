// result<T>: a value or a rejection (rejection.hpp) — Boost.System's result, the one
// result type of the server, as in ot/result.hpp and seating/seating_error.hpp. Checking is
// the caller's duty:
//   auto t = decide(item, act, role, now_ms, zone);
//   if (!t) return refuse(t.error());
//   apply(item, *t);
// value() (or *) on an error is a programming error and throws std::logic_error, the one
// exception this library lets escape.
#pragma once

#include <boost/assert/source_location.hpp>
#include <boost/system/result.hpp>
#include <stdexcept>

#include "followup/rejection.hpp"

namespace huiwu::followup {

// Found by Boost.System through argument-dependent lookup when value() meets an error.
[[noreturn]] inline void throw_exception_from_error(const rejection& e,
                                                    const boost::source_location&) {
  throw std::logic_error("followup result: " + e.message);
}

template <class T>
using result = boost::system::result<T, rejection>;

}  // namespace huiwu::followup
