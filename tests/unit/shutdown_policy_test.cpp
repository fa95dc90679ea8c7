#include "init/shutdown_policy.hpp"

#include <gtest/gtest.h>
#include <signal.h>

namespace lucid::init {
namespace {

using std::chrono::milliseconds;
using Kind = Action::Kind;
using Phase = ShutdownPolicy::Phase;

const Duration kGrace = milliseconds(9000);

Action forward(int signo) { return {Kind::kForward, signo}; }
Action arm(Duration d) { return {Kind::kArmTimer, 0, d}; }
Action cont() { return {Kind::kContinue}; }
const Action kKillChild{Kind::kKillChild};
const Action kCancel{Kind::kCancelTimer};
const Action kTerm{Kind::kTermLeftovers};
const Action kKill{Kind::kKillLeftovers};
const Action kExit{Kind::kExit};

TEST(ShutdownPolicy, OrdinarySignalsAreForwardedWhileTheChildRuns) {
  ShutdownPolicy policy(kGrace, Duration(0));
  EXPECT_EQ(policy.on_signal(SIGHUP), Actions{forward(SIGHUP)});
  EXPECT_EQ(policy.on_signal(SIGUSR1), Actions{forward(SIGUSR1)});
  EXPECT_EQ(policy.phase(), Phase::kRunning);
  EXPECT_FALSE(policy.shutdown_signal());
}

TEST(ShutdownPolicy, TermIsForwardedAndStartsTheGraceDeadline) {
  ShutdownPolicy policy(kGrace, Duration(0));
  // No SIGCONT: the child is not stopped (issue 18).
  EXPECT_EQ(policy.on_signal(SIGTERM), (Actions{forward(SIGTERM), arm(kGrace)}));
  EXPECT_EQ(policy.phase(), Phase::kStopping);
  EXPECT_EQ(policy.shutdown_signal(), SIGTERM);
  // Signals other than TERM/INT still reach the child during shutdown.
  EXPECT_EQ(policy.on_signal(SIGUSR2), Actions{forward(SIGUSR2)});
}

// A stopped child (SIGSTOP, a forwarded SIGTSTP) would keep the shutdown signal pending until the
// deadline's SIGKILL: SIGCONT right after it, and only then.
TEST(ShutdownPolicy, OnlyAStoppedChildGetsSigcont) {
  ShutdownPolicy policy(kGrace, Duration(0));
  EXPECT_EQ(policy.on_child_stopped(true), Actions{});  // running: its own business
  EXPECT_EQ(policy.on_signal(SIGTERM), (Actions{forward(SIGTERM), cont(), arm(kGrace)}));

  ShutdownPolicy went_on(kGrace, Duration(0));
  went_on.on_child_stopped(true);
  went_on.on_child_stopped(false);
  EXPECT_EQ(went_on.on_signal(SIGTERM), (Actions{forward(SIGTERM), arm(kGrace)}));
}

// Stopped after the shutdown signal reached it: continued at once; not once SIGKILL is sent.
TEST(ShutdownPolicy, StoppedDuringTheGraceGetsSigcont) {
  ShutdownPolicy policy(kGrace, Duration(0));
  policy.on_signal(SIGTERM);
  EXPECT_EQ(policy.on_child_stopped(true), Actions{cont()});
  EXPECT_EQ(policy.on_child_stopped(false), Actions{});
  policy.on_signal(SIGTERM);
  EXPECT_EQ(policy.on_child_stopped(true), Actions{});
}

// Held by --stop-delay: the state at the forward counts.
TEST(ShutdownPolicy, StoppedDuringTheHoldGetsSigcontWithTheForward) {
  ShutdownPolicy policy(kGrace, milliseconds(500));
  policy.on_signal(SIGTERM);
  EXPECT_EQ(policy.on_child_stopped(true), Actions{});
  EXPECT_EQ(policy.on_timer(), (Actions{forward(SIGTERM), cont(), arm(kGrace)}));
}

TEST(ShutdownPolicy, DeadlineKillsTheChild) {
  ShutdownPolicy policy(kGrace, Duration(0));
  policy.on_signal(SIGINT);
  EXPECT_EQ(policy.on_timer(), (Actions{kCancel, kKillChild}));
  EXPECT_EQ(policy.escalation(), ShutdownPolicy::Escalation::kDeadline);
  // Whatever survives the child goes straight to SIGKILL: the deadline has passed.
  EXPECT_EQ(policy.on_child_exit(true), (Actions{kCancel, kKill}));
  EXPECT_TRUE(policy.leftovers_killed());
}

TEST(ShutdownPolicy, SecondShutdownSignalEscalatesAtOnce) {
  ShutdownPolicy policy(kGrace, Duration(0));
  policy.on_signal(SIGTERM);
  EXPECT_EQ(policy.on_signal(SIGINT), (Actions{kCancel, kKillChild}));
  EXPECT_EQ(policy.escalation(), ShutdownPolicy::Escalation::kSecondSignal);
  EXPECT_EQ(policy.on_signal(SIGTERM), Actions{});
  EXPECT_EQ(policy.on_timer(), Actions{});
}

TEST(ShutdownPolicy, StopDelayHoldsOnlySigterm) {
  const Duration delay = milliseconds(2000);
  ShutdownPolicy policy(kGrace, delay);
  EXPECT_EQ(policy.on_signal(SIGTERM), Actions{arm(delay)});
  EXPECT_EQ(policy.phase(), Phase::kDelaying);
  EXPECT_EQ(policy.on_timer(), (Actions{forward(SIGTERM), arm(kGrace)}));
  EXPECT_FALSE(policy.hold_ended_early());

  ShutdownPolicy interrupted(kGrace, delay);
  EXPECT_EQ(interrupted.on_signal(SIGINT), (Actions{forward(SIGINT), arm(kGrace)}));
}

// The child has seen no shutdown signal during the hold: a second one is forwarded, not SIGKILL.
TEST(ShutdownPolicy, ShutdownSignalDuringTheHoldIsForwardedAtOnce) {
  for (const int second : {SIGINT, SIGTERM}) {
    ShutdownPolicy policy(kGrace, milliseconds(2000));
    policy.on_signal(SIGTERM);
    EXPECT_EQ(policy.on_signal(second), (Actions{forward(second), arm(kGrace)}));
    EXPECT_EQ(policy.phase(), Phase::kStopping);
    EXPECT_TRUE(policy.hold_ended_early());
    EXPECT_EQ(policy.shutdown_signal(), SIGTERM);
    EXPECT_EQ(policy.escalation(), ShutdownPolicy::Escalation::kNone);
    // Only a signal after the forward escalates; the grace deadline runs from the forward.
    EXPECT_EQ(policy.on_signal(SIGTERM), (Actions{kCancel, kKillChild}));
    EXPECT_EQ(policy.escalation(), ShutdownPolicy::Escalation::kSecondSignal);
  }
}

TEST(ShutdownPolicy, GraceDeadlineAfterAnEarlyForward) {
  ShutdownPolicy policy(kGrace, milliseconds(2000));
  policy.on_signal(SIGTERM);
  policy.on_signal(SIGINT);
  EXPECT_EQ(policy.on_timer(), (Actions{kCancel, kKillChild}));
  EXPECT_EQ(policy.escalation(), ShutdownPolicy::Escalation::kDeadline);
}

TEST(ShutdownPolicy, ChildExitAloneEndsTheRun) {
  ShutdownPolicy policy(kGrace, Duration(0));
  EXPECT_EQ(policy.on_child_exit(false), (Actions{kCancel, kExit}));
}

TEST(ShutdownPolicy, LeftoversAfterANormalExitGetTheirOwnDeadline) {
  ShutdownPolicy policy(kGrace, Duration(0));
  EXPECT_EQ(policy.on_child_exit(true), (Actions{kTerm, arm(kGrace)}));
  EXPECT_EQ(policy.phase(), Phase::kDraining);
  EXPECT_EQ(policy.on_timer(), (Actions{kCancel, kKill}));
}

TEST(ShutdownPolicy, LeftoversDuringShutdownShareTheRunningDeadline) {
  ShutdownPolicy policy(kGrace, Duration(0));
  policy.on_signal(SIGTERM);
  EXPECT_EQ(policy.on_child_exit(true), Actions{kTerm});
  // No child to forward to any more; a repeated shutdown signal kills the leftovers.
  EXPECT_EQ(policy.on_signal(SIGHUP), Actions{});
  EXPECT_EQ(policy.on_signal(SIGTERM), (Actions{kCancel, kKill}));
}

TEST(ShutdownPolicy, ChildExitDuringStopDelayStartsAFreshDeadlineForLeftovers) {
  ShutdownPolicy policy(kGrace, milliseconds(2000));
  policy.on_signal(SIGTERM);
  EXPECT_EQ(policy.on_child_exit(true), (Actions{kTerm, arm(kGrace)}));
  // The held SIGTERM was the first shutdown signal: the next one is the second.
  EXPECT_EQ(policy.on_signal(SIGTERM), (Actions{kCancel, kKill}));
  EXPECT_FALSE(policy.shutdown_after_child_exit());
}

// docker stop while leftovers of an exited child clean up: they have their SIGTERM already.
TEST(ShutdownPolicy, FirstShutdownSignalDuringTheDrainKeepsItsDeadline) {
  ShutdownPolicy policy(kGrace, Duration(0));
  policy.on_child_exit(true);
  EXPECT_EQ(policy.on_signal(SIGTERM), (Actions{{Kind::kKeepDraining, SIGTERM}}));
  EXPECT_EQ(policy.phase(), Phase::kDraining);
  EXPECT_EQ(policy.shutdown_signal(), SIGTERM);
  EXPECT_TRUE(policy.shutdown_after_child_exit());
  EXPECT_EQ(policy.escalation(), ShutdownPolicy::Escalation::kNone);
  EXPECT_EQ(policy.on_timer(), (Actions{kCancel, kKill}));
  EXPECT_EQ(policy.escalation(), ShutdownPolicy::Escalation::kDeadline);
}

TEST(ShutdownPolicy, SecondShutdownSignalDuringTheDrainKillsTheLeftovers) {
  ShutdownPolicy policy(kGrace, Duration(0));
  policy.on_child_exit(true);
  policy.on_signal(SIGINT);
  EXPECT_EQ(policy.on_signal(SIGTERM), (Actions{kCancel, kKill}));
  EXPECT_EQ(policy.escalation(), ShutdownPolicy::Escalation::kSecondSignal);
  EXPECT_TRUE(policy.leftovers_killed());
  EXPECT_EQ(policy.shutdown_signal(), SIGINT);
  EXPECT_EQ(policy.on_signal(SIGTERM), Actions{});
}

// The JSON log's "escalation" and "reason" values: one name each, none shared.
TEST(ShutdownPolicy, EscalationNames) {
  using Escalation = ShutdownPolicy::Escalation;
  EXPECT_STREQ(escalation_name(Escalation::kNone), "none");
  EXPECT_STREQ(escalation_name(Escalation::kDeadline), "deadline");
  EXPECT_STREQ(escalation_name(Escalation::kSecondSignal), "second_signal");
}

}  // namespace
}  // namespace lucid::init
