#include "check/verdict_text.hpp"

#include <fmt/format.h>

#include "common/config_error.hpp"

namespace lucid::check {

std::string verdict_text(const Verdict& verdict) {
  std::string text;
  if (!verdict.target.empty()) {
    text += verdict.target;
    // "tcp 127.0.0.1:8000 connected in 0.21 ms" reads as a sentence; everything else is
    // "target: what happened".
    text += verdict.healthy && verdict.status == 0 ? " " : ": ";
  }
  text += verdict.message;
  if (verdict.tries > 1) text += fmt::format(" ({} tries)", verdict.tries);
  if (!verdict.origin.empty()) text += "; target from " + verdict.origin;
  // A newline or escape sequence from a peer or a flag must not break the one line; peer bytes
  // and flag values are escaped already where they enter a message, this covers the rest.
  return escape_controls(text);
}

}  // namespace lucid::check
