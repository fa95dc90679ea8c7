// lucid-init's exit status: the child's exit code unchanged, 128+N when the child died of
// signal N, --remap-exit applied last, and the summary line that reports it.
#include <gtest/gtest.h>

#include <csignal>
#include <deque>
#include <memory>

#include "init_process.hpp"

namespace lucid_test {
namespace {

class ExitStatus : public ::testing::TestWithParam<Mode> {};

// Runs the child with each exit code, a few runs overlapping: each start costs tens of
// milliseconds under qemu.
void expect_codes_pass_through(Mode mode, const std::vector<int>& codes) {
  std::deque<std::pair<int, std::unique_ptr<InitProcess>>> running;
  auto finish_oldest = [&] {
    const Exit exit = running.front().second->wait();
    EXPECT_EQ(exit.code, running.front().first) << exit.err;
    running.pop_front();
  };
  for (const int code : codes) {
    running.emplace_back(code, std::make_unique<InitProcess>(
                                   Launch{mode, with_child({}, {"exit", std::to_string(code)})}));
    if (running.size() >= 8) finish_oldest();
  }
  while (!running.empty()) finish_oldest();
}

// All 256 in the production mode; the other modes take the same path through the same code.
TEST(ExitCodes, EveryExitCodePassesThroughAsPid1) {
  std::vector<int> all(256);
  for (int code = 0; code < 256; ++code) all[static_cast<std::size_t>(code)] = code;
  expect_codes_pass_through(Mode::kPid1, all);
}

TEST_P(ExitStatus, ExitCodesPassThrough) {
  expect_codes_pass_through(GetParam(),
                            {0, 1, 2, 3, 42, 125, 126, 127, 128, 129, 137, 143, 254, 255});
}

TEST_P(ExitStatus, DeathBySignalGives128PlusN) {
  for (const int sig : {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGKILL, SIGABRT,
                        SIGSEGV, SIGPIPE, SIGALRM}) {
    const Exit exit = run_init({GetParam(), with_child({}, {"raise", std::to_string(sig)})});
    EXPECT_EQ(exit.code, 128 + sig) << "signal " << sig << "\n" << exit.err;
  }
}

TEST_P(ExitStatus, SummaryLineReportsTheStatus) {
  const Exit exit = run_init({GetParam(), with_child({}, {"exit", "3"})});
  EXPECT_EQ(exit.code, 3);
  EXPECT_EQ(exit.err_lines_starting("lucid-init: exit 3:").size(), 1u) << exit.err;
  for (const auto& line : exit.err_lines()) {
    EXPECT_EQ(line.rfind("lucid-init: ", 0), 0u) << "unprefixed stderr line: " << line;
  }
}

TEST_P(ExitStatus, QuietSuppressesTheSummary) {
  for (const auto& launch :
       {Launch{GetParam(), with_child({"-q"}, {"exit", "3"})},
        Launch{GetParam(), with_child({}, {"exit", "3"}), {{"LUCID_INIT_VERBOSITY", "0"}}}}) {
    const Exit exit = run_init(launch);
    EXPECT_EQ(exit.code, 3);
    EXPECT_TRUE(exit.err_lines_starting("lucid-init: exit").empty()) << exit.err;
  }
}

TEST_P(ExitStatus, RemapExitMapsTheFinalStatus) {
  struct Case {
    std::vector<std::string> options;
    std::vector<std::pair<std::string, std::string>> env;
    std::vector<std::string> child;
    int expected;
  };
  const Case cases[] = {
      {{"--remap-exit", "143:0"}, {}, {"raise", "15"}, 0},
      {{"-r", "3:0", "-r", "4:1"}, {}, {"exit", "4"}, 1},
      {{"-r", "3:0"}, {}, {"exit", "5"}, 5},
      {{}, {{"LUCID_INIT_REMAP_EXIT", "5:6,7:8"}}, {"exit", "7"}, 8},
      {{}, {{"LUCID_INIT_REMAP_EXIT", "5:6,7:8"}}, {"exit", "5"}, 6},
      {{"-r", "0:255"}, {}, {"exit", "0"}, 255},
  };
  for (const auto& c : cases) {
    const Exit exit = run_init({GetParam(), with_child(c.options, c.child), c.env});
    EXPECT_EQ(exit.code, c.expected) << testing::PrintToString(c.options) << exit.err;
  }
}

INSTANTIATE_TEST_SUITE_P(Modes, ExitStatus, ::testing::ValuesIn(kAllModes), ModeName());

}  // namespace
}  // namespace lucid_test
