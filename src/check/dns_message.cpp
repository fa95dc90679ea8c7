#include "check/dns_message.hpp"

#include <cstring>
#include <string>

namespace lucid::check {
namespace {

constexpr std::size_t kHeaderBytes = 12;
constexpr std::uint16_t kClassIn = 1;
constexpr unsigned kRcodeNxdomain = 3;

// RFC 1035 4.1.1's response codes, as a verdict says them.
std::string rcode_problem(unsigned rcode) {
  switch (rcode) {
    case 1:
      return "format error";
    case 2:
      return "server failure";
    case 4:
      return "query not implemented";
    case 5:
      return "query refused";
    default:
      return "response code " + std::to_string(rcode);
  }
}

void put16(std::string& out, unsigned value) {
  out += static_cast<char>((value >> 8) & 0xff);
  out += static_cast<char>(value & 0xff);
}

class Reader {
 public:
  explicit Reader(std::string_view packet) : packet_(packet) {}
  bool ok() const { return ok_; }
  std::size_t position() const { return position_; }

  unsigned u8() {
    if (position_ >= packet_.size()) return fail();
    return static_cast<unsigned char>(packet_[position_++]);
  }
  unsigned u16() {
    const unsigned high = u8();
    return (high << 8) | u8();
  }
  std::string_view bytes(std::size_t count) {
    if (packet_.size() - position_ < count) {
      fail();
      return {};
    }
    const auto out = packet_.substr(position_, count);
    position_ += count;
    return out;
  }
  // Names are skipped, not read: the answer's names do not matter for a lookup.
  void skip_name() {
    while (ok_) {
      const unsigned length = u8();
      if (length == 0) return;
      if ((length & 0xc0) == 0xc0) {  // a compression pointer ends the name
        u8();
        return;
      }
      if ((length & 0xc0) != 0) {
        fail();
        return;
      }
      bytes(length);
    }
  }

 private:
  unsigned fail() {
    ok_ = false;
    return 0;
  }
  std::string_view packet_;
  std::size_t position_ = 0;
  bool ok_ = true;
};

}  // namespace

std::optional<std::string> build_dns_query(std::uint16_t id, std::string_view name, DnsType type) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  if (name.empty() || name.size() > 253) return std::nullopt;
  std::string query;
  put16(query, id);
  put16(query, 0x0100);  // a standard query, recursion desired
  put16(query, 1);       // one question
  put16(query, 0);
  put16(query, 0);
  put16(query, 0);
  while (true) {
    const auto dot = name.find('.');
    const std::string_view label = name.substr(0, dot);
    if (label.empty() || label.size() > 63) return std::nullopt;
    query += static_cast<char>(label.size());
    query += label;
    if (dot == std::string_view::npos) break;
    name.remove_prefix(dot + 1);
  }
  query += '\0';
  put16(query, static_cast<unsigned>(type));
  put16(query, kClassIn);
  return query;
}

std::optional<DnsAnswer> parse_dns_response(std::string_view packet, std::uint16_t id,
                                            DnsType type) {
  Reader reader(packet);
  const unsigned response_id = reader.u16();
  const unsigned flags = reader.u16();
  const unsigned questions = reader.u16();
  const unsigned answers = reader.u16();
  reader.bytes(kHeaderBytes - 8);  // authority and additional counts
  // QR set, a standard query's response, one question: anything else is not our answer.
  if (!reader.ok() || response_id != id || (flags & 0x8000) == 0 || (flags & 0x7800) != 0 ||
      questions != 1) {
    return std::nullopt;
  }
  reader.skip_name();
  if (reader.u16() != static_cast<unsigned>(type) || reader.u16() != kClassIn || !reader.ok()) {
    return std::nullopt;
  }
  DnsAnswer answer;
  const unsigned rcode = flags & 0x000f;
  if (rcode == kRcodeNxdomain) {
    answer.outcome = DnsAnswer::Outcome::kNoName;
    return answer;
  }
  if (rcode != 0) {
    answer.problem = rcode_problem(rcode);
    return answer;
  }
  // A truncated answer (TC, no EDNS: 512 bytes) or one announcing more records than it holds is
  // still an answer: the complete records in it are usable.
  unsigned complete = 0;
  for (; complete < answers; ++complete) {
    reader.skip_name();
    const unsigned record_type = reader.u16();
    const unsigned record_class = reader.u16();
    reader.bytes(4);  // TTL
    const std::string_view data = reader.bytes(reader.u16());
    if (!reader.ok()) break;
    if (record_class != kClassIn) continue;
    if (record_type == static_cast<unsigned>(DnsType::kA) && data.size() == 4) {
      boost::asio::ip::address_v4::bytes_type bytes;
      std::memcpy(bytes.data(), data.data(), bytes.size());
      answer.addresses.emplace_back(boost::asio::ip::address_v4(bytes));
    } else if (record_type == static_cast<unsigned>(DnsType::kAaaa) && data.size() == 16) {
      boost::asio::ip::address_v6::bytes_type bytes;
      std::memcpy(bytes.data(), data.data(), bytes.size());
      answer.addresses.emplace_back(boost::asio::ip::address_v6(bytes));
    }
  }
  if (!answer.addresses.empty()) {
    answer.outcome = DnsAnswer::Outcome::kAddresses;
  } else if ((flags & 0x0200) != 0) {
    answer.problem = "truncated answer without addresses";
  } else if (complete < answers) {
    answer.problem = "malformed answer (answer count " + std::to_string(answers) +
                     ", records present " + std::to_string(complete) + ")";
  } else {
    answer.outcome = DnsAnswer::Outcome::kNoRecords;
  }
  return answer;
}

}  // namespace lucid::check
