#pragma once
// A JSON string literal written by hand: no JSON library for a few flat objects (the probe's
// --json verdict, the init's --log-format json lines).
#include <cstddef>
#include <string>
#include <string_view>

namespace lucid {

// Appends text as a quoted JSON string of at most max_bytes escaped bytes (at least 8), ending in
// "..." when cut. Invalid UTF-8 becomes U+FFFD: JSON text must be valid UTF-8. C0 and C1
// (U+0080..U+009F) control characters are \u escapes.
void append_json_string(std::string& out, std::string_view text, std::size_t max_bytes);

}  // namespace lucid
