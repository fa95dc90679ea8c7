#include "probe/command_line.hpp"

#include <gtest/gtest.h>

#include "argv.hpp"

namespace lucid::probe {
namespace {

CommandLine parse(std::vector<std::string> args) {
  test::Argv argv(std::move(args));
  return parse_command_line(argv.argc(), argv.argv());
}

TEST(CommandLine, EveryFlag) {
  const CommandLine line =
      parse({"--host",   "::1",  "--port",    "8000", "--port-env", "P",   "--service", "api",
             "--unix",   "/s",   "--http",    "/h",   "--expect",   "200", "--header",  "A: 1",
             "--header", "B: 2", "--timeout", "1s",   "--wait",     "9s",  "--json"});
  EXPECT_FALSE(line.usage_error);
  EXPECT_EQ(line.host, "::1");
  EXPECT_EQ(line.port, "8000");
  EXPECT_EQ(line.port_env, "P");
  EXPECT_EQ(line.service, "api");
  EXPECT_EQ(line.unix_path, "/s");
  EXPECT_EQ(line.http_path, "/h");
  EXPECT_EQ(line.expect, "200");
  EXPECT_EQ(line.headers, (std::vector<std::string>{"A: 1", "B: 2"}));
  EXPECT_EQ(line.timeout, "1s");
  EXPECT_EQ(line.wait, "9s");
  EXPECT_EQ(line.output, OutputFormat::kJson);
  EXPECT_EQ(line.help, Help::kNone);
}

TEST(CommandLine, EqualsFormAndLastValueWins) {
  const CommandLine line = parse({"--port=1", "--port", "2", "--timeout=500ms"});
  EXPECT_EQ(line.port, "2");
  EXPECT_EQ(line.timeout, "500ms");
}

TEST(CommandLine, QuietWinsOverJsonInAnyOrder) {
  EXPECT_EQ(parse({"-q", "--json"}).output, OutputFormat::kQuiet);
  EXPECT_EQ(parse({"--json", "--quiet"}).output, OutputFormat::kQuiet);
  EXPECT_EQ(parse({}).output, OutputFormat::kLine);
}

TEST(CommandLine, UsageErrors) {
  EXPECT_EQ(parse({"--bogus=1"}).usage_error,
            "unknown option '--bogus' (see lucid-init probe --help)");
  EXPECT_EQ(parse({"-z"}).usage_error, "unknown option '-z' (see lucid-init probe --help)");
  EXPECT_EQ(parse({"--timeout"}).usage_error, "option '--timeout' needs a value");
  EXPECT_EQ(parse({"--quiet=1"}).usage_error, "option '--quiet' takes no value");
  EXPECT_EQ(parse({"8000"}).usage_error, "unexpected argument '8000'");
}

TEST(CommandLine, AmbiguousAbbreviationListsTheCandidates) {
  EXPECT_EQ(parse({"--po", "8000"}).usage_error,
            "option '--po' is ambiguous: --port, --port-env (see lucid-init probe --help)");
  EXPECT_EQ(parse({"--he=x"}).usage_error,
            "option '--he' is ambiguous: --header, --help, --help-all (see lucid-init probe "
            "--help)");
  EXPECT_EQ(parse({"--h"}).usage_error,
            "option '--h' is ambiguous: --host, --http, --header, --help, --help-all (see "
            "lucid-init probe --help)");
  EXPECT_EQ(parse({"--por", "1"}).usage_error,
            "option '--por' is ambiguous: --port, --port-env (see lucid-init probe --help)");
  EXPECT_EQ(parse({"--port-", "X"}).port_env, "X");
  EXPECT_EQ(parse({"--ti", "1s"}).timeout, "1s");
}

TEST(CommandLine, FirstErrorIsKeptAndTheOutputFormatStillRead) {
  const CommandLine line = parse({"--bogus", "--nope", "--json"});
  EXPECT_EQ(line.usage_error, "unknown option '--bogus' (see lucid-init probe --help)");
  EXPECT_EQ(line.output, OutputFormat::kJson);
}

TEST(CommandLine, ParsesAgainInTheSameProcess) {
  EXPECT_EQ(parse({"--port", "1"}).port, "1");
  EXPECT_EQ(parse({"--port", "2"}).port, "2");
}

TEST(CommandLine, Help) {
  EXPECT_EQ(parse({"-h"}).help, Help::kShort);
  EXPECT_EQ(parse({"--help"}).help, Help::kShort);
  EXPECT_EQ(parse({"--help-all"}).help, Help::kAll);
}

}  // namespace
}  // namespace lucid::probe
