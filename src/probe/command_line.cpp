#include "probe/command_line.hpp"

#include <fmt/format.h>
#include <getopt.h>

#include "common/config_error.hpp"
#include "common/help_text.hpp"
#include "common/long_option_match.hpp"

namespace lucid::probe {
namespace {

enum Option : int {
  kHost = 256,
  kPort,
  kPortEnv,
  kService,
  kUnix,
  kHttp,
  kExpect,
  kHeader,
  kTimeout,
  kWait,
  kJson,
  kHelpAll,
};

const option kOptions[] = {
    {"host", required_argument, nullptr, kHost},
    {"port", required_argument, nullptr, kPort},
    {"port-env", required_argument, nullptr, kPortEnv},
    {"service", required_argument, nullptr, kService},
    {"unix", required_argument, nullptr, kUnix},
    {"http", required_argument, nullptr, kHttp},
    {"expect", required_argument, nullptr, kExpect},
    {"header", required_argument, nullptr, kHeader},
    {"timeout", required_argument, nullptr, kTimeout},
    {"wait", required_argument, nullptr, kWait},
    {"json", no_argument, nullptr, kJson},
    {"quiet", no_argument, nullptr, 'q'},
    {"help", no_argument, nullptr, 'h'},
    {"help-all", no_argument, nullptr, kHelpAll},
    {nullptr, 0, nullptr, 0},
};

const option* find_option(int value) {
  for (const option* o = kOptions; o->name != nullptr; ++o) {
    if (o->val == value) return o;
  }
  return nullptr;
}

// A long word getopt_long answered '?' for with optopt 0: unknown, or an ambiguous abbreviation.
// getopt_long has moved past it already.
std::string long_word_error(char** argv) {
  const std::string_view name = long_option_name(argv[optind - 1]);
  const auto matches = matching_long_options(name, kOptions);
  if (matches.size() > 1) {
    return fmt::format("option '--{}' is ambiguous: {} (see lucid-init probe --help)",
                       escape_value(name), long_option_list(matches));
  }
  return fmt::format("unknown option '--{}' (see lucid-init probe --help)", escape_value(name));
}

}  // namespace

CommandLine parse_command_line(int argc, char** argv) {
  CommandLine line;
  const auto fail = [&line](std::string message) {
    if (!line.usage_error) line.usage_error = std::move(message);
  };
  // 0 rather than 1 makes glibc start afresh even after an earlier parse in this process.
  optind = 0;
  opterr = 0;  // messages are ours: one line on stdout, not getopt's on stderr
  int c;
  while ((c = getopt_long(argc, argv, ":hq", kOptions, nullptr)) != -1) {
    switch (c) {
      case kHost:
        line.host = optarg;
        break;
      case kPort:
        line.port = optarg;
        break;
      case kPortEnv:
        line.port_env = optarg;
        break;
      case kService:
        line.service = optarg;
        break;
      case kUnix:
        line.unix_path = optarg;
        break;
      case kHttp:
        line.http_path = optarg;
        break;
      case kExpect:
        line.expect = optarg;
        break;
      case kHeader:
        line.headers.emplace_back(optarg);
        break;
      case kTimeout:
        line.timeout = optarg;
        break;
      case kWait:
        line.wait = optarg;
        break;
      case kJson:
        if (line.output != OutputFormat::kQuiet) line.output = OutputFormat::kJson;
        break;
      case 'q':
        line.output = OutputFormat::kQuiet;
        break;
      case 'h':
        line.help = Help::kShort;
        break;
      case kHelpAll:
        line.help = Help::kAll;
        break;
      case ':':
        fail(fmt::format("option '--{}' needs a value", find_option(optopt)->name));
        break;
      default:
        // getopt_long sets optopt to a known option only when a long flag was given a value.
        if (const option* known = find_option(optopt); known != nullptr) {
          fail(fmt::format("option '--{}' takes no value", known->name));
        } else if (optopt != 0) {
          fail(fmt::format("unknown option '-{}' (see lucid-init probe --help)",
                           static_cast<char>(optopt)));
        } else {
          fail(long_word_error(argv));
        }
    }
  }
  if (optind < argc) fail(fmt::format("unexpected argument '{}'", argv[optind]));
  return line;
}

namespace {

#define LUCID_HELP_TABLE "probe/help_table.def"
#include "common/help_rows.inc"

constexpr std::string_view kSynopsis =
    R"(Usage: lucid-init probe [OPTIONS]
Checks that the service answers. Prints one line; exits 0 if healthy, 1 if not
or on bad usage.

The port: --port, --port-env or --service (else $LUCID_SERVICE); with none of
them, or <NAME>_PORT unset: the running lucid-init supervisor's service and
port, read from its command line and environment (the line says so). The check:
connect, or GET with --http. Flags win over the environment.
)";

}  // namespace

std::string usage_text() {
  return fmt::format(R"({}
Options:
{}
Every option explained: lucid-init probe --help-all, man lucid-init, and the
docs/ of lucid-init's source.
)",
                     kSynopsis, option_columns(kHelpOptions));
}

std::string usage_all_text() {
  return fmt::format(R"({}
Options:
{}
Exit status:
{})",
                     kSynopsis, option_details(kHelpOptions), status_details(kHelpStatuses));
}

}  // namespace lucid::probe
