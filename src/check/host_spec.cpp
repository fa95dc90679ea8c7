#include "check/host_spec.hpp"

#include <fmt/format.h>

#include "check/address_text.hpp"
#include "check/hosts_file.hpp"

namespace lucid::check {
namespace {

namespace ip = boost::asio::ip;

std::optional<ip::address> parse_literal(const std::string& text) {
  boost::system::error_code ec;
  const auto address = ip::make_address(text, ec);
  if (ec) return std::nullopt;
  if (address.is_unspecified()) {
    if (address.is_v4()) return ip::address(ip::address_v4::loopback());
    return ip::address(ip::address_v6::loopback());
  }
  return address;
}

bool is_host_name(std::string_view text) {
  if (text.empty() || text.size() > 253) return false;
  for (const char c : text) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
    if (!allowed) return false;
  }
  return true;
}

std::string shown_address(const ip::address& address) {
  return address.is_v6() ? fmt::format("[{}]", address_text(address)) : address_text(address);
}

}  // namespace

std::optional<HostSpec> parse_host(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    const auto address = parse_literal(std::string(text.substr(1, text.size() - 2)));
    if (!address || !address->is_v6()) return std::nullopt;
    return HostSpec{{*address}, {}, shown_address(*address)};
  }
  if (const auto address = parse_literal(std::string(text))) {
    return HostSpec{{*address}, {}, shown_address(*address)};
  }
  if (same_host_name(text, "localhost")) {
    return HostSpec{
        {ip::address(ip::address_v4::loopback()), ip::address(ip::address_v6::loopback())},
        {},
        std::string(text)};
  }
  if (!is_host_name(text)) return std::nullopt;
  return HostSpec{{}, std::string(text), std::string(text)};
}

std::string format_address(const ip::address& address, std::uint16_t port) {
  return fmt::format("{}:{}", shown_address(address), port);
}

}  // namespace lucid::check
