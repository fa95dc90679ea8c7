#pragma once
// The probe's schedule. Docker kills a check at its own timeout and throws its output away, so the
// verdict is printed a little before the deadline, never at it: each deadline keeps back a reserve
// for printing and exiting. Without --wait: one try. With it: tries, with a short and growing
// pause between them, until one is healthy or no full try fits in the wait any more.
#include <optional>

#include "probe/clock.hpp"
#include "probe/probe_options.hpp"
#include "probe/verdict.hpp"

namespace lucid::probe {

// A tenth of the budget, at most 100 ms: ample for a write and an exit even on a busy small board.
Clock::duration exit_reserve(Duration budget);

// When the next try of --wait starts: after `pause`, or sooner if that still leaves the try its
// full timeout before `end`; nullopt when no full try fits any more. A try cut short by the end of
// the wait would give the verdict ("no response within 49 ms") of a wait that no try had.
std::optional<TimePoint> next_try_start(TimePoint now, Clock::duration pause, Duration timeout,
                                        TimePoint end);

// start: when the process began probing, so the budget covers everything it does.
Verdict run_probe(const ProbeOptions& options, TimePoint start);

}  // namespace lucid::probe
