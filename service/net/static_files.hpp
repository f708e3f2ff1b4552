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

std::string_view mime_type(const std::filesystem::path& p);

}  // namespace huiwu::net
