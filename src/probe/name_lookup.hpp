#pragma once
// Looks up a host name other than localhost (a compose service, a Kubernetes Service) the way
// glibc's "files dns" does, in miniature: /etc/hosts, then the nameservers of /etc/resolv.conf
// over UDP with its search list and ndots, A and AAAA asked together. Not getaddrinfo: in a static
// binary that brings 135 KB of NSS, nscd and resolver code (a fifth of the probe's peak RSS), and
// it cannot be given a deadline. This runs on the probe's deadline like everything else.
#include <boost/asio/ip/address.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "probe/clock.hpp"
#include "probe/resolv_conf.hpp"

namespace lucid::probe {

struct LookupResult {
  std::vector<boost::asio::ip::address> addresses;  // IPv4 first, then IPv6
  std::string error;                                // set when there are none
};

// Reads /etc/hosts and /etc/resolv.conf (either may be missing).
LookupResult lookup_name(const std::string& name, TimePoint start, TimePoint deadline);

// The same with the files' contents given.
LookupResult lookup_name(const std::string& name, std::string_view hosts, const ResolvConf& conf,
                         TimePoint start, TimePoint deadline);

}  // namespace lucid::probe
