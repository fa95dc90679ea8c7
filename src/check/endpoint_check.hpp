#pragma once
// One address's check: connect and, for HTTP, send the request and read the response head. The
// probe runs one per address side by side on a single io_context (a name's IPv4 and IPv6
// addresses), so each reports exactly once and the deadline can cut any of them short.
#include <array>
#include <boost/asio/generic/stream_protocol.hpp>
#include <boost/asio/io_context.hpp>
#include <functional>
#include <string>

#include "check/check_outcome.hpp"
#include "check/clock.hpp"
#include "check/expect_spec.hpp"
#include "check/http_response_parser.hpp"

namespace lucid::check {

struct HttpExchange {
  std::string request;
  ExpectSpec expect;
};

class EndpointCheck {
 public:
  using Endpoint = boost::asio::generic::stream_protocol::endpoint;
  using Report = std::function<void(CheckOutcome)>;

  // http null: connect only. Elapsed times count from start, the try's start.
  EndpointCheck(boost::asio::io_context& io, const Endpoint& endpoint, std::string address,
                const HttpExchange* http, TimePoint start, Report report);
  EndpointCheck(const EndpointCheck&) = delete;
  EndpointCheck& operator=(const EndpointCheck&) = delete;

  void start();
  // The deadline has come: reports what the check was still waiting for, if it has not reported.
  void expire();

 private:
  enum class Phase { kConnecting, kAwaitingResponse, kReadingHead, kDone };

  void on_connected(const boost::system::error_code& error);
  void on_sent(const boost::system::error_code& error);
  void read_some();
  void on_read(const boost::system::error_code& error, std::size_t bytes);
  void fail(std::string why);
  void finish(CheckOutcome outcome);

  boost::asio::generic::stream_protocol::socket socket_;
  Endpoint endpoint_;
  std::string address_;
  const HttpExchange* http_;
  TimePoint start_;
  Report report_;
  Phase phase_ = Phase::kConnecting;
  HttpResponseParser parser_;
  std::array<char, 4096> buffer_{};
};

}  // namespace lucid::check
