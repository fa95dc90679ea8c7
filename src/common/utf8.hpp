#pragma once
// UTF-8 as the messages see it: text from outside is shown as it is when it is valid, printable
// UTF-8, and byte by byte when it is not.
#include <cstddef>
#include <string_view>

namespace lucid {

// Length of the valid UTF-8 sequence starting at text[i] (1 for ASCII), or 0 if none starts
// there: a stray continuation byte, a cut or overlong sequence, a surrogate, beyond U+10FFFF.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);

// U+0080..U+009F, the C1 controls (U+009B is CSI, which terminals take for ESC [), in the valid
// sequence of `length` bytes at text[i].
bool is_c1_control(std::string_view text, std::size_t i, std::size_t length);

}  // namespace lucid
