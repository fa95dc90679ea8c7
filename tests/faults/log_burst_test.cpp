// lucid-init's own lines in bursts (an orphan reaped per line at debug level, 300 at once while
// the child runs and 300 more as it exits) against log readers of each speed. A reader that
// keeps reading gets every line, the child's exit and the summary last: lucid-init's lines cost
// the pipe their own bytes and wait for room, they are not dropped at the first full pipe. A
// stalled reader that comes back while lucid-init is exiting still gets the last lines.
#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <string>

#include "init_process.hpp"

namespace lucid_test {
namespace {

struct Reader {
  const char* name;
  std::chrono::milliseconds pause;  // before each 4 KiB read
};

class LogBurst : public ::testing::TestWithParam<std::tuple<Mode, Reader>> {};

unsigned count_containing(const std::vector<std::string>& lines, const std::string& text) {
  unsigned n = 0;
  for (const auto& line : lines) n += line.find(text) != std::string::npos ? 1U : 0U;
  return n;
}

TEST_P(LogBurst, ReaderThatKeepsReadingGetsEveryLineAndTheSummaryLast) {
  const auto& [mode, reader] = GetParam();
  LUCID_SKIP_WITHOUT_SUBREAPER(mode);
  Launch launch(mode, with_child({"-v"}, {"burst", "300"}));
  launch.err_read_pause = reader.pause;
  const Exit exit = run_init(launch, 60s);
  ASSERT_EQ(exit.code, 0) << exit.err;
  const auto lines = exit.err_lines();
  EXPECT_EQ(count_containing(lines, "dropped"), 0U) << exit.err;
  ASSERT_FALSE(lines.empty());
  const std::string& summary = lines.back();
  ASSERT_EQ(summary.rfind("lucid-init: exit 0: ", 0), 0U) << "the summary is not the last line";
  EXPECT_EQ(exit.err_lines_starting("lucid-init: child pid ").size(), 1U) << exit.err;
  // Every orphan the summary counts has its line (those re-parented after the child's exit
  // pass are leftovers, counted apart).
  const auto counted = summary.find(" orphans reaped");
  ASSERT_NE(counted, std::string::npos) << summary;
  const auto orphans = static_cast<unsigned>(
      std::strtoul(summary.substr(summary.rfind("; ", counted) + 2).c_str(), nullptr, 10));
  EXPECT_GE(orphans, 300U) << summary;
  EXPECT_EQ(count_containing(lines, "reaped orphan pid "), orphans) << exit.err;
}

const Reader kReaders[] = {
    {"Fast", std::chrono::milliseconds(0)},
    {"Slow", std::chrono::milliseconds(20)},
};

INSTANTIATE_TEST_SUITE_P(Modes, LogBurst,
                         ::testing::Combine(::testing::ValuesIn(kAllModes),
                                            ::testing::ValuesIn(kReaders)),
                         [](const auto& param_info) {
                           return mode_name(std::get<0>(param_info.param)) + "_" +
                                  std::get<1>(param_info.param).name;
                         });

class LogAtExit : public ::testing::TestWithParam<Mode> {};

// The pipe is full when the child ends: the shutdown, the child's exit and the summary wait for
// room (a bounded time) instead of being dropped, and the reader that comes back gets them.
TEST_P(LogAtExit, LastLinesWaitForAStalledReaderThatComesBack) {
  TempDir dir;
  Launch launch(GetParam(), with_child({}, {"record", dir.path(), "15"}));
  launch.err_sink = ErrSink::kStalledPipe;
  InitProcess init(launch);
  ASSERT_TRUE(init.wait_for([&] { return file_exists(dir / "ready"); }));
  const pid_t init_pid = init.init_pid();
  init.send(SIGTERM);
  // Its last lines written, lucid-init waits in poll(2) for room (the event loop is epoll's).
  const std::string wchan = "/proc/" + std::to_string(init_pid) + "/wchan";
  EXPECT_TRUE(wait_until([&] { return read_file(wchan).rfind("poll_schedule_timeout", 0) == 0; }))
      << "lucid-init did not wait for room for its last lines";
  init.release_stderr();
  const Exit exit = init.wait();
  ASSERT_EQ(exit.code, 0) << exit.err;
  EXPECT_EQ(exit.err_lines_starting("lucid-init: child pid ").size(), 1U) << exit.err;
  EXPECT_EQ(exit.err_lines_starting("lucid-init: exit 0: ").size(), 1U) << exit.err;
}

INSTANTIATE_TEST_SUITE_P(Modes, LogAtExit, ::testing::ValuesIn(kAllModes), ModeName());

}  // namespace
}  // namespace lucid_test
