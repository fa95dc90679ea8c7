#include "check/expect_spec.hpp"

#include <optional>

#include "common/config_error.hpp"

namespace lucid::check {
namespace {

std::optional<int> parse_status(std::string_view text) {
  if (text.size() != 3) return std::nullopt;
  int value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  // 1xx heads are interim: the parser reads past them to the final one, so none is ever judged.
  if (value < 200 || value > 599) return std::nullopt;
  return value;
}

}  // namespace

ExpectSpec::ExpectSpec() : ranges_{{200, 399}} {}

ExpectSpec ExpectSpec::parse_or_throw(std::string_view text) {
  ExpectSpec spec;
  spec.ranges_.clear();
  std::string_view rest = text;
  while (true) {
    const auto comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    const auto dash = item.find('-');
    const auto low = parse_status(item.substr(0, dash));
    const auto high = dash == std::string_view::npos ? low : parse_status(item.substr(dash + 1));
    if (!low || !high || *low > *high) throw_bad_value("--expect", text, kExpectRule);
    spec.ranges_.push_back({*low, *high});
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return spec;
}

bool ExpectSpec::accepts(int status) const {
  for (const auto& range : ranges_) {
    if (status >= range.low && status <= range.high) return true;
  }
  return false;
}

}  // namespace lucid::check
