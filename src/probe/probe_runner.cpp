#include "probe/probe_runner.hpp"

#include <algorithm>
#include <thread>

#include "probe/probe_try.hpp"

namespace lucid::probe {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kFirstPause{50};
constexpr milliseconds kLongestPause{1000};

}  // namespace

Clock::duration exit_reserve(Duration budget) {
  return std::min<Clock::duration>(budget / 10, milliseconds(100));
}

std::optional<TimePoint> next_try_start(TimePoint now, Clock::duration pause,
                                        Clock::duration longest_try, Duration timeout,
                                        TimePoint end) {
  const TimePoint start = now + pause;
  if (start + std::min<Clock::duration>(longest_try, timeout) > end) return std::nullopt;
  return start;
}

Verdict run_probe(const ProbeOptions& options, TimePoint start) {
  const Duration budget = options.wait ? *options.wait : options.timeout;
  const TimePoint end = start + budget - exit_reserve(budget);
  Clock::duration pause = kFirstPause;
  Clock::duration longest_try{};
  TimePoint try_start = start;
  for (int tries = 1;; ++tries) {
    Verdict verdict = probe_try(options, try_start, std::min(try_start + options.timeout, end));
    verdict.tries = tries;
    if (verdict.healthy || !options.wait) return verdict;
    const TimePoint now = Clock::now();
    longest_try = std::max(longest_try, now - try_start);
    const auto next = next_try_start(now, pause, longest_try, options.timeout, end);
    if (!next) return verdict;
    std::this_thread::sleep_until(*next);
    try_start = *next;
    pause = std::min<Clock::duration>(pause * 2, kLongestPause);
  }
}

}  // namespace lucid::probe
