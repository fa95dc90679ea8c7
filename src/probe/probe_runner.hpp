#pragma once
// The probe's schedule. Docker kills a check at its own timeout and throws its output away, so the
// verdict is printed a little before the deadline, never at it: each deadline keeps back a reserve
// for printing and exiting. Without --wait: one try. With it: tries, with a short and growing
// pause between them, until one is healthy or the wait is over.
#include "probe/clock.hpp"
#include "probe/probe_options.hpp"
#include "probe/verdict.hpp"

namespace lucid::probe {

// A tenth of the budget, at most 100 ms: ample for a write and an exit even on a busy small board.
Clock::duration exit_reserve(Duration budget);

// start: when the process began probing, so the budget covers everything it does.
Verdict run_probe(const ProbeOptions& options, TimePoint start);

}  // namespace lucid::probe
