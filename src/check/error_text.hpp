#pragma once
// How failures and times read in a verdict: "connection refused", "3.4 ms".
#include <boost/system/error_code.hpp>
#include <string>
#include <string_view>

#include "check/clock.hpp"

namespace lucid::check {

// glibc's messages start with a capital ("Connection refused"); mid-line they read better without.
std::string lowercase_first(std::string_view text);

// "connection refused", "connection reset by peer".
std::string describe_error(const boost::system::error_code& error);

// Two significant digits where they matter: "0.21 ms", "3.4 ms", "270 ms", "1.9 s".
std::string format_elapsed(Clock::duration elapsed);

}  // namespace lucid::check
