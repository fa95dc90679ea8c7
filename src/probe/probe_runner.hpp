#pragma once
// The probe's schedule. Docker kills a check at its own timeout and throws its output away, so the
// verdict is printed a little before the deadline, never at it: each deadline keeps back a reserve
// for printing and exiting. Without --wait: one try. With it: tries, with a short and growing
// pause between them, until one is healthy or the wait has no room for another try as long as
// the longest so far.
#include <optional>

#include "check/clock.hpp"
#include "check/verdict.hpp"
#include "probe/probe_options.hpp"

namespace lucid::probe {

// A tenth of the budget, at most 100 ms: ample for a write and an exit even on a busy small board.
check::Clock::duration exit_reserve(Duration budget);

// When the next try of --wait starts: after `pause`, if it then still has until `end` as long as
// the longest try so far took (at most the timeout); nullopt when not. So the verdict, the last
// try's, never comes from a try cut short where earlier ones waited longer ("no response within
// 49 ms" after tries of 500 ms each), while tries refused at once go on until the wait is over.
std::optional<check::TimePoint> next_try_start(check::TimePoint now, check::Clock::duration pause,
                                               check::Clock::duration longest_try, Duration timeout,
                                               check::TimePoint end);

// start: when the process began probing, so the budget covers everything it does.
check::Verdict run_probe(const ProbeOptions& options, check::TimePoint start);

}  // namespace lucid::probe
