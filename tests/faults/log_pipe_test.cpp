// lucid-init's stderr broken the ways a log pipe breaks in production: a reader that stalls
// (Docker's default blocking log mode with a stuck log driver), a reader that went away, no stderr
// at all, a full disk. Whatever stderr does, every deadline, forward, reap and the exit happen on
// time; lines that cannot be written are dropped and counted.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <csignal>
#include <thread>

#include "init_process.hpp"

namespace lucid_test {
namespace {

class LogPipe : public ::testing::TestWithParam<Mode> {};

// The child ignores SIGTERM, so only the grace deadline's SIGKILL ends it.
TEST_P(LogPipe, StalledStderrDelaysNeitherForwardingNorTheDeadline) {
  TempDir dir;
  Launch launch(GetParam(), with_child({"-vvv", "--grace", "1s"}, {"record", dir.path(), "0"}));
  launch.err_sink = ErrSink::kStalledPipe;
  InitProcess init(launch);
  ASSERT_TRUE(init.wait_for([&] { return file_exists(dir / "ready"); }));
  init.send(SIGTERM);
  ASSERT_TRUE(wait_until([&] { return has_received(dir.path(), SIGTERM); }));
  // Every line from here on meets a full pipe: the forward must still happen.
  init.send(SIGUSR1);
  EXPECT_TRUE(wait_until([&] { return has_received(dir.path(), SIGUSR1); }, 5s))
      << "a signal sent while stderr was stalled never reached the child";
  const Exit exit = init.wait(10s);
  EXPECT_FALSE(exit.timed_out) << "lucid-init stalled on its stderr";
  EXPECT_EQ(exit.code, 137) << "the child must die at the 1s deadline";
}

TEST_P(LogPipe, DroppedLinesAreCountedOnceStderrDrainsAgain) {
  TempDir dir;
  Launch launch(GetParam(), with_child({"-vvv"}, {"record", dir.path(), "15"}));
  launch.err_sink = ErrSink::kStalledPipe;
  InitProcess init(launch);
  ASSERT_TRUE(init.wait_for([&] { return file_exists(dir / "ready"); }));
  // The first line that gets through once the test has read the filler says what was lost.
  EXPECT_TRUE(drop_lines_then_release(init, dir.path(), " dropped: stderr was not writable"));
  init.send(SIGTERM);
  const Exit exit = init.wait();
  EXPECT_EQ(exit.code, 0) << exit.err;
  const auto summary = exit.err_lines_starting("lucid-init: exit 0:");
  ASSERT_EQ(summary.size(), 1U) << exit.err;
  EXPECT_NE(summary[0].find(" log lines dropped"), std::string::npos) << summary[0];
}

// While the pipe stays full lucid-init must sleep, not retry: a busy loop on EAGAIN would burn a
// core of a Raspberry Pi for as long as the log reader is stuck.
TEST_P(LogPipe, StalledStderrCostsNoCpu) {
  TempDir dir;
  Launch launch(GetParam(), with_child({"-vvv"}, {"record", dir.path(), "15"}));
  launch.err_sink = ErrSink::kStalledPipe;
  InitProcess init(launch);
  ASSERT_TRUE(init.wait_for([&] { return file_exists(dir / "ready"); }));
  init.send(SIGUSR1);
  ASSERT_TRUE(wait_until([&] { return has_received(dir.path(), SIGUSR1); }));
  const long before = cpu_ticks(init.init_pid());
  std::this_thread::sleep_for(1s);
  const long after = cpu_ticks(init.init_pid());
  EXPECT_LT(after - before, sysconf(_SC_CLK_TCK) / 4) << "lucid-init spins while stderr is full";
  init.send(SIGTERM);
  EXPECT_EQ(init.wait().code, 0);
}

// One descriptor to spare from the start (`ulimit -n 4`: unshare and setpriv need it to load
// their libraries): the sink has it, or not (another uid's pipe needs two), and the event loop
// cannot start. The error line meets a full pipe: it is dropped, never written with a blocking
// write(2) that would hold PID 1 for as long as the reader is stuck.
TEST_P(LogPipe, NoDescriptorForTheLogAndAStalledPipeNeverBlock) {
#ifdef LUCID_TEST_SANITIZED
  GTEST_SKIP() << "the sanitizer runtime needs descriptors of its own at exit (its leak check), "
                  "and reports their lack with a blocking write to the stalled stderr";
#endif
  Launch launch(GetParam(), with_child({"-vvv"}, {"exit", "0"}));
  launch.err_sink = ErrSink::kStalledPipe;
  launch.limits = {{RLIMIT_NOFILE, 4}};
  InitProcess init(launch);
  const Exit exit = init.wait(10s);
  EXPECT_FALSE(exit.timed_out) << "lucid-init blocked on its stderr";
  EXPECT_EQ(exit.code, 1) << "no descriptor for signalfd or epoll either: exit 1";
}

struct BrokenStderr {
  const char* name;
  ErrSink sink;
  const char* file;  // for kFile
  bool file_size_limit;
};

class BrokenLog : public ::testing::TestWithParam<std::tuple<Mode, BrokenStderr>> {};

// Start, a forward, a shutdown and the exit status, with each way of losing stderr.
TEST_P(BrokenLog, EverythingHappensOnTimeWithoutALog) {
  const auto& [mode, broken] = GetParam();
  TempDir dir;
  Launch launch(
      mode, with_child({"-vvv", "--grace", "1s"}, {"fsize-unlimited", "record", dir.path(), "0"}));
  launch.err_sink = broken.sink;
  launch.err_file = broken.file != nullptr ? broken.file : dir / "stderr.log";
  if (broken.file_size_limit) launch.limits = {{RLIMIT_FSIZE, 0}};
  InitProcess init(launch);
  ASSERT_TRUE(init.wait_for([&] { return file_exists(dir / "ready"); }));
  init.send(SIGUSR1);
  EXPECT_TRUE(wait_until([&] { return has_received(dir.path(), SIGUSR1); }, 5s));
  init.send(SIGTERM);
  const Exit exit = init.wait(10s);
  EXPECT_FALSE(exit.timed_out);
  EXPECT_EQ(exit.code, 137) << "the child ignores SIGTERM: SIGKILL at the 1s deadline";
  for (const auto& r : received_signals(dir.path())) {
    // SIGCONT follows the shutdown signal, for a child that might be stopped.
    EXPECT_TRUE(r.signo == SIGUSR1 || r.signo == SIGTERM || r.signo == SIGCONT)
        << "unexpected signal " << r.signo;
  }
}

const BrokenStderr kBroken[] = {
    {"ReaderGone", ErrSink::kReaderClosed, nullptr, false},  // EPIPE
    {"Closed", ErrSink::kClosed, nullptr, false},            // EBADF
    {"DiskFull", ErrSink::kFile, "/dev/full", false},        // ENOSPC
    {"FileSizeLimit", ErrSink::kFile, nullptr, true},        // EFBIG
};

INSTANTIATE_TEST_SUITE_P(Modes, LogPipe, ::testing::ValuesIn(kAllModes), ModeName());
INSTANTIATE_TEST_SUITE_P(Modes, BrokenLog,
                         ::testing::Combine(::testing::ValuesIn(kAllModes),
                                            ::testing::ValuesIn(kBroken)),
                         [](const auto& param_info) {
                           return mode_name(std::get<0>(param_info.param)) + "_" +
                                  std::get<1>(param_info.param).name;
                         });

}  // namespace
}  // namespace lucid_test
