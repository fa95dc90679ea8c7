// A mistyped flag gets one line that names it: inside a cluster of short flags (-xv, where getopt
// has not yet moved past the word, so the word before it was lucid-init's own path), and an
// abbreviation that fits more than one long option (getopt_long answers '?' as for an unknown
// one): the line says it is ambiguous and lists the candidates. The same for the probe.
#include <gtest/gtest.h>

#include "init_process.hpp"

namespace lucid_test {
namespace {

constexpr Mode kMode = Mode::kSubreaper;  // nothing is started: no namespace needed

void expect_usage_error(const std::vector<std::string>& options, const std::string& line) {
  TempDir dir;
  const Exit exit = run_init({kMode, with_child(options, {"touch", dir / "started"})});
  EXPECT_EQ(exit.code, 2) << testing::PrintToString(options) << "\n" << exit.err;
  EXPECT_EQ(exit.err, "lucid-init: error: " + line + "\n") << testing::PrintToString(options);
  EXPECT_FALSE(file_exists(dir / "started")) << "the child was started despite the error";
}

TEST(CommandLineErrors, UnknownShortFlagInAClusterIsNamedByItself) {
  expect_usage_error({"-xv", "--"}, "unknown option '-x' (see --help)");
  expect_usage_error({"-vx", "--"}, "unknown option '-x' (see --help)");
  expect_usage_error({"-pvx"}, "unknown option '-x' (see --help)");
}

TEST(CommandLineErrors, ShortFlagMissingItsValueInAClusterIsNamedByItself) {
  const Exit exit = run_init({kMode, {"-vg"}});
  EXPECT_EQ(exit.code, 2) << exit.err;
  EXPECT_EQ(exit.err, "lucid-init: error: option '-g' needs a value (see --help)\n");
}

TEST(CommandLineErrors, AmbiguousAbbreviationListsTheCandidates) {
  expect_usage_error({"--ver"}, "option '--ver' is ambiguous: --verbose, --version (see --help)");
  expect_usage_error({"--ver=1"}, "option '--ver' is ambiguous: --verbose, --version (see --help)");
  // A unique abbreviation still works, and a flag with a value it does not take is not unknown.
  expect_usage_error({"--pgr=1"}, "option '--pgroup' takes no value (see --help)");
  const Exit exit = run_init({kMode, with_child({"--verb", "--pgr"}, {"exit", "7"})});
  EXPECT_EQ(exit.code, 7) << exit.err;
}

TEST(CommandLineErrors, ProbeAmbiguousAbbreviationListsTheCandidates) {
  const Exit exit = run_init({kMode, {"probe", "--po", "8000"}});
  EXPECT_EQ(exit.code, 1) << exit.err;
  EXPECT_NE(exit.out.find("option '--po' is ambiguous: --port, --port-env"), std::string::npos)
      << exit.out;
  const Exit help = run_init({kMode, {"probe", "--he"}});
  EXPECT_EQ(help.code, 1) << help.err;
  EXPECT_NE(help.out.find("option '--he' is ambiguous: --header, --help"), std::string::npos)
      << help.out;
}

}  // namespace
}  // namespace lucid_test
