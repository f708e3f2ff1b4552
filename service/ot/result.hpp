// result<T>: a value or an error code, the return type of every fallible function in
// huiwu_ot — Boost.System's result, the one result type the server uses. Checking is
// the caller's duty:
//   auto r = compose(a, b);
//   if (!r) return fail(r.error(), "compose");
// value() on an error throws std::system_error; that is a programming error, the one
// exception this library lets escape. error() on a value is a default (false) code.
#pragma once

#include <boost/system/result.hpp>
#include <system_error>

#include "ot/ot_error.hpp"

namespace huiwu::ot {

template <class T>
using result = boost::system::result<T, std::error_code>;

}  // namespace huiwu::ot
