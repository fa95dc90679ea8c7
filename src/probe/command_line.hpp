#pragma once
// The probe's command line as written, before any value is checked: one getopt_long pass that
// never stops early, so a usage error is still reported in the format (-q, --json) the rest of the
// line asked for.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lucid::probe {

enum class OutputFormat { kLine, kJson, kQuiet };
enum class Help { kNone, kShort, kAll };

struct CommandLine {
  std::optional<std::string> host;
  std::optional<std::string> port;
  std::optional<std::string> port_env;
  std::optional<std::string> service;
  std::optional<std::string> unix_path;
  std::optional<std::string> http_path;
  std::optional<std::string> expect;
  std::optional<std::string> timeout;
  std::optional<std::string> wait;
  std::vector<std::string> headers;  // --header is the one flag that repeats; others: last wins
  OutputFormat output = OutputFormat::kLine;
  Help help = Help::kNone;
  std::optional<std::string> usage_error;  // the first problem, e.g. "unknown option '--bogus'"
};

// argv[0] is "probe". getopt_long may reorder argv.
CommandLine parse_command_line(int argc, char** argv);

// --help (one screen) and --help-all (every option explained; the man page's section).
std::string usage_text();
std::string usage_all_text();

}  // namespace lucid::probe
