#include "check/outcome_summary.hpp"

#include <fmt/format.h>

#include "check/error_text.hpp"

namespace lucid::check {
namespace {

std::string describe(const CheckOutcome& outcome, bool show_address) {
  if (!outcome.failure.empty()) return outcome.failure;
  const std::string elapsed = format_elapsed(outcome.elapsed);
  if (outcome.status == 0) {
    if (show_address) return fmt::format("connected to {} in {}", outcome.address, elapsed);
    return fmt::format("connected in {}", elapsed);
  }
  if (show_address) {
    return fmt::format("status {} from {} in {}", outcome.status, outcome.address, elapsed);
  }
  return fmt::format("status {} in {}", outcome.status, elapsed);
}

Verdict from(std::string target, const CheckOutcome& outcome, std::string message) {
  Verdict verdict;
  verdict.healthy = outcome.healthy;
  verdict.target = std::move(target);
  verdict.message = std::move(message);
  verdict.address = outcome.address;
  verdict.status = outcome.status;
  if (outcome.failure.empty()) verdict.elapsed = outcome.elapsed;
  return verdict;
}

}  // namespace

Verdict summarize(std::string target, const std::vector<CheckOutcome>& outcomes,
                  bool show_address) {
  for (const auto& outcome : outcomes) {
    if (outcome.healthy) return from(std::move(target), outcome, describe(outcome, show_address));
  }
  if (outcomes.size() == 1) {
    return from(std::move(target), outcomes[0], describe(outcomes[0], show_address));
  }
  std::string message;
  const CheckOutcome* answered = nullptr;
  for (const auto& outcome : outcomes) {
    if (!message.empty()) message += "; ";
    message += fmt::format("{}: {}", outcome.address, describe(outcome, false));
    if (answered == nullptr && outcome.status != 0) answered = &outcome;
  }
  if (answered != nullptr) return from(std::move(target), *answered, std::move(message));
  Verdict verdict;
  verdict.target = std::move(target);
  verdict.message = std::move(message);
  return verdict;
}

}  // namespace lucid::check
