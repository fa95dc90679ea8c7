// Graceful shutdown of the main child: SIGTERM/SIGINT forwarded, the grace deadline, escalation
// on a second signal, and --stop-delay. Time bounds are loose (qemu): a lower bound proves a
// wait happened, an upper bound well under the grace proves nothing waited for the deadline.
#include <gtest/gtest.h>

#include <csignal>

#include "init_process.hpp"

namespace lucid_test {
namespace {

class Shutdown : public ::testing::TestWithParam<Mode> {};

// Starts the child and waits until it is ready for signals.
struct Started {
  TempDir dir;
  std::unique_ptr<InitProcess> init;
};
std::unique_ptr<Started> start(Mode mode, std::vector<std::string> options,
                               std::vector<std::string> child_args,
                               std::vector<std::pair<std::string, std::string>> env = {}) {
  auto s = std::make_unique<Started>();
  for (auto& arg : child_args) {
    if (arg == "DIR") arg = s->dir.path();
  }
  s->init = std::make_unique<InitProcess>(Launch{mode, with_child(options, child_args), env});
  EXPECT_TRUE(s->init->wait_for([&] { return file_exists(s->dir / "ready"); }))
      << "the child never got ready: " << s->init->wait().err;
  return s;
}

TEST_P(Shutdown, ChildIgnoringSigtermIsKilledAtTheGraceDeadline) {
  const auto s = start(GetParam(), {"--grace", "1s"}, {"ignore-term", "DIR"});
  const auto sent = Clock::now();
  s->init->send(SIGTERM);
  const Exit exit = s->init->wait();
  EXPECT_EQ(exit.code, 128 + SIGKILL) << exit.err;
  EXPECT_GE(seconds_between(sent, exit.ended), 0.9) << "killed before the grace deadline";
  const auto summary = exit.err_lines_starting("lucid-init: exit 137:");
  ASSERT_EQ(summary.size(), 1u) << exit.err;
  EXPECT_NE(summary[0].find("SIGKILL"), std::string::npos) << summary[0];
}

TEST_P(Shutdown, GraceFromTheEnvironment) {
  const auto s = start(GetParam(), {}, {"ignore-term", "DIR"}, {{"LUCID_INIT_GRACE", "1s"}});
  const auto sent = Clock::now();
  s->init->send(SIGTERM);
  const Exit exit = s->init->wait();
  EXPECT_EQ(exit.code, 128 + SIGKILL) << exit.err;
  EXPECT_GE(seconds_between(sent, exit.ended), 0.9);
  EXPECT_LT(seconds_between(sent, exit.ended), 8.0) << "the 9 s default was used";
}

TEST_P(Shutdown, GraceFlagOverridesTheEnvironment) {
  const auto s =
      start(GetParam(), {"-g", "500ms"}, {"ignore-term", "DIR"}, {{"LUCID_INIT_GRACE", "60s"}});
  const auto sent = Clock::now();
  s->init->send(SIGTERM);
  const Exit exit = s->init->wait();
  EXPECT_EQ(exit.code, 128 + SIGKILL) << exit.err;
  EXPECT_LT(seconds_between(sent, exit.ended), 20.0) << "the environment's 60 s was used";
}

TEST_P(Shutdown, GraceZeroKillsAtOnce) {
  const auto s = start(GetParam(), {"--grace", "0"}, {"ignore-term", "DIR"});
  const auto sent = Clock::now();
  s->init->send(SIGTERM);
  const Exit exit = s->init->wait();
  EXPECT_EQ(exit.code, 128 + SIGKILL) << exit.err;
  EXPECT_LT(seconds_between(sent, exit.ended), 8.0) << "waited for the default grace";
}

TEST_P(Shutdown, SecondSignalEscalatesToSigkillAtOnce) {
  for (const int second : {SIGTERM, SIGINT}) {
    SCOPED_TRACE(second == SIGTERM ? "second SIGTERM" : "SIGINT after SIGTERM");
    // The recording child survives SIGTERM and shows when the first one arrived.
    const auto s = start(GetParam(), {"--grace", "30s"}, {"record", "DIR", "0"});
    s->init->send(SIGTERM);
    ASSERT_TRUE(wait_until([&] { return has_received(s->dir.path(), SIGTERM); }));
    const auto sent = Clock::now();
    s->init->send(second);
    const Exit exit = s->init->wait();
    EXPECT_EQ(exit.code, 128 + SIGKILL) << exit.err;
    EXPECT_LT(seconds_between(sent, exit.ended), 10.0) << "waited for the grace deadline";
  }
}

TEST_P(Shutdown, SigintIsForwardedAndEndsTheChild) {
  const auto s = start(GetParam(), {}, {"record", "DIR", "2"});
  s->init->send(SIGINT);
  const Exit exit = s->init->wait();
  EXPECT_EQ(exit.code, 0) << exit.err;
  EXPECT_TRUE(has_received(s->dir.path(), SIGINT));
}

TEST_P(Shutdown, ChildKilledBySigtermGives143AndASummary) {
  const auto s = start(GetParam(), {}, {"record", "DIR", "15", "die"});
  s->init->send(SIGTERM);
  const Exit exit = s->init->wait();
  EXPECT_EQ(exit.code, 128 + SIGTERM) << exit.err;
  const auto summary = exit.err_lines_starting("lucid-init: exit 143:");
  ASSERT_EQ(summary.size(), 1u) << exit.err;
  EXPECT_NE(summary[0].find("SIGTERM"), std::string::npos) << summary[0];
}

TEST_P(Shutdown, StopDelayHoldsTheFirstSigterm) {
  for (const bool from_env : {false, true}) {
    SCOPED_TRACE(from_env ? "LUCID_INIT_STOP_DELAY" : "--stop-delay");
    const auto s =
        from_env ? start(GetParam(), {}, {"record", "DIR", "15"}, {{"LUCID_INIT_STOP_DELAY", "1s"}})
                 : start(GetParam(), {"--stop-delay", "1s"}, {"record", "DIR", "15"});
    const auto sent = Clock::now();
    s->init->send(SIGTERM);
    ASSERT_TRUE(wait_until([&] { return has_received(s->dir.path(), SIGTERM); }));
    EXPECT_GE(seconds_between(sent, Clock::now()), 0.9) << "SIGTERM was not held back";
    const Exit exit = s->init->wait();
    EXPECT_EQ(exit.code, 0) << exit.err;
  }
}

TEST_P(Shutdown, ExitsAsSoonAsTheChildIsGone) {
  InitProcess init({GetParam(), with_child({"--grace", "30s"}, {"exit", "5"})});
  const Exit exit = init.wait(60s);
  EXPECT_EQ(exit.code, 5) << exit.err;
  EXPECT_LT(seconds_between(init.started(), exit.ended), 10.0) << "waited for the grace deadline";
}

INSTANTIATE_TEST_SUITE_P(Modes, Shutdown, ::testing::ValuesIn(kAllModes), ModeName());

}  // namespace
}  // namespace lucid_test
