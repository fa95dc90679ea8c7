#include "json_log_lines.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "test_support.hpp"

namespace lucid_test {

using Kind = JsonValue::Kind;

std::vector<JsonObject> json_lines(const std::string& err) {
  static const std::regex time(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
  static const std::regex event("[a-z]+(_[a-z]+)*");
  std::vector<JsonObject> objects;
  for (const std::string& line : split_lines(err)) {
    std::string error;
    const auto object = parse_json_object(line, &error);
    if (!object) {
      ADD_FAILURE() << "not a JSON object (" << error << "): " << line;
      continue;
    }
    const auto has = [&](const char* key, Kind kind) {
      const auto it = object->find(key);
      return it != object->end() && it->second.kind == kind;
    };
    EXPECT_TRUE(has("time", Kind::kString) && std::regex_match(object->at("time").text, time))
        << line;
    EXPECT_TRUE(has("level", Kind::kString)) << line;
    EXPECT_TRUE(has("event", Kind::kString) && std::regex_match(object->at("event").text, event))
        << line;
    EXPECT_TRUE(has("msg", Kind::kString)) << line;
    objects.push_back(*object);
  }
  return objects;
}

std::vector<JsonObject> events(const std::vector<JsonObject>& lines, const std::string& name) {
  std::vector<JsonObject> found;
  for (const JsonObject& line : lines) {
    if (line.at("event").text == name) found.push_back(line);
  }
  return found;
}

JsonObject only(const std::vector<JsonObject>& lines, const std::string& name) {
  const auto found = events(lines, name);
  EXPECT_EQ(found.size(), 1U) << name;
  return found.size() == 1 ? found[0] : JsonObject{};
}

std::string field(const JsonObject& o, const std::string& key, Kind kind) {
  const auto it = o.find(key);
  if (it == o.end()) return "<missing " + key + ">";
  if (it->second.kind != kind) return "<wrong kind of " + key + ">";
  if (kind == Kind::kBool) return it->second.boolean ? "true" : "false";
  if (kind == Kind::kNull) return "null";
  return it->second.text;
}
std::string number(const JsonObject& o, const std::string& key) {
  return field(o, key, Kind::kNumber);
}
std::string text(const JsonObject& o, const std::string& key) {
  return field(o, key, Kind::kString);
}
bool is_null(const JsonObject& o, const std::string& key) {
  return field(o, key, Kind::kNull) == "null";
}

}  // namespace lucid_test
