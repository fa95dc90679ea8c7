// --rewrite FROM:TO: the child gets TO when lucid-init forwards FROM (nothing for TO 0), while
// lucid-init's shutdown stays keyed to the signal that came in: an incoming SIGTERM starts the
// grace deadline whatever the child gets, a second one escalates, and a signal rewritten *to*
// SIGTERM starts nothing.
#include <gtest/gtest.h>

#include <csignal>
#include <memory>

#include "init_process.hpp"

namespace lucid_test {
namespace {

struct Started {
  TempDir dir;
  std::unique_ptr<InitProcess> init;
};

// lucid-init with `options` over `record DIR STOPSIG`, once the child is ready for signals.
std::unique_ptr<Started> start_recording(Mode mode, std::vector<std::string> options, int stop,
                                         Env env = {}) {
  auto s = std::make_unique<Started>();
  s->init = std::make_unique<InitProcess>(
      Launch{mode, with_child(std::move(options), {"record", s->dir.path(), std::to_string(stop)}),
             std::move(env)});
  EXPECT_TRUE(s->init->wait_for([&] { return file_exists(s->dir / "ready"); }))
      << "the child never got ready: " << s->init->wait().err;
  return s;
}

std::vector<int> signals_received(const Started& s) {
  std::vector<int> out;
  for (const Received& r : received_signals(s.dir.path())) out.push_back(r.signo);
  return out;
}

bool has_line(const Exit& exit, const std::string& text) {
  return exit.err.find(text) != std::string::npos;
}

class SignalRewrite : public ::testing::TestWithParam<Mode> {};

// nginx and gunicorn stop gracefully on SIGQUIT: docker stop's SIGTERM arrives as that.
TEST_P(SignalRewrite, SigtermReachesTheChildAsSigquit) {
  const auto s = start_recording(GetParam(), {"--rewrite", "TERM:QUIT"}, SIGQUIT);
  s->init->send(SIGTERM);
  const Exit exit = s->init->wait();
  EXPECT_EQ(exit.code, 0) << exit.err;
  const std::vector<int> got = signals_received(*s);
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got.front(), SIGQUIT);
  EXPECT_EQ(std::count(got.begin(), got.end(), SIGTERM), 0) << "SIGTERM reached the child";
  EXPECT_TRUE(has_line(exit, "lucid-init: shutdown: forwarding SIGTERM as SIGQUIT to pid "))
      << exit.err;
  EXPECT_TRUE(has_line(exit, "; shutdown on SIGTERM took ")) << exit.err;
}

INSTANTIATE_TEST_SUITE_P(Modes, SignalRewrite, ::testing::ValuesIn(kAllModes), ModeName());

constexpr Mode kMode = Mode::kPid1;

TEST(SignalRewritePolicy, SecondSigtermStillEscalatesThoughTheChildGotSigquit) {
  const auto s = start_recording(kMode, {"--rewrite", "TERM:QUIT", "--grace", "60s"}, 0);
  s->init->send(SIGTERM);
  ASSERT_TRUE(wait_until([&] { return has_received(s->dir.path(), SIGQUIT); }));
  const auto second = Clock::now();
  s->init->send(SIGTERM);
  const Exit exit = s->init->wait();
  EXPECT_EQ(exit.code, 128 + SIGKILL) << exit.err;
  EXPECT_LT(seconds_between(second, exit.ended), 30.0) << "waited for the grace deadline";
  EXPECT_TRUE(has_line(exit, "shutdown: second shutdown signal, sending SIGKILL")) << exit.err;
  const std::vector<int> got = signals_received(*s);
  EXPECT_EQ(std::count(got.begin(), got.end(), SIGQUIT), 1) << "the second SIGTERM was forwarded";
}

// TERM:0: docker stop forwards nothing; the shutdown runs all the same: SIGKILL at the grace
// deadline, and nothing before (no SIGCONT either: the child is not stopped).
TEST(SignalRewritePolicy, DroppedSigtermStillStartsTheGraceDeadline) {
  for (const Mode mode : {Mode::kPid1, Mode::kPid1Unprivileged}) {
    SCOPED_TRACE(mode_name(mode));
    const auto s = start_recording(mode, {"--rewrite", "TERM:0", "--grace", "1s"}, 0);
    const auto sent = Clock::now();
    s->init->send(SIGTERM);
    const Exit exit = s->init->wait();
    EXPECT_EQ(exit.code, 128 + SIGKILL) << exit.err;
    EXPECT_GE(seconds_between(sent, exit.ended), 0.9) << "killed before the grace deadline";
    EXPECT_EQ(signals_received(*s), std::vector<int>{});
    EXPECT_TRUE(has_line(exit, "shutdown: not forwarding SIGTERM to pid ")) << exit.err;
    EXPECT_TRUE(has_line(exit, " (rewritten to 0), grace 1s")) << exit.err;
    EXPECT_TRUE(has_line(exit, "shutdown: grace period of 1s expired, sending SIGKILL"))
        << exit.err;
  }
}

TEST(SignalRewritePolicy, OrdinarySignalsRewrittenOrDroppedFromTheEnvironment) {
  const auto s = start_recording(kMode, {"-v"}, SIGTERM,
                                 {{"LUCID_INIT_REWRITE", "WINCH:0,USR1:USR2,HUP:RTMIN+3"}});
  s->init->send(SIGWINCH);
  ASSERT_TRUE(s->init->wait_for([&] {
    return s->init->err().find("not forwarding SIGWINCH to pid ") != std::string::npos;
  })) << s->init->err();
  s->init->send(SIGUSR1);
  ASSERT_TRUE(wait_until([&] { return has_received(s->dir.path(), SIGUSR2); }));
  s->init->send(SIGHUP);
  ASSERT_TRUE(wait_until([&] { return has_received(s->dir.path(), SIGRTMIN + 3); }));
  s->init->send(SIGTERM);
  const Exit exit = s->init->wait();
  EXPECT_EQ(exit.code, 0) << exit.err;
  const std::vector<int> got = signals_received(*s);
  EXPECT_EQ(std::vector<int>(got.begin(), got.begin() + 3),
            (std::vector<int>{SIGUSR2, SIGRTMIN + 3, SIGTERM}));
  EXPECT_TRUE(has_line(exit, "forwarding SIGUSR1 as SIGUSR2 to pid ")) << exit.err;
  EXPECT_TRUE(has_line(exit, "forwarding SIGHUP as SIGRTMIN+3 to pid ")) << exit.err;
}

// The hold is keyed to the incoming SIGTERM; what ends it early (SIGINT) goes on rewritten, and
// the held SIGTERM is then never sent.
TEST(SignalRewritePolicy, SigintEndsTheStopDelayHoldAndIsRewrittenToo) {
  const auto s = start_recording(
      kMode, {"--stop-delay", "60s", "--rewrite", "INT:TERM", "--rewrite", "TERM:QUIT"}, SIGTERM);
  s->init->send(SIGTERM);
  ASSERT_TRUE(s->init->wait_for([&] {
    return s->init->err().find("shutdown: holding SIGTERM for 60s") != std::string::npos;
  })) << s->init->err();
  s->init->send(SIGINT);
  const Exit exit = s->init->wait();
  EXPECT_EQ(exit.code, 0) << exit.err;
  const std::vector<int> got = signals_received(*s);
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got.front(), SIGTERM);
  EXPECT_EQ(std::count(got.begin(), got.end(), SIGQUIT), 0) << "the held SIGTERM was sent";
  EXPECT_TRUE(has_line(exit,
                       "shutdown: SIGINT ends the SIGTERM hold early, forwarding SIGINT as "
                       "SIGTERM to pid "))
      << exit.err;
}

