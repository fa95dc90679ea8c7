#include "probe/dns_message.hpp"

#include <gtest/gtest.h>

#include <string>

namespace lucid::probe {
namespace {

using namespace std::string_literals;

const std::string kQuestion =
    "\x03"
    "api\x07"
    "example\x00"s;

// A response to id 0x1234 for api.example with the given flags, type and answer records.
std::string response(unsigned flags, unsigned type, unsigned answers, const std::string& records) {
  std::string packet = "\x12\x34"s;
  packet += static_cast<char>(flags >> 8);
  packet += static_cast<char>(flags & 0xff);
  packet += "\x00\x01"s;
  packet += static_cast<char>(0);
  packet += static_cast<char>(answers);
  packet += "\x00\x00\x00\x00"s;
  packet += kQuestion;
  packet += static_cast<char>(0);
  packet += static_cast<char>(type);
  packet += "\x00\x01"s;
  return packet + records;
}

// An answer record named by a pointer to the question's name (offset 12).
std::string record(unsigned type, const std::string& data) {
  std::string out = "\xc0\x0c\x00"s;
  out += static_cast<char>(type);
  out += "\x00\x01\x00\x00\x00\x3c\x00"s;
  out += static_cast<char>(data.size());
  return out + data;
}

TEST(DnsMessage, Query) {
  EXPECT_EQ(build_dns_query(0x1234, "api.example", DnsType::kA),
            "\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00"s + kQuestion + "\x00\x01\x00\x01"s);
  EXPECT_EQ(build_dns_query(7, "api.example.", DnsType::kAaaa)->substr(12),
            kQuestion + "\x00\x1c\x00\x01"s);
}

TEST(DnsMessage, UnaskableNames) {
  EXPECT_FALSE(build_dns_query(1, "", DnsType::kA));
  EXPECT_FALSE(build_dns_query(1, "a..b", DnsType::kA));
  EXPECT_FALSE(build_dns_query(1, std::string(64, 'a'), DnsType::kA));
  EXPECT_TRUE(build_dns_query(1, std::string(63, 'a'), DnsType::kA));
}

TEST(DnsMessage, AddressesFromTheAnswerSkippingCnames) {
  const std::string packet =
      response(0x8180, 1, 3,
               record(5,
                      "\x03"
                      "web\xc0\x10"s) +
                   record(1, "\x0a\x00\x00\x05"s) + record(1, "\x0a\x00\x00\x06"s));
  const auto answer = parse_dns_response(packet, 0x1234, DnsType::kA);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->outcome, DnsAnswer::Outcome::kAddresses);
  ASSERT_EQ(answer->addresses.size(), 2U);
  EXPECT_EQ(answer->addresses[0].to_string(), "10.0.0.5");
  EXPECT_EQ(answer->addresses[1].to_string(), "10.0.0.6");
}

TEST(DnsMessage, Ipv6Answer) {
  const std::string packet =
      response(0x8180, 28, 1, record(28, "\xfd\x00"s + std::string(13, '\0') + "\x05"s));
  const auto answer = parse_dns_response(packet, 0x1234, DnsType::kAaaa);
  ASSERT_TRUE(answer);
  ASSERT_EQ(answer->addresses.size(), 1U);
  EXPECT_EQ(answer->addresses[0].to_string(), "fd00::5");
}

TEST(DnsMessage, NoNameAndNoData) {
  EXPECT_EQ(parse_dns_response(response(0x8183, 1, 0, ""), 0x1234, DnsType::kA)->outcome,
            DnsAnswer::Outcome::kNoName);
  EXPECT_EQ(parse_dns_response(response(0x8180, 1, 0, ""), 0x1234, DnsType::kA)->outcome,
            DnsAnswer::Outcome::kNoName);
}

TEST(DnsMessage, FailuresAndTruncation) {
  EXPECT_EQ(parse_dns_response(response(0x8182, 1, 0, ""), 0x1234, DnsType::kA)->outcome,
            DnsAnswer::Outcome::kFailed);
  EXPECT_EQ(parse_dns_response(response(0x8185, 1, 0, ""), 0x1234, DnsType::kA)->outcome,
            DnsAnswer::Outcome::kFailed);  // REFUSED
  EXPECT_EQ(parse_dns_response(response(0x8380, 1, 0, ""), 0x1234, DnsType::kA)->outcome,
            DnsAnswer::Outcome::kFailed);  // truncated
  const std::string cut = response(0x8180, 1, 1, record(1, "\x0a\x00\x00\x05"s));
  EXPECT_EQ(parse_dns_response(cut.substr(0, cut.size() - 2), 0x1234, DnsType::kA)->outcome,
            DnsAnswer::Outcome::kFailed);
}

TEST(DnsMessage, NotOurAnswer) {
  const std::string good = response(0x8180, 1, 1, record(1, "\x0a\x00\x00\x05"s));
  EXPECT_FALSE(parse_dns_response(good, 0x1235, DnsType::kA));     // another id
  EXPECT_FALSE(parse_dns_response(good, 0x1234, DnsType::kAaaa));  // another question
  EXPECT_FALSE(parse_dns_response(response(0x0100, 1, 0, ""), 0x1234, DnsType::kA));  // a query
  EXPECT_FALSE(parse_dns_response("\x12", 0x1234, DnsType::kA));
}

}  // namespace
}  // namespace lucid::probe
