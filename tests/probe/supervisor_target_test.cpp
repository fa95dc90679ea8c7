#include "probe/supervisor_target.hpp"

#include <gtest/gtest.h>

#include <map>

namespace lucid::probe {
namespace {

using Env = std::map<std::string, std::string>;

EnvLookup lookup(const Env& env) {
  return [env](const std::string& name) -> std::optional<std::string> {
    const auto found = env.find(name);
    if (found == env.end()) return std::nullopt;
    return found->second;
  };
}

SupervisorSearch running(std::vector<std::string> argv,
                         std::optional<std::vector<std::string>> environ, int pid = 1) {
  SupervisorView view;
  view.pid = pid;
  view.argv = std::move(argv);
  view.environ = std::move(environ);
  if (!view.environ) view.environ_problem = "Permission denied";
  return {std::move(view), {}};
}

SupervisorAnswer ask(const SupervisorSearch& search, const Env& own = {},
                     std::optional<std::string> own_prefix = std::nullopt) {
  return ask_supervisor(search, lookup(own), own_prefix);
}

TEST(SupervisorTarget, PortVariableInItsEnvironmentWins) {
  const auto answer =
      ask(running({"lucid-init", "--service", "api-gw", "--default-port", "8000", "--", "app"},
                  {{"HOME=/", "API_GW_PORT=9000"}}));
  ASSERT_TRUE(answer.target) << answer.why_not;
  EXPECT_EQ(answer.target->prefix, "API_GW");
  EXPECT_EQ(answer.target->port, 9000);
  EXPECT_EQ(answer.target->origin,
            "lucid-init pid 1: service API_GW by --service, port by API_GW_PORT");
}

TEST(SupervisorTarget, VariablesAndFlagsAreTold) {
  const auto by_env = ask(running({"lucid-init", "--", "app"},
                                  {{"LUCID_SERVICE=api", "LUCID_INIT_DEFAULT_PORT=81"}}, 7));
  ASSERT_TRUE(by_env.target) << by_env.why_not;
  EXPECT_EQ(by_env.target->port, 81);
  EXPECT_EQ(by_env.target->origin,
            "lucid-init pid 7: service API by LUCID_SERVICE, port by LUCID_INIT_DEFAULT_PORT");
  // The flag wins over the variable, as when the supervisor started.
  const auto by_flag = ask(running({"lucid-init", "--default-port=82", "-s", "web", "app"},
                                   {{"LUCID_SERVICE=api", "LUCID_INIT_DEFAULT_PORT=81"}}));
  ASSERT_TRUE(by_flag.target) << by_flag.why_not;
  EXPECT_EQ(by_flag.target->prefix, "WEB");
  EXPECT_EQ(by_flag.target->port, 82);
  EXPECT_EQ(by_flag.target->origin,
            "lucid-init pid 1: service WEB by --service, port by --default-port");
}

// A root supervisor and a probe as 65532: the command line is world-readable, the environment is
// not; Docker gives the probe the same environment, so the probe's own stands in, and says so.
TEST(SupervisorTarget, UnreadableEnvironmentIsReplacedByTheProbesOwnAndSaid) {
  const auto search = running({"lucid-init", "--service", "api", "--", "app"}, std::nullopt);
  const auto own = ask(search, {{"API_PORT", "8000"}});
  ASSERT_TRUE(own.target) << own.why_not;
  EXPECT_EQ(own.target->port, 8000);
  EXPECT_EQ(own.target->origin,
            "lucid-init pid 1: service API by --service, port by API_PORT; its environment is not "
            "readable (Permission denied): the probe's own stood in");
  EXPECT_EQ(ask(search).why_not,
            "lucid-init pid 1 has neither API_PORT nor a default port; its environment is not "
            "readable (Permission denied): the probe's own stood in");
  EXPECT_EQ(ask(running({"lucid-init", "--", "app"}, std::nullopt)).why_not,
            "lucid-init pid 1 has no --service or LUCID_SERVICE; its environment is not readable "
            "(Permission denied): the probe's own stood in");
}

TEST(SupervisorTarget, IdentifiedByNameIsSaid) {
  auto search = running({"lucid-init", "-s", "api", "--default-port", "80", "app"}, std::nullopt);
  search.found->identity_problem = "its executable is not readable (Permission denied)";
  const auto answer = ask(search);
  ASSERT_TRUE(answer.target) << answer.why_not;
  EXPECT_EQ(answer.target->origin,
            "lucid-init pid 1: service API by --service, port by --default-port; its environment "
            "is not readable (Permission denied): the probe's own stood in; taken for lucid-init "
            "by its name: its executable is not readable (Permission denied)");
}

TEST(SupervisorTarget, ItsValuesAreValidatedWithTheSupervisorsRules) {
  EXPECT_EQ(ask(running({"lucid-init", "-s", "api", "app"}, {{"API_PORT=8O"}})).why_not,
            "lucid-init pid 1: API_PORT='8O': must be ASCII digits only, 1-65535");
  EXPECT_EQ(ask(running({"lucid-init", "-s", "api", "app"}, {{"API_PORT=80\n"}})).why_not,
            "lucid-init pid 1: API_PORT='80\\x0a': must be ASCII digits only, 1-65535");
  EXPECT_EQ(ask(running({"lucid-init", "--default-port", "0", "-s", "api", "app"}, {{}})).why_not,
            "cannot read the options of lucid-init pid 1: --default-port='0': must be ASCII "
            "digits only, 1-65535");
}

// Another build of lucid-init (a newer option), or another program taken for it by name: its
// parser's words, and the probe's own advice, never a crash.
TEST(SupervisorTarget, OptionsThisParserDoesNotKnowAreReported) {
  EXPECT_EQ(
      ask(running({"lucid-init", "--wait-until", "db:5432", "-s", "api", "app"}, {{}})).why_not,
      "cannot read the options of lucid-init pid 1: unknown option '--wait-until' (see "
      "--help)");
  EXPECT_EQ(ask(running({"lucid-init", "-s", "a\x1b[2Jb", "app"}, {{}})).why_not,
            "cannot read the options of lucid-init pid 1: -s='a\\x1b[2Jb': must be letters, "
            "digits, '-' or '_'");
  EXPECT_EQ(ask(running({"lucid-init"}, {{}})).why_not,
            "cannot read the options of lucid-init pid 1: no PROGRAM given: usage: lucid-init "
            "[OPTIONS] [--] PROGRAM [ARG...]");
}

TEST(SupervisorTarget, AnotherServicesSupervisorHasNoAnswer) {
  const auto search = running({"lucid-init", "-s", "api", "app"}, {{"API_PORT=80"}});
  EXPECT_EQ(ask(search, {}, std::string("WEB")).why_not,
            "lucid-init pid 1 supervises service API, not WEB");
  EXPECT_EQ(ask(search, {}, std::string("API")).target->port, 80);
}

TEST(SupervisorTarget, NothingFoundPassesTheReasonOn) {
  const SupervisorSearch none{std::nullopt, "no lucid-init supervisor found"};
  EXPECT_EQ(ask(none).why_not, "no lucid-init supervisor found");
  EXPECT_FALSE(ask(none).target);
}

}  // namespace
}  // namespace lucid::probe
