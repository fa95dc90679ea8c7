#pragma once
// Which HTTP statuses count as healthy: 200-399 unless --expect lists codes and ranges.
#include <string_view>
#include <vector>

namespace lucid::check {

inline constexpr std::string_view kExpectRule =
    "must be status codes or ranges like 200,204 or 200-299 (each 200-599: 1xx responses are "
    "interim, never the verdict)";

class ExpectSpec {
 public:
  // Kubernetes' rule: any 2xx or 3xx (redirects are not followed, a redirect is an answer).
  ExpectSpec();

  // "200,204,200-299"; throws ConfigError naming --expect.
  static ExpectSpec parse_or_throw(std::string_view text);

  bool accepts(int status) const;

 private:
  struct Range {
    int low;
    int high;
  };
  std::vector<Range> ranges_;
};

}  // namespace lucid::check
