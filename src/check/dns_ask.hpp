#pragma once
// One DNS name asked of every nameserver at once over UDP, A and AAAA together: the step of
// name_lookup.hpp's search list that goes on the wire.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/udp.hpp>
#include <functional>
#include <string>
#include <vector>

#include "check/clock.hpp"

namespace lucid::check {

// What one name's questions came to.
struct Asked {
  enum class Found { kAddresses, kNoName, kFailed, kTimedOut };
  Found found = Found::kFailed;
  std::vector<boost::asio::ip::address> addresses;
  std::string failure;
};

using AskDone = std::function<void(Asked)>;

// One name asked of every nameserver at once, A and AAAA; the first usable answer of each type
// from any of them counts. Unanswered questions are sent again, the same bytes (a late answer to
// the first send still counts), on resend_interval()'s schedule; once one type is conclusive, the
// other gets kResolutionDelay more (name_lookup.hpp). Calls done once, by the deadline; its
// operations hold what they use, so the caller may go away meanwhile.
// False, and done never called, when the name cannot be asked for (too long, an empty label).
bool async_ask(boost::asio::io_context& io, const std::string& name,
               const std::vector<boost::asio::ip::udp::endpoint>& nameservers, TimePoint deadline,
               AskDone done);

}  // namespace lucid::check
