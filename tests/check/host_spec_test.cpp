#include "check/host_spec.hpp"

#include <gtest/gtest.h>

namespace lucid::check {
namespace {

namespace ip = boost::asio::ip;

std::vector<std::string> addresses_of(const std::string& text) {
  const std::optional<HostSpec> host = parse_host(text);
  if (!host) return {"(rejected)"};
  std::vector<std::string> out;
  for (const auto& address : host->addresses) out.push_back(address.to_string());
  return out;
}

TEST(HostSpec, ListenAddressesMeanLoopback) {
  EXPECT_EQ(addresses_of("0.0.0.0"), std::vector<std::string>{"127.0.0.1"});
  EXPECT_EQ(addresses_of("::"), std::vector<std::string>{"::1"});
  EXPECT_EQ(addresses_of("[::]"), std::vector<std::string>{"::1"});
  EXPECT_EQ(parse_host("0.0.0.0")->shown, "127.0.0.1");
  EXPECT_EQ(parse_host("::")->shown, "[::1]");
}

TEST(HostSpec, Literals) {
  EXPECT_EQ(addresses_of("10.1.2.3"), std::vector<std::string>{"10.1.2.3"});
  EXPECT_EQ(addresses_of("::1"), std::vector<std::string>{"::1"});
  EXPECT_EQ(addresses_of("[fd00::7]"), std::vector<std::string>{"fd00::7"});
  EXPECT_EQ(parse_host("[::1]")->shown, "[::1]");
  EXPECT_EQ(parse_host("::1")->shown, "[::1]");
  EXPECT_TRUE(parse_host("::1")->name.empty());
}

TEST(HostSpec, LocalhostIsBothLoopbacksWithoutLookup) {
  for (const char* text : {"localhost", "LocalHost", "localhost."}) {
    const auto host = parse_host(text);
    ASSERT_TRUE(host) << text;
    EXPECT_EQ(addresses_of(text), (std::vector<std::string>{"127.0.0.1", "::1"}));
    EXPECT_TRUE(host->name.empty());
    EXPECT_EQ(host->shown, text);
  }
}

TEST(HostSpec, OtherNamesAreLookedUpLater) {
  const auto host = parse_host("api.internal");
  ASSERT_TRUE(host);
  EXPECT_TRUE(host->addresses.empty());
  EXPECT_EQ(host->name, "api.internal");
  EXPECT_EQ(host->shown, "api.internal");
  EXPECT_TRUE(parse_host("my_service-1"));
}

TEST(HostSpec, Rejects) {
  for (const char* bad : {"", "[]", "[127.0.0.1]", "[::1", "::1]", "[api]", "a b", "host:80",
                          "1::2::3", "caf\xc3\xa9", "evil\n"}) {
    EXPECT_FALSE(parse_host(bad)) << bad;
  }
  EXPECT_FALSE(parse_host(std::string(254, 'a')));
}

TEST(HostSpec, FormatsAddressesWithPorts) {
  EXPECT_EQ(format_address(ip::make_address("127.0.0.1"), 8000), "127.0.0.1:8000");
  EXPECT_EQ(format_address(ip::make_address("::1"), 8000), "[::1]:8000");
}

}  // namespace
}  // namespace lucid::check
