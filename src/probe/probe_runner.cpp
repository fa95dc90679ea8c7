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

Verdict run_probe(const ProbeOptions& options, TimePoint start) {
  const Duration budget = options.wait ? *options.wait : options.timeout;
  const TimePoint end = start + budget - exit_reserve(budget);
  Clock::duration pause = kFirstPause;
  for (int tries = 1;; ++tries) {
    const TimePoint try_start = tries == 1 ? start : Clock::now();
    Verdict verdict = probe_try(options, try_start, std::min(try_start + options.timeout, end));
    verdict.tries = tries;
    if (verdict.healthy || !options.wait || Clock::now() + pause >= end) return verdict;
    std::this_thread::sleep_for(pause);
    pause = std::min<Clock::duration>(pause * 2, kLongestPause);
  }
}

}  // namespace lucid::probe
