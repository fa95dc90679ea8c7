#pragma once
// A misconfiguration: one line naming the flag or variable, the value and the rule. Parsers throw
// it; the entry points print it and exit with the documented code (2 for the init, 1 for the
// probe, because Docker reserves 2 for health checks).
#include <stdexcept>
#include <string>
#include <string_view>

namespace lucid {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "NAME='value': rule", with control characters escaped so the message stays one line.
std::string describe_bad_value(std::string_view name, std::string_view value,
                               std::string_view rule);

[[noreturn]] void throw_bad_value(std::string_view name, std::string_view value,
                                  std::string_view rule);

}  // namespace lucid
