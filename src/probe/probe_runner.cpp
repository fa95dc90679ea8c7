#include "probe/probe_runner.hpp"

#include <algorithm>
#include <thread>

#include "check/try_run.hpp"

namespace lucid::probe {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kFirstPause{50};
constexpr milliseconds kLongestPause{1000};

}  // namespace

check::Clock::duration exit_reserve(Duration budget) {
  return std::min<check::Clock::duration>(budget / 10, milliseconds(100));
}

std::optional<check::TimePoint> next_try_start(check::TimePoint now, check::Clock::duration pause,
                                               check::Clock::duration longest_try, Duration timeout,
                                               check::TimePoint end) {
  const check::TimePoint start = now + pause;
  if (start + std::min<check::Clock::duration>(longest_try, timeout) > end) return std::nullopt;
  return start;
}

check::Verdict run_probe(const ProbeOptions& options, check::TimePoint start) {
  const Duration budget = options.wait ? *options.wait : options.timeout;
  const check::TimePoint end = start + budget - exit_reserve(budget);
  check::Clock::duration pause = kFirstPause;
  check::Clock::duration longest_try{};
  check::TimePoint try_start = start;
  for (int tries = 1;; ++tries) {
    check::Verdict verdict =
        check::run_try(options, try_start, std::min(try_start + options.timeout, end));
    verdict.tries = tries;
    if (verdict.healthy || !options.wait) return verdict;
    const check::TimePoint now = check::Clock::now();
    longest_try = std::max(longest_try, now - try_start);
    const auto next = next_try_start(now, pause, longest_try, options.timeout, end);
    if (!next) return verdict;
    std::this_thread::sleep_until(*next);
    try_start = *next;
    pause = std::min<check::Clock::duration>(pause * 2, kLongestPause);
  }
}

}  // namespace lucid::probe
