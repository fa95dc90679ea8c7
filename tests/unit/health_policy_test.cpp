#include "init/health_policy.hpp"

#include <gtest/gtest.h>

namespace lucid::init {
namespace {

using Outcome = HealthPolicy::Outcome;
using std::chrono::seconds;

constexpr Duration kLater = seconds(100);

HealthPolicy::Outcome fail(HealthPolicy& policy, Duration since_start = kLater) {
  return policy.on_verdict(false, since_start).outcome;
}

TEST(HealthPolicy, RetriesFailuresInARowMakeItUnhealthyOnce) {
  HealthPolicy policy({3, Duration(0), false});
  EXPECT_EQ(policy.on_verdict(true, kLater).outcome, Outcome::kHealthy);
  EXPECT_EQ(fail(policy), Outcome::kFailed);
  const auto second = policy.on_verdict(false, kLater);
  EXPECT_EQ(second.outcome, Outcome::kFailed);
  EXPECT_EQ(second.failures, 2u);
  const auto third = policy.on_verdict(false, kLater);
  EXPECT_EQ(third.outcome, Outcome::kUnhealthy);
  EXPECT_EQ(third.failures, 3u);
  EXPECT_EQ(fail(policy), Outcome::kStillUnhealthy);
}

TEST(HealthPolicy, ASuccessEndsTheRunAndSaysHowLongItWas) {
  HealthPolicy policy({3, Duration(0), true});
  fail(policy);
  fail(policy);
  const auto back = policy.on_verdict(true, kLater);
  EXPECT_EQ(back.outcome, Outcome::kRecovered);
  EXPECT_EQ(back.failures, 2u);
  // The count starts again: two more failures are not three in a row.
  EXPECT_EQ(fail(policy), Outcome::kFailed);
  EXPECT_EQ(fail(policy), Outcome::kFailed);
  EXPECT_EQ(fail(policy), Outcome::kStop);
}

TEST(HealthPolicy, RecoveredFromUnhealthy) {
  HealthPolicy policy({1, Duration(0), false});
  EXPECT_EQ(fail(policy), Outcome::kUnhealthy);
  EXPECT_EQ(fail(policy), Outcome::kStillUnhealthy);
  const auto back = policy.on_verdict(true, kLater);
  EXPECT_EQ(back.outcome, Outcome::kRecovered);
  EXPECT_EQ(back.failures, 2u);
  EXPECT_EQ(policy.on_verdict(true, kLater).outcome, Outcome::kHealthy);
}

TEST(HealthPolicy, StopOnlyWithStopAndOnlyAtRetries) {
  HealthPolicy policy({2, Duration(0), true});
  EXPECT_EQ(fail(policy), Outcome::kFailed);
  const auto stop = policy.on_verdict(false, kLater);
  EXPECT_EQ(stop.outcome, Outcome::kStop);
  EXPECT_EQ(stop.failures, 2u);
}

TEST(HealthPolicy, FailuresInsideTheStartPeriodDoNotCount) {
  HealthPolicy policy({1, seconds(10), true});
  EXPECT_EQ(fail(policy, seconds(0)), Outcome::kNotCounted);
  const auto late = policy.on_verdict(false, seconds(9));
  EXPECT_EQ(late.outcome, Outcome::kNotCounted);
  EXPECT_EQ(late.failures, 0u);
  // The period is over at its end, success or not.
  EXPECT_EQ(fail(policy, seconds(10)), Outcome::kStop);
}

TEST(HealthPolicy, TheFirstSuccessEndsTheStartPeriod) {
  HealthPolicy policy({1, seconds(10), false});
  EXPECT_EQ(fail(policy, seconds(1)), Outcome::kNotCounted);
  EXPECT_EQ(policy.on_verdict(true, seconds(2)).outcome, Outcome::kHealthy);
  EXPECT_EQ(fail(policy, seconds(3)), Outcome::kUnhealthy);
}

}  // namespace
}  // namespace lucid::init
