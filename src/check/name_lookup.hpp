#pragma once
// Looks up a host name other than localhost (a compose service, a Kubernetes Service) the way
// glibc's "files dns" does, in miniature: /etc/hosts, then the nameservers of /etc/resolv.conf
// over UDP with its search list and ndots, A and AAAA asked together. Not getaddrinfo: in a static
// binary that brings 135 KB of NSS, nscd and resolver code (a fifth of the probe's peak RSS), and
// it cannot be given a deadline. This runs on the probe's deadline like everything else.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "check/clock.hpp"
#include "check/resolv_conf.hpp"

namespace lucid::check {

struct LookupResult {
  std::vector<boost::asio::ip::address> addresses;  // IPv4 first, then IPv6
  std::string error;                                // set when there are none
};

// UDP loses datagrams (the Kubernetes conntrack race drops one of the A/AAAA pair): questions
// still unanswered are sent again after kFirstResend, then after each interval doubled, as glibc's
// resolver doubles its timeout per attempt, but all within the try's deadline.
inline constexpr std::chrono::milliseconds kFirstResend{200};
// The wait before the resend that follows `resends` earlier ones.
Clock::duration resend_interval(unsigned resends);

// Once one type (A or AAAA) has addresses, or the name is NXDOMAIN (which holds for every type),
// the other type gets this much longer, then the lookup goes on with what it has (RFC 8305's
// resolution delay): a resolver that never answers AAAA must not cost the whole deadline.
inline constexpr std::chrono::milliseconds kResolutionDelay{50};

using LookupDone = std::function<void(LookupResult)>;

// Looks the name up on io and calls done once, by the deadline, never from inside this call.
// Reads /etc/hosts and /etc/resolv.conf whole (either may be missing). When io is stopped and
// destroyed first, done is never called.
void async_lookup_name(boost::asio::io_context& io, const std::string& name, TimePoint start,
                       TimePoint deadline, LookupDone done);

// The same with the files' contents given.
void async_lookup_name(boost::asio::io_context& io, const std::string& name, std::string_view hosts,
                       const ResolvConf& conf, TimePoint start, TimePoint deadline,
                       LookupDone done);

// The same, on an io_context of its own: returns the result.
LookupResult lookup_name(const std::string& name, std::string_view hosts, const ResolvConf& conf,
                         TimePoint start, TimePoint deadline);

}  // namespace lucid::check
