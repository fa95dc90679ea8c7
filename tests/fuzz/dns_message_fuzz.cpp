// DNS answers are untrusted datagrams: the first three bytes pick the query id and type the
// response is checked against, the rest is the packet. Also builds a query for the same bytes.
#include <cstddef>
#include <cstdint>

#include "check/dns_message.hpp"
#include "fuzz_input.hpp"

using lucid::check::DnsType;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  const auto id = static_cast<std::uint16_t>(data[0] << 8 | data[1]);
  const DnsType type = data[2] % 2 == 0 ? DnsType::kA : DnsType::kAaaa;
  const auto packet = lucid_fuzz::as_text(data + 3, size - 3);
  if (const auto answer = lucid::check::parse_dns_response(packet, id, type)) {
    // Addresses exactly when the outcome says so; a failure always says why.
    using Outcome = lucid::check::DnsAnswer::Outcome;
    const bool has = !answer->addresses.empty();
    if ((answer->outcome == Outcome::kAddresses) != has) __builtin_trap();
    if ((answer->outcome == Outcome::kFailed) == answer->problem.empty()) __builtin_trap();
  }
  if (const auto query = lucid::check::build_dns_query(id, packet, type)) {
    if (query->size() > 512) __builtin_trap();  // a UDP DNS message
  }
  return 0;
}
