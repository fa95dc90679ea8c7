#pragma once
// What one check connects to: a TCP host and port or a Unix socket, and for HTTP the request and
// the statuses that count as healthy. The probe, --wait-for and the supervisor's health check all
// describe their targets this way.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "check/expect_spec.hpp"
#include "check/host_spec.hpp"
#include "check/http_request.hpp"

namespace lucid::check {

struct HttpOptions {
  std::string path;
  ExpectSpec expect;
  std::vector<HttpHeader> headers;
};

struct Target {
  HostSpec host;
  std::uint16_t port = 0;
  std::string unix_path;  // set: check this Unix socket; host and port are unused
  std::optional<HttpOptions> http;
};

}  // namespace lucid::check
