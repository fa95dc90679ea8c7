#pragma once
// One verdict from the checks of every address of the target: healthy if any one is, otherwise
// every address's reason, in address order.
#include <string>
#include <vector>

#include "check/check_outcome.hpp"
#include "check/verdict.hpp"

namespace lucid::check {

// show_address: the target was a name (or localhost), so the line says which address answered.
Verdict summarize(std::string target, const std::vector<CheckOutcome>& outcomes, bool show_address);

}  // namespace lucid::check
