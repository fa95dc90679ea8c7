#pragma once
// A strict reader of the JSON objects lucid-init writes with --log-format json: one object of
// scalar values, checked against RFC 8259 (valid UTF-8, escapes, number syntax, no trailing
// bytes, no duplicate keys), so a test fails on any line a log collector would reject.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace lucid_test {

struct JsonValue {
  enum class Kind { kNull, kBool, kNumber, kString };
  Kind kind = Kind::kNull;
  bool boolean = false;
  double number = 0;
  std::string text;  // a string's decoded bytes; a number as written
};

using JsonObject = std::map<std::string, JsonValue>;

// The object, or nullopt with the reason in *error.
std::optional<JsonObject> parse_json_object(std::string_view text, std::string* error);

}  // namespace lucid_test
