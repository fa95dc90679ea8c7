#pragma once
// The health check's decisions, free of I/O so every path is unit-tested: given a check's verdict
// and when the check started, is the service healthy, unhealthy, back, or to be stopped. Docker's
// rules: `retries` failures in a row make it unhealthy; failures inside the start period do not
// count, and the first success ends that period.
#include "common/duration.hpp"

namespace lucid::init {

struct HealthRules {
  unsigned retries = 3;
  Duration start_period{0};
  bool stop = false;  // --health-on-failure stop
};

class HealthPolicy {
 public:
  enum class Outcome {
    kHealthy,         // a success, after successes
    kRecovered,       // a success after counted failures
    kNotCounted,      // a failure inside the start period
    kFailed,          // a counted failure, fewer than `retries` in a row so far
    kUnhealthy,       // the failure that makes `retries` in a row
    kStillUnhealthy,  // failures after that
    kStop,            // kUnhealthy, with `stop`: no more checks
  };
  struct Step {
    Outcome outcome;
    // Counted failures in a row: after this verdict, or for kRecovered the run it ended.
    unsigned failures;
  };

  explicit HealthPolicy(HealthRules rules) : rules_(rules) {}

  // since_start: from the child's start to this check's start.
  Step on_verdict(bool healthy, Duration since_start);

 private:
  HealthRules rules_;
  bool started_ = false;  // a success has ended the start period
  unsigned failures_ = 0;
};

}  // namespace lucid::init
