#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace huiwu::auth {

// libsodium, initialised once (thread-safe, idempotent). Throws if it cannot start.
void init_crypto();

// Argon2id (libsodium crypto_pwhash_str, interactive limits): memory-hard and salted; the
// result carries its own parameters. Slow on purpose (tens of milliseconds and 64 MiB):
// call it off the network threads. Empty on failure (out of memory).
std::optional<std::string> hash_password(std::string_view password);
bool verify_password(const std::string& hash, std::string_view password);

// 32 bytes from the OS CSPRNG (randombytes_buf), base64url without padding: 43 characters.
std::string new_session_token();
// A one-time password people can type: 12 characters from an unambiguous alphabet.
std::string new_one_time_password();
// SHA-256 as 64 lower-case hex digits.
std::string sha256_hex(std::string_view data);

}  // namespace huiwu::auth
