#include "check/address_text.hpp"

#include <fmt/format.h>
#include <net/if.h>

namespace lucid::check {
namespace {

namespace ip = boost::asio::ip;

std::string dotted_quad(const unsigned char* bytes) {
  return fmt::format("{}.{}.{}.{}", bytes[0], bytes[1], bytes[2], bytes[3]);
}

std::string ipv6_text(const ip::address_v6::bytes_type& bytes) {
  unsigned words[8];
  for (std::size_t i = 0; i < 8; ++i) {
    words[i] = (unsigned{bytes[2 * i]} << 8) | bytes[2 * i + 1];
  }
  // The first longest run of two or more zero words becomes "::".
  int best = -1;
  int best_length = 0;
  for (int i = 0; i < 8;) {
    int length = 0;
    while (i + length < 8 && words[i + length] == 0) ++length;
    if (length > best_length && length >= 2) {
      best = i;
      best_length = length;
    }
    i += length == 0 ? 1 : length;
  }
  // As glibc: ::a.b.c.d and ::ffff:a.b.c.d keep the IPv4 part dotted.
  const bool embedded_ipv4 =
      best == 0 && (best_length == 6 || (best_length == 5 && words[5] == 0xffff));
  std::string text;
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      text += i == 0 ? "::" : ":";
      i += best_length - 1;
      continue;
    }
    if (embedded_ipv4 && i == 6) {
      text += dotted_quad(&bytes[12]);
      break;
    }
    text += fmt::format("{:x}", words[i]);
    if (i < 7) text += ':';
  }
  return text;
}

}  // namespace

std::string address_text(const ip::address& address) {
  if (address.is_v4()) return dotted_quad(address.to_v4().to_bytes().data());
  const ip::address_v6 v6 = address.to_v6();
  std::string text = ipv6_text(v6.to_bytes());
  if (v6.scope_id() == 0) return text;
  char name[IF_NAMESIZE];
  const bool named = (v6.is_link_local() || v6.is_multicast_link_local()) &&
                     if_indextoname(static_cast<unsigned>(v6.scope_id()), name) != nullptr;
  return text + '%' + (named ? std::string(name) : std::to_string(v6.scope_id()));
}

}  // namespace lucid::check
