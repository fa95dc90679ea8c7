// Entry point of the supervisor: options, the service's validated environment, then either exec
// in place (--exec) or supervise.
#include "init/init_main.hpp"

#include <termios.h>
#include <unistd.h>

#include <boost/system/system_error.hpp>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <system_error>

#include "common/config_error.hpp"
#include "common/version.hpp"
#include "init/child_launcher.hpp"
#include "init/dependency_wait.hpp"
#include "init/file_env.hpp"
#include "init/health_target.hpp"
#include "init/log.hpp"
#include "init/options.hpp"
#include "init/program_search.hpp"
#include "init/reaper.hpp"
#include "init/refused_file.hpp"
#include "init/secret_file.hpp"
#include "init/supervisor.hpp"

namespace lucid::init {
namespace {

constexpr int kUsageError = 2;
constexpr int kInternalError = 1;

// Nothing useful is left to do when stdout is gone (--help piped into a closed pipe).
void print_stdout(const std::string& text) {
  // write(2), not stdio: the binary then has no FILE streams (glibc's stdio with its
  // wide-character half).
  for (std::size_t done = 0; done < text.size();) {
    const ssize_t n = ::write(STDOUT_FILENO, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

// NAME_FILE=/run/secrets/... (or another --file-env-dir) becomes NAME, for the child and for
// apply_service_binding. A value is never logged.
void apply_file_env(const Options& options) {
  if (!options.file_env) return;
  std::vector<std::string_view> environment;
  for (char** e = environ; *e != nullptr; ++e) environment.emplace_back(*e);
  const FileEnvEntries entries = file_env_entries(environment, options.file_env_dirs);
  for (const FileEnvEntry& entry : entries.left_alone) {
    log(LogLevel::kDebug, LogEvent("secret_left_alone"),
        {{"variable", entry.name}, {"file_variable", entry.file_var}, {"path", entry.path}},
        "{}='{}' left alone: not in a --file-env-dir; {} stays unset", entry.file_var,
        escape_value(entry.path), entry.name);
  }
  for (const FileEnvEntry& entry : entries.taken) {
    const std::string value = read_secret_file(entry);
    setenv(entry.name.c_str(), value.c_str(), 1);
    unsetenv(entry.file_var.c_str());
    log(LogLevel::kInfo, LogEvent("secret_set"),
        {{"variable", entry.name}, {"file_variable", entry.file_var}, {"path", entry.path}},
        "{} set from {}='{}'", entry.name, entry.file_var, escape_value(entry.path));
  }
}

// Validates <PREFIX>_HOST/_PORT, exports the validated values to the child and fills in {host}
// and {port}.
std::optional<ServiceBinding> apply_service_binding(Options& options) {
  if (!options.service_prefix) return std::nullopt;
  const ServiceBinding binding =
      validate_service_binding(*options.service_prefix, process_env(), options.default_port);
  setenv(binding.host_var.c_str(), binding.host.c_str(), 1);
  setenv(binding.port_var.c_str(), std::to_string(binding.port).c_str(), 1);
  options.command = substitute_binding(options.command, binding);
  log(LogLevel::kInfo, LogEvent("service_validated"),
      {{"host_var", binding.host_var},
       {"host", binding.host},
       {"port_var", binding.port_var},
       {"port", binding.port}},
      "{}={} {}={} validated", binding.host_var, binding.host, binding.port_var, binding.port);
  return binding;
}

std::optional<HealthSpec> health_spec(const Options& options,
                                      const std::optional<ServiceBinding>& binding) {
  if (!options.health_check) return std::nullopt;
  HealthSpec spec;
  spec.name = options.service_name ? *options.service_name : escape_value(options.command[0]);
  spec.target = bind_health_target(options.health_check_source, *options.health_check,
                                   binding ? &*binding : nullptr);
  spec.interval = options.health_interval;
  spec.timeout = options.health_timeout;
  spec.rules.retries = options.health_retries;
  spec.rules.start_period = options.health_start_period;
  spec.rules.stop = options.health_on_failure == HealthOnFailure::kStop;
  return spec;
}

int exec_in_place(const Options& options, const SignalState& signals) {
  std::vector<char*> argv;
  for (const auto& arg : options.command) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  const std::vector<std::string> candidates =
      exec_candidates(options.command[0], std::getenv("PATH"));
  drain_log();  // the queue does not survive exec (signals still blocked while it waits)
  signals.restore_inherited();
  const ExecFailure failure = exec_first(candidates, argv.data(), environ);
  const FileHead head = failure.error == ENOEXEC ? read_file_head(failure.file) : FileHead{};
  const std::string error = exec_error_text(failure.error, head);
  const int status = exec_failure_status(failure.error);
  log(LogLevel::kError, LogEvent("exec_failed"),
      {{"program", options.command[0]}, {"error", error}, {"status", status}},
      "cannot execute '{}': {}", escape_value(options.command[0]), error);
  return status;
}

// Job control only makes sense when stdin is our controlling terminal (docker run -it).
bool has_controlling_terminal() { return isatty(STDIN_FILENO) && tcgetpgrp(STDIN_FILENO) >= 0; }

int run(int argc, char** argv) {
  // Before anything else, so no signal is lost (or fatal) while we start up.
  SignalState signals = SignalState::block_all();
  open_log();

  set_log_format(requested_log_format(argc, argv, process_env()));
  Options options;
  std::optional<ServiceBinding> binding;
  std::optional<HealthSpec> health;
  try {
    options = parse_options(argc, argv, process_env());
    set_log_level(options.verbosity);
    if (options.action == Options::Action::kHelp) {
      print_stdout(usage());
      return 0;
    }
    if (options.action == Options::Action::kHelpAll) {
      print_stdout(usage_all());
      return 0;
    }
    if (options.action == Options::Action::kVersion) {
      print_stdout(
          fmt::format("lucid-init {} (rev {}, built {})\n", kVersion, kVcsRef, kBuildDate));
      return 0;
    }
    apply_file_env(options);
    binding = apply_service_binding(options);
    health = health_spec(options, binding);
  } catch (const ConfigError& error) {
    log(LogLevel::kError, LogEvent("config_error"), {{"status", kUsageError}}, "{}", error.what());
    return kUsageError;
  }

  unsigned orphans_reaped = 0;
  if (!options.wait_for.empty()) {
    try {
      const WaitOutcome waited =
          wait_for_dependencies(options.wait_for, options.wait_timeout, signals);
      if (waited.exit_status) return *waited.exit_status;
      orphans_reaped = waited.orphans_reaped;
    } catch (const boost::system::system_error& error) {
      log(LogLevel::kError, LogEvent("wait_failed"),
          {{"error", error.what()}, {"status", kInternalError}},
          "cannot start the wait for dependencies: {}", error.what());
      return kInternalError;
    }
  }
  if (options.exec) return exec_in_place(options, signals);

  if (getpid() != 1 && !become_subreaper()) {
    const char* error = std::strerror(errno);
    log(LogLevel::kWarning, LogEvent("subreaper_refused"), {{"error", error}},
        "not PID 1 and cannot become a child subreaper ({}): orphans of the "
        "child will not be reaped by lucid-init",
        error);
  }
  const bool terminal = has_controlling_terminal();
  if (terminal) signals.ignore_terminal_stops();

  SupervisorConfig config;
  config.launch.command = options.command;
  config.launch.own_process_group = options.pgroup || terminal;
  config.launch.take_terminal = terminal;
  config.grace = options.grace;
  config.stop_delay = options.stop_delay;
  config.remap = options.remap;
  if (binding) {
    config.readiness = ReadinessSpec{*options.service_name, binding->host, binding->port};
  }
  config.health = std::move(health);
  config.rewrite = options.rewrite;
  config.orphans_reaped_before = orphans_reaped;
  config.notifier = Notifier::from_environment(options.notify_child);
  try {
    Supervisor supervisor(std::move(config), signals);
    return supervisor.run();
  } catch (const std::system_error& error) {
    log(LogLevel::kError, LogEvent("start_failed"),
        {{"error", error.what()}, {"status", kInternalError}}, "cannot start the child: {}",
        error.what());
    return kInternalError;
  } catch (const boost::system::system_error& error) {
    // Asio's own set-up (epoll, eventfd, timerfd) failing, e.g. with no descriptor left under
    // `ulimit -n 4`; Boost 1.74's error is not a std::system_error, so it used to escape.
    log(LogLevel::kError, LogEvent("event_loop_failed"),
        {{"error", error.what()}, {"status", kInternalError}}, "cannot start the event loop: {}",
        error.what());
    return kInternalError;
  }
}

}  // namespace

int init_main(int argc, char** argv) {
  const int status = run(argc, argv);
  drain_log();
  return status;
}

}  // namespace lucid::init
