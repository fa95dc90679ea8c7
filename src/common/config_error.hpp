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
// control characters (C0, DEL and C1 such as U+009B CSI), bytes that are not UTF-8, quotes and
// backslashes as \xNN, byte by byte, so it can neither end the line, forge another one nor drive
// the terminal showing it. Printable UTF-8 is kept.
std::string escape_value(std::string_view value);

// The same for a whole line already made of escaped parts: quotes and backslashes are kept, so
// the \xNN of an escaped value is not escaped again.
std::string escape_controls(std::string_view text);

// "NAME='value': rule", the value escaped as above.
std::string describe_bad_value(std::string_view name, std::string_view value,
                               std::string_view rule);

[[noreturn]] void throw_bad_value(std::string_view name, std::string_view value,
                                  std::string_view rule);

}  // namespace lucid
