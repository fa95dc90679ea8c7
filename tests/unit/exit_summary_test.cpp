#include "init/exit_summary.hpp"

#include <gtest/gtest.h>
#include <signal.h>

namespace lucid::init {
namespace {

TEST(ExitSummary, QuietRun) {
  RunSummary s;
  s.child_wait_status = 3 << 8;
  s.child_exit_code = s.exit_code = 3;
  EXPECT_EQ(format_summary(s),
            "exit 3: child exited with status 3; no shutdown signal; leftovers: none");
}

TEST(ExitSummary, ShutdownWithDeadlineLeftoversAndRemap) {
  RunSummary s;
  s.child_wait_status = SIGKILL;
  s.child_exit_code = 137;
  s.exit_code = 0;
  s.shutdown_signal = SIGTERM;
  s.escalation = ShutdownPolicy::Escalation::kDeadline;
  s.grace = std::chrono::milliseconds(9000);
  s.shutdown_seconds = 9.004;
  s.leftovers_ended = 2;
  s.leftovers_killed = 1;
  s.orphans_reaped = 5;
  EXPECT_EQ(format_summary(s),
            "exit 0 (remapped from 137): child killed by SIGKILL; shutdown on SIGTERM took 9.00s, "
            "SIGKILL at the 9s deadline; leftovers: 2 ended after SIGTERM, 1 killed; "
            "5 orphans reaped");
}

TEST(ExitSummary, SecondSignal) {
  RunSummary s;
  s.child_wait_status = SIGKILL;
  s.child_exit_code = s.exit_code = 137;
  s.shutdown_signal = SIGINT;
  s.escalation = ShutdownPolicy::Escalation::kSecondSignal;
  s.shutdown_seconds = 0.25;
  EXPECT_EQ(format_summary(s),
            "exit 137: child killed by SIGKILL; shutdown on SIGINT took 0.25s, SIGKILL on a "
            "second signal; leftovers: none");
}

TEST(ExitSummary, ShutdownSignalAfterTheChildsExit) {
  RunSummary s;
  s.child_wait_status = 3 << 8;
  s.child_exit_code = s.exit_code = 3;
  s.shutdown_signal = SIGTERM;
  s.shutdown_after_child_exit = true;
  s.shutdown_seconds = 2.5;
  s.leftovers_ended = 1;
  EXPECT_EQ(format_summary(s),
            "exit 3: child exited with status 3; shutdown on SIGTERM after the child's exit took "
            "2.50s; leftovers: 1 ended after SIGTERM, 0 killed");
}

TEST(ExitSummary, HealthStopSaysWhyFirst) {
  RunSummary s;
  s.child_wait_status = SIGTERM;
  s.child_exit_code = 143;
  s.exit_code = 3;
  s.shutdown_signal = SIGTERM;
  s.shutdown_seconds = 0.12;
  s.health_stop = "api unhealthy 3 times: http://127.0.0.1:8000/health: status 503 in 1.2 ms";
  EXPECT_EQ(format_summary(s),
            "exit 3: stopped: api unhealthy 3 times: http://127.0.0.1:8000/health: status 503 in "
            "1.2 ms; child killed by SIGTERM; shutdown on SIGTERM took 0.12s; leftovers: none");
}

}  // namespace
}  // namespace lucid::init
