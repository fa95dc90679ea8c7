#pragma once
// What --host or <PREFIX>_HOST names, decided without any lookup: an address literal, the loopback
// pair that "localhost" always means (an image may have no NSS modules, and a static binary
// cannot rely on them), or another name, looked up when probing. A listen address maps to
// loopback: a service bound to 0.0.0.0 is reached at 127.0.0.1, one bound to :: at ::1.
#include <boost/asio/ip/address.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lucid::check {

inline constexpr std::string_view kHostRule =
    "must be an IP address (IPv6 with or without brackets) or a host name";

struct HostSpec {
  std::vector<boost::asio::ip::address> addresses;  // empty when `name` must be looked up
  std::string name;
  std::string shown;  // as in messages and the Host header: "127.0.0.1", "[::1]", "localhost"
};

std::optional<HostSpec> parse_host(std::string_view text);

// "127.0.0.1:8000", "[::1]:8000".
std::string format_address(const boost::asio::ip::address& address, std::uint16_t port);

}  // namespace lucid::check
