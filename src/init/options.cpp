#include "init/options.hpp"

#include <getopt.h>

#include <optional>
#include <string_view>
#include <utility>

#include "common/config_error.hpp"
#include "common/long_option_match.hpp"
#include "init/health_target.hpp"

namespace lucid::init {
namespace {

constexpr std::string_view kBoolRule = "must be 1 or 0 (or true/false, yes/no, on/off)";
constexpr std::string_view kVerbosityRule =
    "must be 0 (errors), 1 (warnings), 2 (info) or 3 (debug)";
constexpr std::string_view kLogFormatRule = "must be text or json";
constexpr std::string_view kRetriesRule = "must be a whole number from 1 to 1000";
constexpr std::string_view kOnFailureRule = "must be none or stop";
constexpr unsigned kMaxRetries = 1000;

enum LongOnly : int {
  kOptStopDelay = 256,
  kOptDefaultPort,
  kOptExec,
  kOptLogFormat,
  kOptWaitFor,
  kOptWaitTimeout,
  kOptRewrite,
  kOptFileEnv,
  kOptNotifyChild,
  kOptHealthCheck,
  kOptHealthInterval,
  kOptHealthTimeout,
  kOptHealthRetries,
  kOptHealthStartPeriod,
  kOptHealthOnFailure,
  kOptFileEnvDir,
  kOptHelpAll
};

// '+': stop at the first non-option, so PROGRAM's own flags are never taken for ours.
// ':': report a missing argument as ':' so the message is ours.
constexpr const char* kShortOptions = "+:g:pr:vqs:hV";
const option kLongOptions[] = {
    {"grace", required_argument, nullptr, 'g'},
    {"stop-delay", required_argument, nullptr, kOptStopDelay},
    {"pgroup", no_argument, nullptr, 'p'},
    {"remap-exit", required_argument, nullptr, 'r'},
    {"rewrite", required_argument, nullptr, kOptRewrite},
    {"verbose", no_argument, nullptr, 'v'},
    {"quiet", no_argument, nullptr, 'q'},
    {"log-format", required_argument, nullptr, kOptLogFormat},
    {"service", required_argument, nullptr, 's'},
    {"default-port", required_argument, nullptr, kOptDefaultPort},
    {"exec", no_argument, nullptr, kOptExec},
    {"wait-for", required_argument, nullptr, kOptWaitFor},
    {"wait-timeout", required_argument, nullptr, kOptWaitTimeout},
    {"file-env", no_argument, nullptr, kOptFileEnv},
    {"notify-child", no_argument, nullptr, kOptNotifyChild},
    {"health-check", required_argument, nullptr, kOptHealthCheck},
    {"health-interval", required_argument, nullptr, kOptHealthInterval},
    {"health-timeout", required_argument, nullptr, kOptHealthTimeout},
    {"health-retries", required_argument, nullptr, kOptHealthRetries},
    {"health-start-period", required_argument, nullptr, kOptHealthStartPeriod},
    {"health-on-failure", required_argument, nullptr, kOptHealthOnFailure},
    {"file-env-dir", required_argument, nullptr, kOptFileEnvDir},
    {"help", no_argument, nullptr, 'h'},
    {"help-all", no_argument, nullptr, kOptHelpAll},
    {"version", no_argument, nullptr, 'V'},
    {nullptr, 0, nullptr, 0},
};

bool parse_bool(std::string_view name, std::string_view text) {
  if (text == "1" || text == "true" || text == "yes" || text == "on") return true;
  if (text == "0" || text == "false" || text == "no" || text == "off") return false;
  throw_bad_value(name, text, kBoolRule);
}

std::optional<LogFormat> parse_log_format(std::string_view text) {
  if (text == "text") return LogFormat::kText;
  if (text == "json") return LogFormat::kJson;
  return std::nullopt;
}

LogFormat log_format_or_throw(std::string_view name, std::string_view text) {
  const auto format = parse_log_format(text);
  if (!format) throw_bad_value(name, text, kLogFormatRule);
  return *format;
}

unsigned retries_or_throw(std::string_view name, std::string_view text) {
  unsigned value = 0;
  const bool digits = !text.empty() && text.size() <= 4 &&
                      text.find_first_not_of("0123456789") == std::string_view::npos;
  if (digits) {
    for (const char c : text) value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (!digits || value < 1 || value > kMaxRetries) throw_bad_value(name, text, kRetriesRule);
  return value;
}

HealthOnFailure on_failure_or_throw(std::string_view name, std::string_view text) {
  if (text == "none") return HealthOnFailure::kNone;
  if (text == "stop") return HealthOnFailure::kStop;
  throw_bad_value(name, text, kOnFailureRule);
}

void set_health_check(std::string_view name, std::string_view text, Options& options) {
  validate_health_target(name, text);
  options.health_check = std::string(text);
  options.health_check_source = std::string(name);
}

LogLevel clamp_level(int level) {
  return static_cast<LogLevel>(level < 0 ? 0 : level > 3 ? 3 : level);
}

void apply_environment(const EnvLookup& env, Options& options) {
  if (const auto v = env("LUCID_INIT_GRACE")) {
    options.grace = parse_duration_or_throw("LUCID_INIT_GRACE", *v, true);
  }
  if (const auto v = env("LUCID_INIT_STOP_DELAY")) {
    options.stop_delay = parse_duration_or_throw("LUCID_INIT_STOP_DELAY", *v, true);
  }
  if (const auto v = env("LUCID_INIT_PGROUP")) options.pgroup = parse_bool("LUCID_INIT_PGROUP", *v);
  if (const auto v = env("LUCID_INIT_REMAP_EXIT")) {
    parse_exit_remap("LUCID_INIT_REMAP_EXIT", *v, options.remap);
  }
  if (const auto v = env("LUCID_INIT_REWRITE")) {
    parse_signal_rewrite("LUCID_INIT_REWRITE", *v, options.rewrite);
  }
  if (const auto v = env("LUCID_INIT_VERBOSITY")) {
    if (v->size() != 1 || (*v)[0] < '0' || (*v)[0] > '3') {
      throw_bad_value("LUCID_INIT_VERBOSITY", *v, kVerbosityRule);
    }
    options.verbosity = static_cast<LogLevel>((*v)[0] - '0');
  }
  if (const auto v = env("LUCID_INIT_LOG_FORMAT")) {
    options.log_format = log_format_or_throw("LUCID_INIT_LOG_FORMAT", *v);
  }
  if (const auto v = env("LUCID_SERVICE")) {
    options.service_prefix = service_prefix("LUCID_SERVICE", *v);
    options.service_name = *v;
  }
  if (const auto port = default_port_from_env(env)) options.default_port = port;
  if (const auto v = env("LUCID_INIT_EXEC")) options.exec = parse_bool("LUCID_INIT_EXEC", *v);
  if (const auto v = env("LUCID_INIT_WAIT_FOR")) {
    options.wait_for = check::parse_target_specs("LUCID_INIT_WAIT_FOR", *v);
  }
  if (const auto v = env("LUCID_INIT_WAIT_TIMEOUT")) {
    options.wait_timeout = parse_duration_or_throw("LUCID_INIT_WAIT_TIMEOUT", *v, true);
  }
  if (const auto v = env("LUCID_INIT_FILE_ENV")) {
    options.file_env = parse_bool("LUCID_INIT_FILE_ENV", *v);
  }
  if (const auto v = env("LUCID_INIT_NOTIFY_CHILD")) {
    options.notify_child = parse_bool("LUCID_INIT_NOTIFY_CHILD", *v);
  }
  if (const auto v = env("LUCID_INIT_HEALTH_CHECK")) {
    set_health_check("LUCID_INIT_HEALTH_CHECK", *v, options);
  }
  if (const auto v = env("LUCID_INIT_HEALTH_INTERVAL")) {
    options.health_interval = parse_duration_or_throw("LUCID_INIT_HEALTH_INTERVAL", *v, false);
  }
  if (const auto v = env("LUCID_INIT_HEALTH_TIMEOUT")) {
    options.health_timeout = parse_duration_or_throw("LUCID_INIT_HEALTH_TIMEOUT", *v, false);
  }
  if (const auto v = env("LUCID_INIT_HEALTH_RETRIES")) {
    options.health_retries = retries_or_throw("LUCID_INIT_HEALTH_RETRIES", *v);
  }
  if (const auto v = env("LUCID_INIT_HEALTH_START_PERIOD")) {
    options.health_start_period =
        parse_duration_or_throw("LUCID_INIT_HEALTH_START_PERIOD", *v, true);
  }
  if (const auto v = env("LUCID_INIT_HEALTH_ON_FAILURE")) {
    options.health_on_failure = on_failure_or_throw("LUCID_INIT_HEALTH_ON_FAILURE", *v);
  }
  if (const auto v = env("LUCID_INIT_FILE_ENV_DIRS")) {
    options.file_env_dirs = parse_file_env_dirs("LUCID_INIT_FILE_ENV_DIRS", *v, false);
  }
}

// getopt_long's '?' and ':' for the word argv[word], told apart. A short flag is named by optopt:
// inside a cluster (-xv) getopt has not moved past the word yet.
std::string usage_error(int c, std::string_view word) {
  const char* problem = c == ':' ? "needs a value" : "takes no value";
  if (word.rfind("--", 0) != 0) {
    const auto flag = static_cast<char>(optopt);
    const std::string shown = escape_value(std::string_view(&flag, 1));
    return c == ':' ? fmt::format("option '-{}' {}", shown, problem)
                    : fmt::format("unknown option '-{}'", shown);
  }
  const std::string_view name = long_option_name(word);
  const auto matches = matching_long_options(name, kLongOptions);
  if (matches.size() == 1) return fmt::format("option '--{}' {}", matches[0]->name, problem);
  if (matches.empty()) return fmt::format("unknown option '--{}'", escape_value(name));
  return fmt::format("option '--{}' is ambiguous: {}", escape_value(name),
                     long_option_list(matches));
}

}  // namespace

Options parse_options(int argc, char* const argv[], const EnvLookup& env) {
  Options options;
  apply_environment(env, options);

  int verbosity = static_cast<int>(options.verbosity);
  bool wait_for_given = false;
  bool file_env_dir_given = false;
  SignalRewrite flag_rewrite;  // replaces the variable's entry for the same FROM
  opterr = 0;
  optind = 0;  // GNU: a full re-initialisation, so the parser can run more than once (tests)
  int long_index = -1;
  // The word getopt_long reads next: optind, or 1 before the first call.
  for (int c, word = 1;
       (c = getopt_long(argc, argv, kShortOptions, kLongOptions, &long_index)) != -1;
       long_index = -1, word = optind) {
    const std::string flag = long_index >= 0 ? fmt::format("--{}", kLongOptions[long_index].name)
                                             : fmt::format("-{}", static_cast<char>(c));
    switch (c) {
      case 'g':
        options.grace = parse_duration_or_throw(flag, optarg, true);
        break;
      case kOptStopDelay:
        options.stop_delay = parse_duration_or_throw(flag, optarg, true);
        break;
      case 'p':
        options.pgroup = true;
        break;
      case 'r':
        parse_exit_remap(flag, optarg, options.remap);
        break;
      case kOptRewrite:
        parse_signal_rewrite(flag, optarg, flag_rewrite);
        break;
      case 'v':
        ++verbosity;
        break;
      case 'q':
        --verbosity;
        break;
      case kOptLogFormat:
        options.log_format = log_format_or_throw(flag, optarg);
        break;
      case 's':
        options.service_prefix = service_prefix(flag, optarg);
        options.service_name = optarg;
        break;
      case kOptDefaultPort:
        options.default_port = parse_port_or_throw(flag, optarg);
        break;
      case kOptExec:
        options.exec = true;
        break;
      case kOptWaitFor:
        if (!std::exchange(wait_for_given, true)) options.wait_for.clear();
        options.wait_for.push_back(check::parse_target_spec(flag, optarg));
        break;
      case kOptWaitTimeout:
        options.wait_timeout = parse_duration_or_throw(flag, optarg, true);
        break;
      case kOptFileEnv:
        options.file_env = true;
        break;
      case kOptNotifyChild:
        options.notify_child = true;
        break;
      case kOptHealthCheck:
        set_health_check(flag, optarg, options);
        break;
      case kOptHealthInterval:
        options.health_interval = parse_duration_or_throw(flag, optarg, false);
        break;
      case kOptHealthTimeout:
        options.health_timeout = parse_duration_or_throw(flag, optarg, false);
        break;
      case kOptHealthRetries:
        options.health_retries = retries_or_throw(flag, optarg);
        break;
      case kOptHealthStartPeriod:
        options.health_start_period = parse_duration_or_throw(flag, optarg, true);
        break;
      case kOptHealthOnFailure:
        options.health_on_failure = on_failure_or_throw(flag, optarg);
        break;
      case kOptFileEnvDir:
        if (!std::exchange(file_env_dir_given, true)) options.file_env_dirs.clear();
        options.file_env_dirs.push_back(parse_file_env_dirs(flag, optarg, true).front());
        break;
      case 'h':
        options.action = Options::Action::kHelp;
        return options;
      case kOptHelpAll:
        options.action = Options::Action::kHelpAll;
        return options;
      case 'V':
        options.action = Options::Action::kVersion;
        return options;
      default:
        throw ConfigError(usage_error(c, argv[word]) + " (see --help)");
    }
  }
  options.verbosity = clamp_level(verbosity);
  for (const auto& [from, to] : flag_rewrite) options.rewrite[from] = to;

  if (options.health_check && !options.service_prefix &&
      has_binding_placeholder(*options.health_check)) {
    throw_bad_value(options.health_check_source, *options.health_check, kPlaceholderRule);
  }

  for (int i = optind; i < argc; ++i) options.command.emplace_back(argv[i]);
  if (options.command.empty()) {
    throw ConfigError("no PROGRAM given: usage: lucid-init [OPTIONS] [--] PROGRAM [ARG...]");
  }
  return options;
}

LogFormat requested_log_format(int argc, char* const argv[], const EnvLookup& env) {
  LogFormat format = LogFormat::kText;
  if (const auto v = env("LUCID_INIT_LOG_FORMAT")) format = parse_log_format(*v).value_or(format);
  opterr = 0;
  optind = 0;
  // getopt_long itself, so a word is taken for --log-format exactly when the real parse takes it.
  for (int c; (c = getopt_long(argc, argv, kShortOptions, kLongOptions, nullptr)) != -1;) {
    if (c == kOptLogFormat) format = parse_log_format(optarg).value_or(format);
  }
  return format;
}

}  // namespace lucid::init
