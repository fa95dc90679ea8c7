#include "common/json_string.hpp"

#include <fmt/format.h>

#include "common/utf8.hpp"

namespace lucid {

void append_json_string(std::string& out, std::string_view text, std::size_t max_bytes) {
  constexpr std::string_view kCut = "...";
  // Quotes and the cut mark always fit.
  const std::size_t budget = max_bytes - 2 - kCut.size();
  std::string body;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    const auto byte = static_cast<unsigned char>(c);
    std::string piece;
    std::size_t consumed = 1;
    if (c == '"' || c == '\\') {
      piece = {'\\', c};
    } else if (c == '\n') {
      piece = "\\n";
    } else if (c == '\t') {
      piece = "\\t";
    } else if (c == '\r') {
      piece = "\\r";
    } else if (byte < 0x20) {
      piece = fmt::format("\\u{:04x}", byte);
    } else if (byte < 0x80) {
      piece = c;
    } else if (const std::size_t length = utf8_sequence_length(text, i); length != 0) {
      // C1 controls are valid JSON but drive a terminal as C0 ones do.
      piece = is_c1_control(text, i, length)
                  ? fmt::format("\\u{:04x}", static_cast<unsigned char>(text[i + 1]))
                  : std::string(text.substr(i, length));
      consumed = length;
    } else {
      piece = "\\ufffd";
    }
    if (body.size() + piece.size() > budget) {
      body += kCut;
      break;
    }
    body += piece;
    i += consumed;
  }
  out += '"';
  out += body;
  out += '"';
}

}  // namespace lucid
