#pragma once
// One try: find the target's addresses, check them all side by side, and decide by the deadline.
#include "probe/clock.hpp"
#include "probe/probe_options.hpp"
#include "probe/verdict.hpp"

namespace lucid::probe {

// Returns by the deadline (plus the few microseconds it takes to close the sockets).
Verdict probe_try(const ProbeOptions& options, TimePoint start, TimePoint deadline);

}  // namespace lucid::probe
