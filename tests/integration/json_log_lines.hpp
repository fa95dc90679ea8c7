#pragma once
// Reading lucid-init's --log-format json output in tests: every line parsed (the keys every line
// has checked), the events of one name, and typed access to their fields.
#include <string>
#include <vector>

#include "json_object.hpp"

namespace lucid_test {

// Every stderr line parsed, with the keys every line has checked (failures are recorded).
std::vector<JsonObject> json_lines(const std::string& err);
std::vector<JsonObject> events(const std::vector<JsonObject>& lines, const std::string& name);
// The one event of that name; an empty object (and a failure) if there is not exactly one.
JsonObject only(const std::vector<JsonObject>& lines, const std::string& name);
// The field's JSON text if it has that kind, else a marker that fails any comparison.
std::string field(const JsonObject& o, const std::string& key, JsonValue::Kind kind);
std::string number(const JsonObject& o, const std::string& key);
std::string text(const JsonObject& o, const std::string& key);
bool is_null(const JsonObject& o, const std::string& key);

}  // namespace lucid_test
