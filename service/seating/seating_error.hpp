// result<T>: a value or a seating_error (Boost.System's result, the one result type of
// the server), the return type of every fallible function in huiwu_seating. A seating_error carries
// the HTTP status the preview endpoint answers with, a stable machine code and a message for
// people, so the error reaches the client exactly as the engine worded it.
#pragma once

#include <boost/assert/source_location.hpp>
#include <boost/system/result.hpp>
#include <stdexcept>
#include <string>
#include <utility>

namespace huiwu::seating {

struct seating_error {
  int http_status = 422;  // 400: the request is malformed; 422: well-formed but impossible
  std::string code;       // stable, e.g. "too_many_people"
  std::string message;    // English, names the field or person at fault
};

inline seating_error bad_request(std::string message) {
  return {400, "invalid_request", std::move(message)};
}
inline seating_error unprocessable(std::string code, std::string message) {
  return {422, std::move(code), std::move(message)};
}

// Reading the value of an error is a programming error, the one exception this library
// lets escape; Boost.System finds this by argument-dependent lookup.
[[noreturn]] inline void throw_exception_from_error(const seating_error& e,
                                                    const boost::source_location&) {
  throw std::logic_error("seating result: " + e.message);
}

template <class T>
using result = boost::system::result<T, seating_error>;

}  // namespace huiwu::seating
