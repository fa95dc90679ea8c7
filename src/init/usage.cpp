// The supervisor's --help (one 80x24 screen) and --help-all (every option and exit status
// explained; the man page is made from it), both from help_table.def.
#include "common/help_text.hpp"
#include "init/options.hpp"

namespace lucid::init {
namespace {

#define LUCID_OPTION(flags, arg, variable, fallback, text) {flags, arg, variable, fallback, text},
#define LUCID_STATUS(status, text)
constexpr OptionHelp kOptionRows[] = {
#include "init/help_table.def"
};
#undef LUCID_STATUS
#undef LUCID_OPTION
#define LUCID_OPTION(flags, arg, variable, fallback, text)
#define LUCID_STATUS(status, text) {status, text},
constexpr StatusHelp kStatusRows[] = {
#include "init/help_table.def"
};
#undef LUCID_STATUS
#undef LUCID_OPTION

constexpr HelpRows<OptionHelp> kOptions{kOptionRows, std::size(kOptionRows)};
constexpr HelpRows<StatusHelp> kStatuses{kStatusRows, std::size(kStatusRows)};

constexpr std::string_view kSynopsis =
    R"(usage: lucid-init [OPTIONS] [--] PROGRAM [ARG...]
       lucid-init probe [OPTIONS]     (health check: lucid-init probe --help)

Runs PROGRAM as the only child of PID 1: forwards signals, reaps zombies, shuts
down gracefully, cleans up leftover processes and exits with PROGRAM's status.
)";

}  // namespace

std::string usage() {
  return fmt::format(
      R"({}
Options (each also a LUCID_INIT_* variable, see --help-all; flags win):
{}
Exit status: PROGRAM's; 128+N signal N; 2 configuration error; 1, 3, 124, 126,
127, 137 lucid-init's own. Every option and status explained: lucid-init
--help-all, man lucid-init, and the docs/ of lucid-init's source.
)",
      kSynopsis, option_columns(kOptions));
}

std::string usage_all() {
  return fmt::format(
      R"({}
Options (each also read from the environment variable shown; flags win):
{}
DURATION: 500ms, 9s, 1.5s, 2m, 1h or plain seconds; 0 or at least 1ms.
Switches' variables: 1 or 0 (also true/false, yes/no, on/off).

Exit status:
{}
The reference, with every log line and JSON event: man lucid-init and docs/.
)",
      kSynopsis, option_details(kOptions), status_details(kStatuses));
}

}  // namespace lucid::init
