// The one JSON writer of the HTTP API and its one error shape (docs/protocol.md §10).
//
// Every JSON body the server sends over HTTP is written here, so that three promises hold
// for all of them:
// - the text is valid JSON and valid UTF-8 whatever the strings held: control characters,
//   quotes and backslashes are escaped by Boost.JSON, and bytes that are not UTF-8 (an
//   `ec.message()` in the C locale, a name cut mid-character) become U+FFFD instead of
//   making the document unreadable;
// - numbers are plain: integers as integers, doubles in the shortest form that reads back
//   to the same value (`1`, `0.95`), never Boost.JSON's `1E0` or `9.5E-1`; a NaN or an
//   infinity, which JSON cannot carry, is written as null;
// - an error is `{"error":{"code","message","field"?}}`, the HTTP form of the WebSocket
//   `Error`: `code` is the `ErrorCode` name without `ERROR_`, in lower case.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "huiwu.pb.h"
#include "net/server_context.hpp"

namespace huiwu::net {

// The JSON text of v under the promises above.
std::string json_text(const boost::json::value& v);

// `{"error":{"code":…,"message":…[,"field":…]}}`; no field member when field is empty.
std::string error_body(std::string_view code, std::string_view message,
                       std::string_view field = {});

api_response json_ok(const boost::json::object& o, int status = 200);
api_response json_error(int status, std::string_view code, std::string_view message,
                        std::string_view field = {});

// The HTTP status and code of a WebSocket error code: one taxonomy for both transports.
struct http_error_code {
  int status;
  std::string_view code;  // "not_found" for ERROR_NOT_FOUND
};
http_error_code http_error_of(v1::ErrorCode c);

// A refused command (or read) as an HTTP answer: same code, same message, same field.
api_response json_error(const v1::Error& e);

// 503 storage_unavailable with the usual wording.
api_response storage_unavailable();

}  // namespace huiwu::net
