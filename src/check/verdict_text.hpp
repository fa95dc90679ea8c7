#pragma once
// A verdict as words, the same wherever it is shown: the probe's one line and the supervisor's
// health check log lines.
#include <string>

#include "check/verdict.hpp"

namespace lucid::check {

// "tcp 127.0.0.1:8000 connected in 0.21 ms", "http://127.0.0.1:8000/health: status 503 in
// 3.4 ms", with the tries and the target's origin when there are; control characters escaped.
std::string verdict_text(const Verdict& verdict);

}  // namespace lucid::check
