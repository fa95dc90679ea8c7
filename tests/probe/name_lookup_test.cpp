#include "probe/name_lookup.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace lucid::probe {
namespace {

using std::chrono::milliseconds;

LookupResult hanging_lookup(const std::string&) {
  std::this_thread::sleep_for(milliseconds(1500));
  return {};
}

LookupResult instant_lookup(const std::string&) {
  return {
      {boost::asio::ip::make_address("192.0.2.7"), boost::asio::ip::make_address("2001:db8::7")},
      {}};
}

TEST(NameLookup, DeadlineHoldsWhileTheResolverHangs) {
  const TimePoint start = Clock::now();
  const LookupResult result =
      lookup_name("slow.example", start, start + milliseconds(100), hanging_lookup);
  EXPECT_TRUE(result.addresses.empty());
  EXPECT_EQ(result.error.rfind("resolving 'slow.example' timed out after ", 0), 0U) << result.error;
  // It returned at the deadline, not when the lookup ended.
  EXPECT_LT(Clock::now() - start, milliseconds(1500));
}

TEST(NameLookup, ReturnsTheAddresses) {
  const TimePoint start = Clock::now();
  const LookupResult result =
      lookup_name("fast.example", start, start + milliseconds(5000), instant_lookup);
  EXPECT_EQ(result.error, "");
  ASSERT_EQ(result.addresses.size(), 2U);
  EXPECT_EQ(result.addresses[1].to_string(), "2001:db8::7");
}

}  // namespace
}  // namespace lucid::probe
