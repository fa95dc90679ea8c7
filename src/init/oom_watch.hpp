#pragma once
// Reads the OOM kill count of lucid-init's memory cgroup at start-up and again after a SIGKILL
// that lucid-init did not send; nothing in between, so it costs nothing while the service runs.
#include <optional>
#include <string>

#include "init/memory_cgroup.hpp"

namespace lucid::init {

class OomWatch {
 public:
  // The first candidate whose counter can be read; none: every SIGKILL stays unexplained.
  OomWatch();

  // The exit line's note when the count grew by more than the kills explained so far, else "".
  std::string explain_sigkill();

 private:
  std::optional<MemoryCgroupFiles> files_;
  unsigned long long seen_ = 0;  // at start, plus each kill explained since
};

}  // namespace lucid::init
