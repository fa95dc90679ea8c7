#include "check/dns_message.hpp"

#include <gtest/gtest.h>

#include <string>

namespace lucid::check {
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
            DnsAnswer::Outcome::kNoRecords);
}

std::string problem_of(const std::string& packet) {
  const auto answer = parse_dns_response(packet, 0x1234, DnsType::kA);
  if (!answer) return "not our answer";
  if (answer->outcome != DnsAnswer::Outcome::kFailed) return "not failed";
  return answer->problem;
}

TEST(DnsMessage, ErrorResponseCodesSayWhich) {
  EXPECT_EQ(problem_of(response(0x8182, 1, 0, "")), "server failure");
  EXPECT_EQ(problem_of(response(0x8185, 1, 0, "")), "query refused");
  EXPECT_EQ(problem_of(response(0x8181, 1, 0, "")), "format error");
  EXPECT_EQ(problem_of(response(0x8189, 1, 0, "")), "response code 9");
}

// TC=1 without EDNS: a headless Service with more pods than 512 bytes hold.
TEST(DnsMessage, TruncatedAnswerGivesTheRecordsItHolds) {
  const std::string packet = response(0x8380, 1, 2, record(1, "\x0a\x00\x00\x05"s)) + "\xc0";
  const auto answer = parse_dns_response(packet, 0x1234, DnsType::kA);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->outcome, DnsAnswer::Outcome::kAddresses);
  ASSERT_EQ(answer->addresses.size(), 1U);
  EXPECT_EQ(answer->addresses[0].to_string(), "10.0.0.5");
}

TEST(DnsMessage, TruncatedAnswerWithoutRecordsSaysTruncated) {
  EXPECT_EQ(problem_of(response(0x8380, 1, 0, "")), "truncated answer without addresses");
  EXPECT_EQ(problem_of(response(0x8380, 1, 3, "")), "truncated answer without addresses");
}

TEST(DnsMessage, AnswerCountLargerThanTheRecordsPresent) {
  const std::string two = record(1, "\x0a\x00\x00\x05"s) + record(1, "\x0a\x00\x00\x06"s);
  const auto answer = parse_dns_response(response(0x8180, 1, 200, two), 0x1234, DnsType::kA);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->outcome, DnsAnswer::Outcome::kAddresses);
  EXPECT_EQ(answer->addresses.size(), 2U);
  // Only a record cut in the middle, or a CNAME and nothing after it: nothing usable, and why.
  const std::string cut = response(0x8180, 1, 1, record(1, "\x0a\x00\x00\x05"s));
  EXPECT_EQ(problem_of(cut.substr(0, cut.size() - 2)),
            "malformed answer (answer count 1, records present 0)");
  EXPECT_EQ(problem_of(response(0x8180, 1, 2, record(5, "\xc0\x0c"s))),
            "malformed answer (answer count 2, records present 1)");
}

TEST(DnsMessage, NotOurAnswer) {
  const std::string good = response(0x8180, 1, 1, record(1, "\x0a\x00\x00\x05"s));
  EXPECT_FALSE(parse_dns_response(good, 0x1235, DnsType::kA));     // another id
  EXPECT_FALSE(parse_dns_response(good, 0x1234, DnsType::kAaaa));  // another question
  EXPECT_FALSE(parse_dns_response(response(0x0100, 1, 0, ""), 0x1234, DnsType::kA));  // a query
  EXPECT_FALSE(parse_dns_response("\x12", 0x1234, DnsType::kA));
}

}  // namespace
}  // namespace lucid::check
