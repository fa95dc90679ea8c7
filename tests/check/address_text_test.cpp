#include "check/address_text.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <random>

namespace lucid::check {
namespace {

namespace ip = boost::asio::ip;

std::string libc_text(const ip::address_v6::bytes_type& bytes) {
  char text[INET6_ADDRSTRLEN];
  return inet_ntop(AF_INET6, bytes.data(), text, sizeof text);
}

TEST(AddressText, Ipv4) {
  EXPECT_EQ(address_text(ip::make_address("127.0.0.1")), "127.0.0.1");
  EXPECT_EQ(address_text(ip::make_address("255.10.0.200")), "255.10.0.200");
}

TEST(AddressText, Ipv6LikeInetNtop) {
  for (const char* text :
       {"::", "::1", "::2", "1::", "fe80::1", "2001:db8::1:0:0:1", "1:0:0:1:0:0:0:1",
        "1:0:1:0:1:0:1:0", "::ffff:10.0.0.1", "::10.0.0.1", "::ffff:0:1", "0:0:0:0:0:1:0:0",
        "ff02::fb", "1:2:3:4:5:6:7:8", "::1:2"}) {
    const auto bytes = ip::make_address_v6(text).to_bytes();
    EXPECT_EQ(address_text(ip::address_v6(bytes)), libc_text(bytes)) << text;
  }
}

TEST(AddressText, RandomIpv6WithZeroRunsLikeInetNtop) {
  std::mt19937 random(13);
  for (int round = 0; round < 20000; ++round) {
    ip::address_v6::bytes_type bytes{};
    for (std::size_t word = 0; word < 8; ++word) {
      // Mostly zero words, so that every placement of zero runs comes up.
      const unsigned value = random() % 3 == 0 ? random() % 0x10000 : 0;
      bytes[2 * word] = static_cast<unsigned char>(value >> 8);
      bytes[2 * word + 1] = static_cast<unsigned char>(value & 0xff);
    }
    if (random() % 8 == 0) bytes[10] = bytes[11] = 0xff;
    ASSERT_EQ(address_text(ip::address_v6(bytes)), libc_text(bytes));
  }
}

TEST(AddressText, ScopeByNameOrNumberLikeAsio) {
  const auto loopback_scoped = ip::make_address_v6("fe80::1%1");
  EXPECT_EQ(address_text(loopback_scoped), loopback_scoped.to_string());
  const ip::address_v6 global_scoped(ip::make_address_v6("2001:db8::1").to_bytes(), 7);
  EXPECT_EQ(address_text(global_scoped), global_scoped.to_string());
  const ip::address_v6 unknown_index(ip::make_address_v6("fe80::2").to_bytes(), 999999);
  EXPECT_EQ(address_text(unknown_index), unknown_index.to_string());
}

}  // namespace
}  // namespace lucid::check
