#pragma once
// The supervisor's command line and its LUCID_INIT_* environment: every option has both, flags
// win, and an invalid value in either is a ConfigError (exit 2) before anything starts.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "check/target_spec.hpp"
#include "common/duration.hpp"
#include "common/service_env.hpp"
#include "init/exit_status.hpp"
#include "init/file_env.hpp"
#include "init/log.hpp"
#include "init/signal_rewrite.hpp"

namespace lucid::init {

enum class HealthOnFailure { kNone, kStop };

struct Options {
  enum class Action { kRun, kHelp, kHelpAll, kVersion };
  Action action = Action::kRun;

  Duration grace = std::chrono::seconds(9);  // under Docker's 10 s stop timeout
  Duration stop_delay{0};
  bool pgroup = false;
  ExitRemap remap;
  SignalRewrite rewrite;
  LogLevel verbosity = LogLevel::kInfo;
  LogFormat log_format = LogFormat::kText;
  std::optional<std::string> service_name;    // e.g. "api" from --service api
  std::optional<std::string> service_prefix;  // e.g. "API" from --service api
  std::optional<std::uint16_t> default_port;
  bool exec = false;
  std::vector<check::TargetSpec> wait_for;           // flags replace the environment's list
  Duration wait_timeout = std::chrono::seconds(60);  // 0: no limit
  bool file_env = false;                             // NAME_FILE=/run/secrets/... -> NAME
  bool notify_child = false;                         // NOTIFY_SOCKET left to PROGRAM
  // --health-check's TARGET as given, {host} and {port} not yet replaced (health_target.hpp), and
  // the flag or variable that gave it, for errors.
  std::optional<std::string> health_check;
  std::string health_check_source;
  Duration health_interval = std::chrono::seconds(30);  // Docker's defaults
  Duration health_timeout = std::chrono::seconds(10);
  unsigned health_retries = 3;
  Duration health_start_period{0};
  HealthOnFailure health_on_failure = HealthOnFailure::kNone;
  std::vector<std::string> file_env_dirs = {std::string(kSecretsDir)};  // flags replace the list
  std::vector<std::string> command;                                     // PROGRAM [ARG...]
};

Options parse_options(int argc, char* const argv[], const EnvLookup& env);

// The format lucid-init's own errors are written in, known before anything else is parsed, so a
// bad value anywhere is reported in it: the last valid --log-format, else a valid
// LUCID_INIT_LOG_FORMAT, else text. Invalid values and every other option are left to
// parse_options().
LogFormat requested_log_format(int argc, char* const argv[], const EnvLookup& env);

// The --help text (one screen) and the --help-all text (the man page's source).
std::string usage();
std::string usage_all();

}  // namespace lucid::init
