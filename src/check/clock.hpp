#pragma once
// Every probe time is monotonic: a wall-clock step must not end or extend a check.
#include <chrono>

namespace lucid::check {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;

}  // namespace lucid::check
