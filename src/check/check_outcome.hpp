#pragma once
// What one address's check found, before the addresses of a name are summed up into a verdict.
#include <string>

#include "check/clock.hpp"

namespace lucid::check {

struct CheckOutcome {
  bool healthy = false;
  std::string address;        // "127.0.0.1:8000", "[::1]:8000" or the socket's path
  int status = 0;             // the HTTP status, 0 when none came
  Clock::duration elapsed{};  // try start to the connection or the complete response head
  std::string failure;        // why, when the status alone does not say: "connection refused"
};

}  // namespace lucid::check
