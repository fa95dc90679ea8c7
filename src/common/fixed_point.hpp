#pragma once
// Decimal numbers with a fixed count of decimals ("0.21", "9.00"), written with integer
// arithmetic: fmt's floating-point writer (Dragonbox tables, its snprintf fallback and through
// that glibc's printf) stays out of the static binary.
#include <string>

namespace lucid {

// `value` with `decimals` (0 to 9) digits after the point; halves round away from zero.
std::string format_fixed(double value, int decimals);

}  // namespace lucid
