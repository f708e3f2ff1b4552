#pragma once

#include "redis/reply.hpp"

struct redisReply;

namespace huiwu::redis {

// Deep-copies a hiredis reply tree. hiredis frees its reply as soon as the reply callback
// returns, so everything we keep must be copied inside that callback.
reply copy_reply(const redisReply& r);

}  // namespace huiwu::redis
