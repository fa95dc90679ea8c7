// Durations finer than the millisecond resolution: a value that is not 0 but rounds to 0 ms
// (`--grace 0.0001`: "kill at once"; `--timeout 0.5ms`: "must be greater than zero") is refused
// with one line naming the flag, the value and the rule, by the init (exit 2) and the probe
// (exit 1).
#include <gtest/gtest.h>

#include "init_process.hpp"

namespace lucid_test {
namespace {

TEST(SubMillisecondDurations, InitRefusesThemWithOneLine) {
  const Exit flag = run_init({Mode::kPid1, {"--grace", "0.0001", "--", "true"}});
  EXPECT_EQ(flag.code, 2) << flag.err;
  EXPECT_NE(flag.err.find("--grace='0.0001': must be 0 or at least 1ms"), std::string::npos)
      << flag.err;

  const Exit env = run_init({Mode::kPid1, {"--", "true"}, {{"LUCID_INIT_STOP_DELAY", "0.0009"}}});
  EXPECT_EQ(env.code, 2) << env.err;
  EXPECT_NE(env.err.find("LUCID_INIT_STOP_DELAY='0.0009': must be 0 or at least 1ms"),
            std::string::npos)
      << env.err;

  const Exit tiny = run_init({Mode::kPid1, {"--grace", "0.9ms", "--", "true"}});
  EXPECT_EQ(tiny.code, 2) << tiny.err;
  EXPECT_NE(tiny.err.find("--grace='0.9ms': must be 0 or at least 1ms"), std::string::npos)
      << tiny.err;
}

TEST(SubMillisecondDurations, ProbeRefusesThemWithOneLine) {
  const Exit timeout = run_init({Mode::kSubreaper, {"probe", "--port", "1", "--timeout", "0.5ms"}});
  EXPECT_EQ(timeout.code, 1);
  EXPECT_EQ(timeout.out,
            "unhealthy: --timeout='0.5ms': must be at least 1ms (durations have millisecond "
            "resolution)\n");

  const Exit wait = run_init({Mode::kSubreaper, {"probe", "--port", "1", "--wait", "0.0001"}});
  EXPECT_EQ(wait.code, 1);
  EXPECT_EQ(wait.out,
            "unhealthy: --wait='0.0001': must be at least 1ms (durations have millisecond "
            "resolution)\n");
}

}  // namespace
}  // namespace lucid_test
