#include "init/notify_message.hpp"

#include <gtest/gtest.h>

#include <cstddef>

namespace lucid::init {
namespace {

std::string sun_path(const NotifyAddress& a) {
  return std::string(a.address.sun_path, a.length - offsetof(sockaddr_un, sun_path));
}

TEST(NotifyAddress, PathKeepsItsNul) {
  std::string rule;
  const auto a = parse_notify_address("/run/systemd/notify", rule);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->address.sun_family, AF_UNIX);
  EXPECT_EQ(sun_path(*a), std::string("/run/systemd/notify\0", 20));
}

TEST(NotifyAddress, AbstractNameStartsWithNulAndHasNoneAtTheEnd) {
  std::string rule;
  const auto a = parse_notify_address("@podman/notify", rule);
  ASSERT_TRUE(a);
  EXPECT_EQ(sun_path(*a), std::string("\0podman/notify", 14));
}

TEST(NotifyAddress, LongestThatFit) {
  std::string rule;
  EXPECT_TRUE(parse_notify_address("/" + std::string(106, 'a'), rule));
  EXPECT_TRUE(parse_notify_address("@" + std::string(107, 'a'), rule));
  EXPECT_FALSE(parse_notify_address("/" + std::string(107, 'a'), rule));
  EXPECT_FALSE(parse_notify_address("@" + std::string(108, 'a'), rule));
}

TEST(NotifyAddress, RejectsWhatIsNoAddress) {
  for (const std::string& value :
       {std::string(), std::string("run/notify"), std::string("@"), std::string("/run/a\nb"),
        std::string("/run/\x7f"), std::string("@a\0b", 4)}) {
    std::string rule;
    EXPECT_FALSE(parse_notify_address(value, rule)) << value;
    EXPECT_EQ(rule,
              "must be an absolute path or @name (an abstract socket) of at most 107 bytes, "
              "without control characters");
  }
}

TEST(NotifyMessage, ReadyCarriesTheStatusOnOneLine) {
  EXPECT_EQ(ready_message("api ready on 0.0.0.0:8000 after 0.52 s"),
            "READY=1\nSTATUS=api ready on 0.0.0.0:8000 after 0.52 s");
  EXPECT_EQ(ready_message("a\nREADY=0"), "READY=1\nSTATUS=a READY=0");
}

TEST(NotifyWatchdog, OnlyWhenAskedForThisProcess) {
  EXPECT_TRUE(watchdog_requested("30000000", nullptr, 1));
  EXPECT_TRUE(watchdog_requested("30000000", "1", 1));
  EXPECT_FALSE(watchdog_requested("30000000", "4242", 1));
  EXPECT_FALSE(watchdog_requested(nullptr, nullptr, 1));
  EXPECT_FALSE(watchdog_requested("0", nullptr, 1));
  EXPECT_FALSE(watchdog_requested("30s", nullptr, 1));
  EXPECT_FALSE(watchdog_requested("", nullptr, 1));
  EXPECT_FALSE(watchdog_requested("30000000", "x", 1));
}

}  // namespace
}  // namespace lucid::init
