#include "probe/json_string.hpp"

#include <fmt/format.h>

namespace lucid::probe {
namespace {

// Length of the valid UTF-8 sequence starting text[i], or 0 if none starts there.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned lead = byte(i);
  std::size_t length;
  unsigned min_second = 0x80;
  unsigned max_second = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead == 0xe0) min_second = 0xa0;  // overlong
    if (lead == 0xed) max_second = 0x9f;  // surrogates
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead == 0xf0) min_second = 0x90;  // overlong
    if (lead == 0xf4) max_second = 0x8f;  // beyond U+10FFFF
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < min_second || byte(i + 1) > max_second) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xbf) return 0;
  }
  return length;
}

}  // namespace

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
    } else if (const std::size_t length = utf8_length(text, i); length != 0) {
      piece = std::string(text.substr(i, length));
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

}  // namespace lucid::probe
