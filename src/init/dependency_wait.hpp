#pragma once
// --wait-for: before the service starts, every dependency is tried with the probe's own checks,
// each with its own backoff, until all answer. Its own io_context and signalfd, both gone when
// it returns: nothing of the wait is left to wake the supervisor later.
#include <optional>
#include <vector>

#include "check/target_spec.hpp"
#include "common/duration.hpp"
#include "init/signal_state.hpp"

namespace lucid::init {

// GNU timeout's status for "timed out": not a status the shell gives a signal or a failed exec.
inline constexpr int kWaitTimedOutStatus = 124;
// One try of one target: resolve, connect and response. A black-holed address ends here.
inline constexpr Duration kWaitTryTimeout = std::chrono::seconds(2);
// How often a line names what is still missing.
inline constexpr Duration kWaitProgressInterval = std::chrono::seconds(5);

struct WaitOutcome {
  // nullopt once every target has answered: start the service. Otherwise the status to exit
  // with, already logged: kWaitTimedOutStatus when `timeout` (0: none) passed first, 128+N when
  // signal N, one whose default action ends a process, came first (`docker stop` never waits for
  // a dependency).
  std::optional<int> exit_status;
  // Orphans re-parented to PID 1 during the wait (of a `docker exec`'d command, say) and reaped
  // at once: there is no service yet, so every process that ends is one.
  unsigned orphans_reaped = 0;
};

WaitOutcome wait_for_dependencies(const std::vector<check::TargetSpec>& targets, Duration timeout,
                                  const SignalState& signals);

}  // namespace lucid::init
