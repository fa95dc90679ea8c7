#pragma once
// The two DNS messages a lookup needs (RFC 1035): a recursive query for one name's A or AAAA
// records, and the addresses in its answer. CNAMEs need no following: a recursive server puts the
// target's records in the same answer.
#include <boost/asio/ip/address.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lucid::check {

enum class DnsType : std::uint16_t { kA = 1, kAaaa = 28 };

// nullopt when the name cannot be asked for (an empty label, a label over 63 bytes, a name over
// 253 bytes).
std::optional<std::string> build_dns_query(std::uint16_t id, std::string_view name, DnsType type);

struct DnsAnswer {
  enum class Outcome {
    kAddresses,  // addresses holds at least one (from a truncated or cut-short answer too)
    kNoName,     // NXDOMAIN: the name has no records of any type
    kNoRecords,  // the name exists, but has no address of this type
    kFailed,     // problem says why: an error response code, or no address left in a cut answer
  };
  Outcome outcome = Outcome::kFailed;
  std::vector<boost::asio::ip::address> addresses;
  std::string problem;  // "server failure", "truncated answer without addresses", ...
};

// nullopt when the packet is not the response to query `id` (a stray or forged datagram).
std::optional<DnsAnswer> parse_dns_response(std::string_view packet, std::uint16_t id,
                                            DnsType type);

}  // namespace lucid::check
