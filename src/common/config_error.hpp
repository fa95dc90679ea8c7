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

// A value from outside (a flag, a variable, a program name) made safe for a one-line message:
// control characters, quotes and backslashes as \xNN, so it can neither end the line nor forge
// another one.
std::string escape_value(std::string_view value);

// "NAME='value': rule", the value escaped as above.
std::string describe_bad_value(std::string_view name, std::string_view value,
                               std::string_view rule);

[[noreturn]] void throw_bad_value(std::string_view name, std::string_view value,
                                  std::string_view rule);

}  // namespace lucid
