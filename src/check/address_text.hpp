#pragma once
// An address as inet_ntop writes it (RFC 5952 for IPv6, with IPv4-mapped and -compatible forms
// in dotted quads), and an IPv6 scope as "%eth0" or "%3" like Boost.Asio's to_string(). Written
// here because glibc's inet_ntop and Asio's scope suffix use sprintf, which brings all of printf
// into the static binary.
#include <boost/asio/ip/address.hpp>
#include <string>

namespace lucid::check {

std::string address_text(const boost::asio::ip::address& address);

}  // namespace lucid::check
