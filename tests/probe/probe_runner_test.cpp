#include "probe/probe_runner.hpp"

#include <gtest/gtest.h>

namespace lucid::probe {
namespace {

using std::chrono::milliseconds;

const check::TimePoint kStart{};

// Times in ms since kStart; -1: no next try.
long next_at(int now, int pause, int longest_try, int timeout, int end) {
  const auto next =
      next_try_start(kStart + milliseconds(now), milliseconds(pause), milliseconds(longest_try),
                     Duration(timeout), kStart + milliseconds(end));
  if (!next) return -1;
  return static_cast<long>(std::chrono::duration_cast<milliseconds>(*next - kStart).count());
}

TEST(NextTryStart, AfterThePause) {
  EXPECT_EQ(next_at(500, 50, 500, 500, 1900), 550);
  EXPECT_EQ(next_at(1000, 400, 500, 500, 1900), 1400);  // ends exactly at the end
}

// Each try ran out its 500 ms: one that could only wait 50 ms would give a verdict ("no response
// within 49 ms") that tells less than the tries before it.
TEST(NextTryStart, NoneThatWouldBeCutShorterThanTheLongestTry) {
  EXPECT_EQ(next_at(1650, 200, 500, 500, 1900), -1);
  EXPECT_EQ(next_at(1401, 0, 500, 500, 1900), -1);
  EXPECT_EQ(next_at(2000, 50, 1, 500, 1900), -1);
}

// Refused at once: a short try is as good as a long one, so tries go on until the wait is over;
// and a try never needs more than the timeout.
TEST(NextTryStart, QuickTriesGoOnUntilTheEnd) {
  EXPECT_EQ(next_at(1000, 800, 1, 2000, 1900), 1800);
  EXPECT_EQ(next_at(1850, 50, 0, 2000, 1900), 1900);
  EXPECT_EQ(next_at(1000, 100, 3000, 500, 1900), 1100);
}

}  // namespace
}  // namespace lucid::probe
