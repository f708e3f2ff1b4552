#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace huiwu::net {

// Maps a request target ("/js/app.js?v=2") onto a file below `root`. nullopt for anything
// that is not plainly a path inside the root: dot segments in any encoding, backslashes,
// NUL bytes, bad percent-escapes, or a symlink that leads outside. Directories map to their
// index.html. Pure apart from reading the file system.
std::optional<std::filesystem::path> resolve_static(const std::filesystem::path& root,
                                                    std::string_view target);

// Decodes %XX escapes; nullopt on a malformed escape.
std::optional<std::string> percent_decode(std::string_view s);

std::string_view mime_type(const std::filesystem::path& p);

}  // namespace huiwu::net
