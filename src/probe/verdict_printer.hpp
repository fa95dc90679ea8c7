#pragma once
// Renders a verdict for Docker, which keeps the first 4096 bytes of a check's output: one line
// that always fits, or one JSON object with the same facts.
#include <cstddef>
#include <string>

#include "check/verdict.hpp"

namespace lucid::probe {

// Room for the line and its newline within Docker's 4096 bytes.
inline constexpr std::size_t kMaxLineBytes = 4095;

// "healthy: tcp 127.0.0.1:8000 connected in 0.21 ms\n"
std::string format_line(const check::Verdict& verdict);

// {"healthy":false,"target":"http://127.0.0.1:8000/health","message":"status 503 in 3.4 ms",...}
std::string format_json(const check::Verdict& verdict);

}  // namespace lucid::probe
