#include "check/error_text.hpp"

#include "common/fixed_point.hpp"

namespace lucid::check {

std::string lowercase_first(std::string_view text) {
  std::string out(text);
  if (out.size() >= 2 && out[0] >= 'A' && out[0] <= 'Z' && out[1] >= 'a' && out[1] <= 'z') {
    out[0] = static_cast<char>(out[0] + ('a' - 'A'));
  }
  return out;
}

std::string describe_error(const boost::system::error_code& error) {
  return lowercase_first(error.message());
}

std::string format_elapsed(Clock::duration elapsed) {
  const double ms = std::chrono::duration<double, std::milli>(elapsed).count();
  if (ms < 1) return format_fixed(ms, 2) + " ms";
  if (ms < 10) return format_fixed(ms, 1) + " ms";
  if (ms < 1000) return format_fixed(ms, 0) + " ms";
  return format_fixed(ms / 1000, 1) + " s";
}

}  // namespace lucid::check
