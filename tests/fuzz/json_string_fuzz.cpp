// JSON string escaping of untrusted text (error messages quote what the network sent): the result
// is one quoted string within the byte budget, with no raw control character (C0 or C1) in it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/json_string.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t max_bytes = 8 + data[0];  // the documented minimum is 8
  std::string out;
  lucid::append_json_string(out, lucid_fuzz::as_text(data + 1, size - 1), max_bytes);
  if (out.size() > max_bytes || out.size() < 2 || out.front() != '"' || out.back() != '"') {
    __builtin_trap();
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto byte = static_cast<unsigned char>(out[i]);
    if (byte < 0x20) __builtin_trap();
    // No raw C1 control (U+0080..U+009F, C2 80..C2 9F) either.
    if (byte == 0xc2 && i + 1 < out.size() && static_cast<unsigned char>(out[i + 1]) <= 0x9f) {
      __builtin_trap();
    }
  }
  return 0;
}
