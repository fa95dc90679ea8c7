// Signals the kernel raises against lucid-init because of its own actions (a log write into a
// pipe nobody reads: SIGPIPE; past RLIMIT_FSIZE: SIGXFSZ) are lucid-init's, never the child's.
// The same signals sent from outside are still forwarded.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <csignal>

#include "init_process.hpp"

namespace lucid_test {
namespace {

class OwnSignals : public ::testing::TestWithParam<Mode> {};

bool received_any(const std::string& dir, int signo) {
  for (const auto& r : received_signals(dir)) {
    if (r.signo == signo) return true;
  }
  return false;
}

// The child records every signal; lucid-init logs at debug level so every event is a write.
Exit run_with_broken_log(Launch launch, const TempDir& dir) {
  InitProcess init(launch);
  EXPECT_TRUE(init.wait_for([&] { return file_exists(dir / "ready"); }));
  init.send(SIGUSR1);  // a forward and its (failing) log line while the child runs
  EXPECT_TRUE(wait_until([&] { return has_received(dir.path(), SIGUSR1); }));
  init.send(SIGTERM);
  return init.wait();
}

TEST_P(OwnSignals, LogWriteIntoClosedPipeRaisesNoSignalInTheChild) {
  TempDir dir;
  Launch launch(GetParam(), with_child({"-vvv"}, {"record", dir.path(), "15"}));
  launch.err_sink = ErrSink::kReaderClosed;
  const Exit exit = run_with_broken_log(launch, dir);
  EXPECT_EQ(exit.code, 0) << "the child must end on its SIGTERM, not on lucid-init's SIGPIPE";
  EXPECT_FALSE(received_any(dir.path(), SIGPIPE)) << "lucid-init forwarded its own SIGPIPE";
}

TEST_P(OwnSignals, LogWritePastTheFileSizeLimitRaisesNoSignalInTheChild) {
  TempDir dir;
  Launch launch(GetParam(), with_child({"-vvv"}, {"fsize-unlimited", "record", dir.path(), "15"}));
  launch.err_sink = ErrSink::kFile;
  launch.err_file = dir / "stderr.log";
  launch.limits = {{RLIMIT_FSIZE, 0}};
  const Exit exit = run_with_broken_log(launch, dir);
  EXPECT_EQ(exit.code, 0) << "the child must end on its SIGTERM, not on lucid-init's SIGXFSZ";
  EXPECT_FALSE(received_any(dir.path(), SIGXFSZ)) << "lucid-init forwarded its own SIGXFSZ";
}

// docker kill -s PIPE / -s XFSZ: sent by someone else, so the child's business.
TEST_P(OwnSignals, SigpipeAndSigxfszFromOutsideAreForwarded) {
  TempDir dir;
  InitProcess init({GetParam(), with_child({}, {"record", dir.path(), "15"})});
  ASSERT_TRUE(init.wait_for([&] { return file_exists(dir / "ready"); })) << init.wait().err;
  for (const int signo : {SIGPIPE, SIGXFSZ}) {
    init.send(signo);
    EXPECT_TRUE(wait_until([&] { return has_received(dir.path(), signo); }))
        << "signal " << signo << " from outside never reached the child";
  }
  init.send(SIGTERM);
  const Exit exit = init.wait();
  EXPECT_EQ(exit.code, 0) << exit.err;
}

INSTANTIATE_TEST_SUITE_P(Modes, OwnSignals, ::testing::ValuesIn(kAllModes), ModeName());

}  // namespace
}  // namespace lucid_test
