#include "common/config_error.hpp"

#include <fmt/format.h>

#include "common/utf8.hpp"

namespace lucid {
namespace {

void append_hex(std::string& out, std::string_view bytes) {
  for (const char c : bytes) out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
}

std::string escape(std::string_view text, bool quotes_too) {
  std::string shown;
  shown.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    const auto byte = static_cast<unsigned char>(c);
    std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      length = 1;  // not UTF-8: this byte alone
      append_hex(shown, text.substr(i, 1));
    } else if (byte < 0x20 || byte == 0x7f || is_c1_control(text, i, length) ||
               (quotes_too && (c == '\'' || c == '\\'))) {
      append_hex(shown, text.substr(i, length));
    } else {
      shown += text.substr(i, length);
    }
    i += length;
  }
  return shown;
}

}  // namespace

std::string escape_controls(std::string_view text) { return escape(text, false); }

std::string escape_value(std::string_view value) { return escape(value, true); }

std::string describe_bad_value(std::string_view name, std::string_view value,
                               std::string_view rule) {
  return fmt::format("{}='{}': {}", name, escape_value(value), rule);
}

void throw_bad_value(std::string_view name, std::string_view value, std::string_view rule) {
  throw ConfigError(describe_bad_value(name, value, rule));
}

}  // namespace lucid
