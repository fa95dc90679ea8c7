#pragma once
// The one line lucid-init logs as it exits: the child's fate, how the shutdown went, what was
// left behind. Operators read it in `docker logs` after the fact, so it carries the numbers.
#include <optional>
#include <string>

#include "common/duration.hpp"
#include "init/shutdown_policy.hpp"

namespace lucid::init {

struct RunSummary {
  int exit_code = 0;        // after --remap-exit
  int child_exit_code = 0;  // before it
  int child_wait_status = 0;
  std::string child_death_note;  // why a SIGKILL came: "out of memory (...)"; "" unknown
  std::optional<int> shutdown_signal;
  bool shutdown_after_child_exit = false;  // the signal came during the leftover drain
  ShutdownPolicy::Escalation escalation = ShutdownPolicy::Escalation::kNone;
  Duration grace{0};
  double shutdown_seconds = 0;
  unsigned orphans_reaped = 0;  // while the child ran
  unsigned leftovers_ended = 0;
  unsigned leftovers_killed = 0;
  // Why --health-on-failure stop shut the child down (exit_code is then lucid-init's own).
  std::string health_stop;
};

// e.g. "exit 143: child killed by SIGTERM; shutdown on SIGTERM took 0.12s; leftovers: none";
// "exit 3: stopped: api unhealthy 3 times: ...; child killed by SIGTERM; ..."
std::string format_summary(const RunSummary& summary);

}  // namespace lucid::init