TEST(SignalRewritePolicy, HeldSigtermIsRewrittenWhenTheHoldEnds) {
  const auto s =
      start_recording(kMode, {"--stop-delay", "200ms", "--rewrite", "TERM:QUIT"}, SIGQUIT);
  s->init->send(SIGTERM);
  const Exit exit = s->init->wait();
  EXPECT_EQ(exit.code, 0) << exit.err;
  EXPECT_EQ(signals_received(*s).front(), SIGQUIT);
}

// Only an incoming SIGTERM or SIGINT is a shutdown: QUIT rewritten to TERM is a plain forward.
TEST(SignalRewritePolicy, SignalRewrittenToSigtermStartsNoShutdown) {
  const auto s = start_recording(kMode, {"--rewrite", "QUIT:TERM"}, SIGTERM);
  s->init->send(SIGQUIT);
  const Exit exit = s->init->wait();
  EXPECT_EQ(exit.code, 0) << exit.err;
  EXPECT_EQ(signals_received(*s), std::vector<int>{SIGTERM});
  EXPECT_TRUE(has_line(exit, "lucid-init: exit 0: child exited with status 0; no shutdown signal"))
      << exit.err;
}

TEST(SignalRewritePolicy, BadRewriteStartsNothing) {
  for (auto [options, env] : std::vector<std::pair<std::vector<std::string>, Env>>{
           {{"--rewrite", "KILL:TERM"}, {}},
           {{"--rewrite", "TERM:QUIT", "--rewrite", "SIGTERM:HUP"}, {}},
           {{}, {{"LUCID_INIT_REWRITE", "TERM"}}},
           {{}, {{"LUCID_INIT_REWRITE", "CHLD:0"}}}}) {
    TempDir dir;
    options.insert(options.end(), {child_binary(), "touch", dir / "started"});
    const Exit exit = run_init({kMode, options, env});
    EXPECT_EQ(exit.code, 2) << exit.err;
    EXPECT_FALSE(file_exists(dir / "started"));
    ASSERT_EQ(exit.err_lines().size(), 1u) << exit.err;
    EXPECT_TRUE(has_line(exit, "lucid-init: error: ")) << exit.err;
  }
}

}  // namespace
}  // namespace lucid_test
