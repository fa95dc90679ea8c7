#pragma once
// Looks up a host name other than localhost (compose service names, say) within the probe's
// deadline. glibc's getaddrinfo cannot be interrupted or given a timeout, so it runs on a detached
// thread: at the deadline the probe reports and exits without waiting for it.
#include <boost/asio/ip/address.hpp>
#include <string>
#include <vector>

#include "probe/clock.hpp"

namespace lucid::probe {

struct LookupResult {
  std::vector<boost::asio::ip::address> addresses;  // IPv4 and IPv6, as the resolver ordered them
  std::string error;                                // set when there are none
};

using LookupFunction = LookupResult (*)(const std::string& name);

// getaddrinfo through the system's resolver configuration.
LookupResult system_lookup(const std::string& name);

LookupResult lookup_name(const std::string& name, TimePoint start, TimePoint deadline,
                         LookupFunction lookup = system_lookup);

}  // namespace lucid::probe
