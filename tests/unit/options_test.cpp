#include "init/options.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <map>

#include "common/config_error.hpp"

namespace lucid::init {
namespace {

using std::chrono::milliseconds;

struct Parse {
  std::map<std::string, std::string> env;

  Options operator()(std::vector<std::string> args) const {
    args.insert(args.begin(), "lucid-init");
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    const auto vars = env;
    return parse_options(static_cast<int>(args.size()), argv.data(),
                         [vars](const std::string& name) -> std::optional<std::string> {
                           const auto it = vars.find(name);
                           if (it == vars.end()) return std::nullopt;
                           return it->second;
                         });
  }

  std::string error(std::vector<std::string> args) const {
    try {
      (*this)(std::move(args));
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "";
  }
};

TEST(Options, Defaults) {
  const Options o = Parse{}({"prog"});
  EXPECT_EQ(o.action, Options::Action::kRun);
  EXPECT_EQ(o.grace, milliseconds(9000));
  EXPECT_EQ(o.stop_delay, milliseconds(0));
  EXPECT_FALSE(o.pgroup);
  EXPECT_FALSE(o.exec);
  EXPECT_EQ(o.verbosity, LogLevel::kInfo);
  EXPECT_FALSE(o.service_prefix);
  EXPECT_EQ(o.command, std::vector<std::string>{"prog"});
}

TEST(Options, FlagsStopAtTheProgramSoItsOwnFlagsPassThrough) {
  const Options o = Parse{}({"-p", "python3", "-m", "uvicorn", "--grace", "x"});
  EXPECT_TRUE(o.pgroup);
  EXPECT_EQ(o.command, (std::vector<std::string>{"python3", "-m", "uvicorn", "--grace", "x"}));
  const Options dashed = Parse{}({"--", "-weird-name", "-v"});
  EXPECT_EQ(dashed.command, (std::vector<std::string>{"-weird-name", "-v"}));
}

TEST(Options, EveryFlag) {
  const Options o = Parse{}({"--grace", "2s", "--stop-delay=500ms", "--pgroup", "-r", "143:0",
                             "--remap-exit", "1:3", "-vv", "--service", "api-gw", "--default-port",
                             "8000", "--exec", "--", "prog"});
  EXPECT_EQ(o.grace, milliseconds(2000));
  EXPECT_EQ(o.stop_delay, milliseconds(500));
  EXPECT_TRUE(o.pgroup);
  EXPECT_EQ(remap_exit_code(o.remap, 143), 0);
  EXPECT_EQ(remap_exit_code(o.remap, 1), 3);
  EXPECT_EQ(o.verbosity, LogLevel::kDebug);
  EXPECT_EQ(o.service_prefix, "API_GW");
  EXPECT_EQ(o.default_port, 8000);
  EXPECT_TRUE(o.exec);
}

TEST(Options, EveryVariable) {
  const Options o = Parse{{{"LUCID_INIT_GRACE", "3s"},
                           {"LUCID_INIT_STOP_DELAY", "1s"},
                           {"LUCID_INIT_PGROUP", "true"},
                           {"LUCID_INIT_REMAP_EXIT", "143:0,130:0"},
                           {"LUCID_INIT_VERBOSITY", "1"},
                           {"LUCID_SERVICE", "api"},
                           {"LUCID_INIT_DEFAULT_PORT", "9000"},
                           {"LUCID_INIT_EXEC", "1"}}}({"prog"});
  EXPECT_EQ(o.grace, milliseconds(3000));
  EXPECT_EQ(o.stop_delay, milliseconds(1000));
  EXPECT_TRUE(o.pgroup);
  EXPECT_EQ(remap_exit_code(o.remap, 130), 0);
  EXPECT_EQ(o.verbosity, LogLevel::kWarning);
  EXPECT_EQ(o.service_prefix, "API");
  EXPECT_EQ(o.default_port, 9000);
  EXPECT_TRUE(o.exec);
}

TEST(Options, WaitForAndItsTimeout) {
  const Options defaults = Parse{}({"prog"});
  EXPECT_TRUE(defaults.wait_for.empty());
  EXPECT_EQ(defaults.wait_timeout, milliseconds(60000));

  const Options flags =
      Parse{}({"--wait-for", "db:5432", "--wait-for=unix:/s", "--wait-timeout", "0", "prog"});
  ASSERT_EQ(flags.wait_for.size(), 2u);
  EXPECT_EQ(flags.wait_for[0].text, "db:5432");
  EXPECT_EQ(flags.wait_for[1].text, "unix:/s");
  EXPECT_EQ(flags.wait_timeout, milliseconds(0));

  const Parse env{{{"LUCID_INIT_WAIT_FOR", "a:1,b:2"}, {"LUCID_INIT_WAIT_TIMEOUT", "2m"}}};
  const Options from_env = env({"prog"});
  ASSERT_EQ(from_env.wait_for.size(), 2u);
  EXPECT_EQ(from_env.wait_timeout, milliseconds(120000));
  // The flags' list replaces the environment's, as every flag wins over its variable.
  const Options both = env({"--wait-for", "c:3", "prog"});
  ASSERT_EQ(both.wait_for.size(), 1u);
  EXPECT_EQ(both.wait_for[0].text, "c:3");

  EXPECT_NE(Parse{}.error({"--wait-for", "db", "prog"}).find("--wait-for='db': needs a port"),
            std::string::npos);
  const Parse bad_env{{{"LUCID_INIT_WAIT_FOR", "db:x"}}};
  EXPECT_NE(bad_env.error({"prog"}).find("LUCID_INIT_WAIT_FOR='db:x': the port"),
            std::string::npos);
  EXPECT_NE(Parse{}.error({"--wait-timeout", "-1", "prog"}).find("--wait-timeout='-1'"),
            std::string::npos);
}

TEST(Options, ServiceNameIsKeptForTheReadyLine) {
  EXPECT_EQ(Parse{}({"--service", "api-gw", "prog"}).service_name, "api-gw");
  const Parse env{{{"LUCID_SERVICE", "web"}}};
  EXPECT_EQ(env({"prog"}).service_name, "web");
}

TEST(Options, NotifyChild) {
  EXPECT_FALSE(Parse{}({"prog"}).notify_child);
  EXPECT_TRUE(Parse{}({"--notify-child", "prog"}).notify_child);
  const Parse on{{{"LUCID_INIT_NOTIFY_CHILD", "1"}}};
  EXPECT_TRUE(on({"prog"}).notify_child);
  // The flag has no "off": a variable of 0 is overridden by it.
  const Parse off{{{"LUCID_INIT_NOTIFY_CHILD", "0"}}};
  EXPECT_FALSE(off({"prog"}).notify_child);
  EXPECT_TRUE(off({"--notify-child", "prog"}).notify_child);
  const Parse bad{{{"LUCID_INIT_NOTIFY_CHILD", "maybe"}}};
  EXPECT_NE(bad.error({"prog"}).find("LUCID_INIT_NOTIFY_CHILD='maybe': must be 1 or 0"),
            std::string::npos);
}

TEST(Options, FlagsWinOverVariables) {
  const Options o = Parse{{{"LUCID_INIT_GRACE", "3s"}, {"LUCID_INIT_VERBOSITY", "0"}}}(
      {"--grace", "1s", "-v", "prog"});
  EXPECT_EQ(o.grace, milliseconds(1000));
  EXPECT_EQ(o.verbosity, LogLevel::kWarning);
}

TEST(Options, RewriteFromFlagsAndVariableFlagsWinPerSignal) {
  const Options o = Parse{{{"LUCID_INIT_REWRITE", "TERM:QUIT,WINCH:0"}}}(
      {"--rewrite", "TERM:INT", "--rewrite=HUP:USR1", "prog"});
  EXPECT_EQ(o.rewrite, (SignalRewrite{{SIGTERM, SIGINT}, {SIGWINCH, 0}, {SIGHUP, SIGUSR1}}));
  EXPECT_EQ(Parse{}({"prog"}).rewrite, SignalRewrite{});
  EXPECT_EQ(Parse{}.error({"--rewrite", "TERM:QUIT", "--rewrite", "15:HUP", "prog"}),
            "--rewrite='15:HUP': SIGTERM is rewritten twice: give each signal one TO");
  EXPECT_EQ(Parse{}.error({"--rewrite", "KILL:TERM", "prog"}).rfind("--rewrite='KILL:TERM': ", 0),
            0u);
  const Parse bad_variable{{{"LUCID_INIT_REWRITE", "TERM"}}};
  EXPECT_EQ(bad_variable.error({"prog"}).rfind("LUCID_INIT_REWRITE='TERM': must be FROM:TO", 0),
            0u);
}

TEST(Options, VerbosityIsClamped) {
  EXPECT_EQ(Parse{}({"-qqqq", "prog"}).verbosity, LogLevel::kError);
  EXPECT_EQ(Parse{}({"-vvvv", "prog"}).verbosity, LogLevel::kDebug);
}

TEST(Options, HelpAndVersionNeedNoProgram) {
  EXPECT_EQ(Parse{}({"--help"}).action, Options::Action::kHelp);
  EXPECT_EQ(Parse{}({"--help-all"}).action, Options::Action::kHelpAll);
  EXPECT_EQ(Parse{}({"-V"}).action, Options::Action::kVersion);
  EXPECT_NE(usage().find("--remap-exit"), std::string::npos);
  EXPECT_NE(usage_all().find("LUCID_INIT_REMAP_EXIT"), std::string::npos);
}

TEST(Options, BadFlagValuesNameTheFlag) {
  const Parse parse;
  EXPECT_EQ(parse.error({"--grace", "abc", "prog"}).rfind("--grace='abc': ", 0), 0u);
  EXPECT_EQ(parse.error({"-g", "-1s", "prog"}).rfind("-g='-1s': ", 0), 0u);
  EXPECT_EQ(parse.error({"--stop-delay", "99999999999s", "prog"}).rfind("--stop-delay=", 0), 0u);
  EXPECT_EQ(parse.error({"--remap-exit", "300:0", "prog"}).rfind("--remap-exit='300:0'", 0), 0u);
  EXPECT_EQ(parse.error({"--default-port", "0", "prog"}).rfind("--default-port='0'", 0), 0u);
  EXPECT_EQ(parse.error({"--service", "a b", "prog"}).rfind("--service='a b'", 0), 0u);
}

TEST(Options, BadVariablesNameTheVariable) {
  for (const auto& [name, value] :
       std::map<std::string, std::string>{{"LUCID_INIT_GRACE", "abc"},
                                          {"LUCID_INIT_STOP_DELAY", "-1s"},
                                          {"LUCID_INIT_PGROUP", "maybe"},
                                          {"LUCID_INIT_REMAP_EXIT", "143"},
                                          {"LUCID_INIT_VERBOSITY", "9"},
                                          {"LUCID_SERVICE", ""},
                                          {"LUCID_INIT_DEFAULT_PORT", "65536"},
                                          {"LUCID_INIT_EXEC", "2"}}) {
    const std::string message = Parse{{{name, value}}}.error({"prog"});
    EXPECT_EQ(message.rfind(name + "='" + value + "': ", 0), 0u) << message;
  }
}

TEST(Options, UsageErrors) {
  const Parse parse;
  EXPECT_EQ(parse.error({"--frobnicate", "prog"}), "unknown option '--frobnicate' (see --help)");
  EXPECT_EQ(parse.error({"-x", "prog"}), "unknown option '-x' (see --help)");
  EXPECT_EQ(parse.error({"--grace"}), "option '--grace' needs a value (see --help)");
  EXPECT_EQ(parse.error({"--gr"}), "option '--grace' needs a value (see --help)");
  EXPECT_EQ(parse.error({"--pgroup=1", "prog"}), "option '--pgroup' takes no value (see --help)");
  EXPECT_NE(parse.error({}).find("no PROGRAM given"), std::string::npos);
  EXPECT_NE(parse.error({"--"}).find("no PROGRAM given"), std::string::npos);
}

// getopt has not moved past a cluster's word while inside it: the flag is named by itself.
TEST(Options, UnknownShortFlagInAClusterIsNamedByItself) {
  const Parse parse;
  EXPECT_EQ(parse.error({"-xv", "--", "true"}), "unknown option '-x' (see --help)");
  EXPECT_EQ(parse.error({"-vx", "true"}), "unknown option '-x' (see --help)");
  EXPECT_EQ(parse.error({"-p", "-qx", "true"}), "unknown option '-x' (see --help)");
  EXPECT_EQ(parse.error({"--pgroup", "-x", "true"}), "unknown option '-x' (see --help)");
  EXPECT_EQ(parse.error({"-vg"}), "option '-g' needs a value (see --help)");
  EXPECT_EQ(parse.error({"-v\x01", "true"}), "unknown option '-\\x01' (see --help)");
}

TEST(Options, AmbiguousAbbreviationListsTheCandidates) {
  const Parse parse;
  EXPECT_EQ(parse.error({"--ver", "true"}),
            "option '--ver' is ambiguous: --verbose, --version (see --help)");
  EXPECT_EQ(parse.error({"--s=api", "true"}),
            "option '--s' is ambiguous: --stop-delay, --service (see --help)");
  EXPECT_EQ(Parse{}({"--verb", "--ex", "true"}).verbosity, LogLevel::kDebug);
}

}  // namespace
}  // namespace lucid::init

namespace lucid::init {
namespace {

LogFormat requested(const std::map<std::string, std::string>& env, std::vector<std::string> args) {
  args.insert(args.begin(), "lucid-init");
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  return requested_log_format(static_cast<int>(args.size()), argv.data(),
                              [env](const std::string& name) -> std::optional<std::string> {
                                const auto it = env.find(name);
                                if (it == env.end()) return std::nullopt;
                                return it->second;
                              });
}

TEST(LogFormatOption, FlagAndVariable) {
  const std::map<std::string, std::string> json_env{{"LUCID_INIT_LOG_FORMAT", "json"}};
  const std::map<std::string, std::string> bad_env{{"LUCID_INIT_LOG_FORMAT", "yaml\n"}};
  EXPECT_EQ(Parse{}({"prog"}).log_format, LogFormat::kText);
  EXPECT_EQ(Parse{}({"--log-format", "json", "prog"}).log_format, LogFormat::kJson);
  EXPECT_EQ(Parse{}({"--log-format=text", "prog"}).log_format, LogFormat::kText);
  EXPECT_EQ(Parse{json_env}({"prog"}).log_format, LogFormat::kJson);
  EXPECT_EQ(Parse{json_env}({"--log-format", "text", "prog"}).log_format, LogFormat::kText);
  EXPECT_EQ(Parse{}.error({"--log-format", "JSON", "prog"}),
            "--log-format='JSON': must be text or json");
  EXPECT_EQ(Parse{bad_env}.error({"prog"}),
            "LUCID_INIT_LOG_FORMAT='yaml\\x0a': must be text or json");
  // The program's own --log-format is its own.
  EXPECT_EQ(Parse{}({"prog", "--log-format", "json"}).log_format, LogFormat::kText);
}

TEST(LogFormatOption, KnownBeforeAnyOtherError) {
  EXPECT_EQ(requested({}, {"prog"}), LogFormat::kText);
  EXPECT_EQ(requested({}, {"--grace", "bad", "--log-format", "json", "prog"}), LogFormat::kJson);
  EXPECT_EQ(requested({}, {"--bogus", "--log-format=json"}), LogFormat::kJson);
  EXPECT_EQ(requested({{"LUCID_INIT_LOG_FORMAT", "json"}}, {"--log-format", "yaml", "prog"}),
            LogFormat::kJson);
  EXPECT_EQ(requested({{"LUCID_INIT_LOG_FORMAT", "yaml"}}, {"--log-format", "json", "prog"}),
            LogFormat::kJson);
  EXPECT_EQ(requested({{"LUCID_INIT_LOG_FORMAT", "json"}}, {"--log-format", "text", "prog"}),
            LogFormat::kText);
  EXPECT_EQ(requested({{"LUCID_INIT_LOG_FORMAT", "yaml"}}, {"prog"}), LogFormat::kText);
  // Words getopt takes as a value or as PROGRAM's are not ours, as in the real parse.
  EXPECT_EQ(requested({}, {"--grace", "--log-format", "json"}), LogFormat::kText);
  EXPECT_EQ(requested({}, {"prog", "--log-format", "json"}), LogFormat::kText);
  EXPECT_EQ(requested({}, {"--", "prog", "--log-format=json"}), LogFormat::kText);
}

}  // namespace
}  // namespace lucid::init
