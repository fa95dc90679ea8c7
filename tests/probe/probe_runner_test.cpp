#include "probe/probe_runner.hpp"

#include <gtest/gtest.h>

namespace lucid::probe {
namespace {

using std::chrono::milliseconds;

const TimePoint kStart{};

std::optional<milliseconds> next_at(int now_ms, int pause_ms, int timeout_ms, int end_ms) {
  const auto next = next_try_start(kStart + milliseconds(now_ms), milliseconds(pause_ms),
                                   Duration(timeout_ms), kStart + milliseconds(end_ms));
  if (!next) return std::nullopt;
  return std::chrono::duration_cast<milliseconds>(*next - kStart);
}

TEST(NextTryStart, AfterThePauseWhenTheTryStillGetsItsFullTimeout) {
  EXPECT_EQ(next_at(500, 50, 500, 1900), milliseconds(550));
  EXPECT_EQ(next_at(1000, 400, 500, 1900), milliseconds(1400));  // ends exactly at the end
}

// The last try would be cut short by the end of the wait: it starts sooner instead, so its
// verdict ("no response within 500 ms") is that of a full try.
TEST(NextTryStart, SoonerWhenThePauseWouldCutTheTryShort) {
  EXPECT_EQ(next_at(1000, 800, 500, 1900), milliseconds(1400));
  EXPECT_EQ(next_at(1400, 50, 500, 1900), milliseconds(1400));
}

TEST(NextTryStart, NoneWhenNoFullTryFitsAnyMore) {
  EXPECT_EQ(next_at(1650, 200, 500, 1900), std::nullopt);  // was: a try of 50 ms
  EXPECT_EQ(next_at(1401, 0, 500, 1900), std::nullopt);
  EXPECT_EQ(next_at(2000, 50, 500, 1900), std::nullopt);
}

}  // namespace
}  // namespace lucid::probe
