#pragma once
// /etc/resolv.conf as far as finding a service's address needs it: the nameservers, the search
// list and ndots (compose's embedded DNS at 127.0.0.11, Kubernetes' "svc.cluster.local" search
// with ndots:5). Defaults as in resolv.conf(5): a nameserver on this host, ndots 1.
#include <boost/asio/ip/udp.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace lucid::check {

struct ResolvConf {
  std::vector<boost::asio::ip::udp::endpoint> nameservers;
  std::vector<std::string> search;
  int ndots = 1;
};

ResolvConf parse_resolv_conf(std::string_view contents);

// The names to ask for, in order: with the search domains first when the name has fewer dots
// than ndots, last otherwise; a name ending in a dot is asked as it is, alone.
std::vector<std::string> candidate_names(std::string_view name, const ResolvConf& conf);

}  // namespace lucid::check
