#pragma once
// The outcome of a probe, as printed on its one line or as JSON.
#include <optional>
#include <string>

#include "check/clock.hpp"

namespace lucid::check {

struct Verdict {
  bool healthy = false;
  // What was probed: "tcp 127.0.0.1:8000", "http://[::1]:8000/health", "unix /run/app.sock";
  // empty when the probe never got that far (bad usage or configuration).
  std::string target;
  // What happened: "connected in 0.21 ms", "status 503 in 3.4 ms", "connection refused",
  // "API_PORT='abc': must be ASCII digits only, 1-65535".
  std::string message;
  std::string address;                     // the address that decided, when one did
  int status = 0;                          // the HTTP status, 0 when none came
  std::optional<Clock::duration> elapsed;  // try start to that answer
  int tries = 1;                           // more than one only with --wait
  // Where the target came from when the probe asked the running supervisor:
  // "lucid-init pid 1: service API by --service, port by API_PORT".
  std::string origin;
};

}  // namespace lucid::check
