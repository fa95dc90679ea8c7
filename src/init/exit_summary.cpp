#include "init/exit_summary.hpp"

#include <fmt/format.h>

#include "common/fixed_point.hpp"
#include "init/exit_status.hpp"
#include "init/signal_table.hpp"

namespace lucid::init {

std::string format_summary(const RunSummary& s) {
  std::string line = fmt::format("exit {}", s.exit_code);
  if (!s.health_stop.empty()) {
    line += fmt::format(": stopped: {};", s.health_stop);
  } else {
    if (s.exit_code != s.child_exit_code) {
      line += fmt::format(" (remapped from {})", s.child_exit_code);
    }
    line += ':';
  }
  line += fmt::format(" child {}", describe_wait_status(s.child_wait_status));
  if (!s.child_death_note.empty()) line += ": " + s.child_death_note;
  line += "; ";

  if (s.shutdown_signal) {
    line += fmt::format("shutdown on {}{} took {}s", signal_name(*s.shutdown_signal),
                        s.shutdown_after_child_exit ? " after the child's exit" : "",
                        format_fixed(s.shutdown_seconds, 2));
    if (s.escalation == ShutdownPolicy::Escalation::kSecondSignal) {
      line += ", SIGKILL on a second signal";
    } else if (s.escalation == ShutdownPolicy::Escalation::kDeadline) {
      line += fmt::format(", SIGKILL at the {} deadline", format_duration(s.grace));
    }
  } else {
    line += "no shutdown signal";
  }

  if (s.leftovers_ended + s.leftovers_killed == 0) {
    line += "; leftovers: none";
  } else {
    line += fmt::format("; leftovers: {} ended after SIGTERM, {} killed", s.leftovers_ended,
                        s.leftovers_killed);
  }
  if (s.orphans_reaped > 0) line += fmt::format("; {} orphans reaped", s.orphans_reaped);
  return line;
}

}  // namespace lucid::init
