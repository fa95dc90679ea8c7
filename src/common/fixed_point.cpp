#include "common/fixed_point.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>

namespace lucid {

std::string format_fixed(double value, int decimals) {
  std::uint64_t scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  const double scaled = std::round(std::fabs(value) * static_cast<double>(scale));
  // Beyond 2^63 (never a duration here) the digits are not worth the undefined conversion.
  const std::uint64_t units =
      scaled < 9.2e18 ? static_cast<std::uint64_t>(scaled) : std::uint64_t{9200000000000000000U};
  const char* sign = value < 0 && units != 0 ? "-" : "";
  if (decimals <= 0) return fmt::format("{}{}", sign, units);
  return fmt::format("{}{}.{:0{}}", sign, units / scale, units % scale, decimals);
}

}  // namespace lucid
