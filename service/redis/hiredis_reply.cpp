#include "redis/hiredis_reply.hpp"

#include <hiredis/hiredis.h>

namespace huiwu::redis {

reply copy_reply(const redisReply& r) {
  reply out;
  switch (r.type) {
    case REDIS_REPLY_STATUS:
      out.type = reply::kind::status;
      out.str.assign(r.str, r.len);
      break;
    case REDIS_REPLY_ERROR:
      out.type = reply::kind::error;
      out.str.assign(r.str, r.len);
      break;
    case REDIS_REPLY_STRING:
      out.type = reply::kind::string;
      out.str.assign(r.str, r.len);
      break;
    case REDIS_REPLY_INTEGER:
      out.type = reply::kind::integer;
      out.integer = r.integer;
      break;
    case REDIS_REPLY_ARRAY:
      out.type = reply::kind::array;
      out.elements.reserve(r.elements);
      for (std::size_t i = 0; i < r.elements; ++i) {
        out.elements.push_back(r.element[i] != nullptr ? copy_reply(*r.element[i]) : reply{});
      }
      break;
    default:  // REDIS_REPLY_NIL, and nothing else exists in RESP2
      out.type = reply::kind::nil;
      break;
  }
  return out;
}

}  // namespace huiwu::redis
