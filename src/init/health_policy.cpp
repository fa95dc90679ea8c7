#include "init/health_policy.hpp"

namespace lucid::init {

HealthPolicy::Step HealthPolicy::on_verdict(bool healthy, Duration since_start) {
  if (healthy) {
    started_ = true;
    const unsigned ended = failures_;
    failures_ = 0;
    return {ended == 0 ? Outcome::kHealthy : Outcome::kRecovered, ended};
  }
  if (!started_ && since_start < rules_.start_period) return {Outcome::kNotCounted, failures_};
  ++failures_;
  if (failures_ < rules_.retries) return {Outcome::kFailed, failures_};
  if (failures_ > rules_.retries) return {Outcome::kStillUnhealthy, failures_};
  return {rules_.stop ? Outcome::kStop : Outcome::kUnhealthy, failures_};
}

}  // namespace lucid::init
