#include "check/outcome_summary.hpp"

#include <gtest/gtest.h>

namespace lucid::check {
namespace {

using std::chrono::microseconds;

CheckOutcome connected(std::string address) {
  return {true, std::move(address), 0, microseconds(210), {}};
}
CheckOutcome refused(std::string address) {
  return {false, std::move(address), 0, microseconds(90), "connection refused"};
}
CheckOutcome answered(std::string address, int status, bool healthy) {
  return {healthy, std::move(address), status, microseconds(3400), {}};
}

TEST(OutcomeSummary, OneAddress) {
  const Verdict healthy = summarize("tcp 127.0.0.1:80", {connected("127.0.0.1:80")}, false);
  EXPECT_TRUE(healthy.healthy);
  EXPECT_EQ(healthy.message, "connected in 0.21 ms");
  EXPECT_EQ(healthy.address, "127.0.0.1:80");
  EXPECT_EQ(healthy.elapsed, microseconds(210));

  const Verdict failed = summarize("tcp 127.0.0.1:80", {refused("127.0.0.1:80")}, false);
  EXPECT_FALSE(failed.healthy);
  EXPECT_EQ(failed.message, "connection refused");
  EXPECT_FALSE(failed.elapsed);

  const Verdict status = summarize("http://x", {answered("127.0.0.1:80", 503, false)}, false);
  EXPECT_EQ(status.message, "status 503 in 3.4 ms");
  EXPECT_EQ(status.status, 503);
}

TEST(OutcomeSummary, AnyHealthyAddressDecidesAndIsNamed) {
  const Verdict verdict =
      summarize("tcp localhost:80", {refused("127.0.0.1:80"), connected("[::1]:80")}, true);
  EXPECT_TRUE(verdict.healthy);
  EXPECT_EQ(verdict.message, "connected to [::1]:80 in 0.21 ms");
  EXPECT_EQ(verdict.address, "[::1]:80");
  EXPECT_EQ(summarize("http://localhost:80/", {answered("[::1]:80", 200, true)}, true).message,
            "status 200 from [::1]:80 in 3.4 ms");
}

TEST(OutcomeSummary, EveryAddressSaysWhyInOrder) {
  const Verdict verdict = summarize(
      "http://localhost:80/", {refused("127.0.0.1:80"), answered("[::1]:80", 500, false)}, true);
  EXPECT_FALSE(verdict.healthy);
  EXPECT_EQ(verdict.message, "127.0.0.1:80: connection refused; [::1]:80: status 500 in 3.4 ms");
  EXPECT_EQ(verdict.status, 500);
  EXPECT_EQ(verdict.address, "[::1]:80");
}

}  // namespace
}  // namespace lucid::check
