// The supervisor's --help (one 80x24 screen) and --help-all (every option and exit status
// explained; the man page is made from it), both from help_table.def.
#include "common/help_text.hpp"
#include "init/options.hpp"

namespace lucid::init {
namespace {

#define LUCID_HELP_TABLE "init/help_table.def"
#include "common/help_rows.inc"

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
      kSynopsis, option_columns(kHelpOptions));
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
      kSynopsis, option_details(kHelpOptions), status_details(kHelpStatuses));
}

}  // namespace lucid::init
