#include "common/config_error.hpp"

#include <fmt/format.h>

namespace lucid {

std::string escape_value(std::string_view value) {
  std::string shown;
  shown.reserve(value.size());
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f || c == '\'' || c == '\\') {
      shown += fmt::format("\\x{:02x}", byte);
    } else {
      shown += c;
    }
  }
  return shown;
}

std::string describe_bad_value(std::string_view name, std::string_view value,
                               std::string_view rule) {
  return fmt::format("{}='{}': {}", name, escape_value(value), rule);
}

void throw_bad_value(std::string_view name, std::string_view value, std::string_view rule) {
  throw ConfigError(describe_bad_value(name, value, rule));
}

}  // namespace lucid
