#include "check/endpoint_check.hpp"

#include <fmt/format.h>

#include <boost/asio/buffer.hpp>
#include <boost/asio/write.hpp>

#include "check/error_text.hpp"

namespace lucid::check {
namespace {

std::string bytes_text(std::size_t bytes) {
  return bytes == 1 ? std::string("1 byte") : fmt::format("{} bytes", bytes);
}

}  // namespace

EndpointCheck::EndpointCheck(boost::asio::io_context& io, const Endpoint& endpoint,
                             std::string address, const HttpExchange* http, TimePoint start,
                             Report report)
    : socket_(io),
      endpoint_(endpoint),
      address_(std::move(address)),
      http_(http),
      start_(start),
      report_(std::move(report)) {}

void EndpointCheck::start() {
  socket_.async_connect(endpoint_,
                        [this](const boost::system::error_code& error) { on_connected(error); });
}

void EndpointCheck::expire() {
  if (phase_ == Phase::kDone) return;
  const std::string after = format_elapsed(Clock::now() - start_);
  // Closed before the report: closing queues the pending operation's cancelled handler (which then
  // finds the check done), and it must be queued ahead of anything the report sets off. An owner
  // may free this check on the loop's next turn after the report (the health check does).
  boost::system::error_code ignored;
  socket_.close(ignored);
  switch (phase_) {
    case Phase::kConnecting:
      fail(fmt::format("connect timed out after {}", after));
      break;
    case Phase::kAwaitingResponse:
      fail(fmt::format("connected, but no response within {}", after));
      break;
    case Phase::kReadingHead:
      fail(fmt::format("response incomplete after {} ({} received)", after,
                       bytes_text(parser_.bytes_seen())));
      break;
    case Phase::kDone:
      break;
  }
}

void EndpointCheck::on_connected(const boost::system::error_code& error) {
  if (phase_ == Phase::kDone) return;
  if (error) {
    fail(describe_error(error));
    return;
  }
  if (http_ == nullptr) {
    finish({true, address_, 0, Clock::now() - start_, {}});
    return;
  }
  phase_ = Phase::kAwaitingResponse;
  boost::asio::async_write(
      socket_, boost::asio::buffer(http_->request),
      [this](const boost::system::error_code& write_error, std::size_t) { on_sent(write_error); });
}

void EndpointCheck::on_sent(const boost::system::error_code& error) {
  if (phase_ == Phase::kDone) return;
  if (error) {
    fail(fmt::format("sending the request failed: {}", describe_error(error)));
    return;
  }
  read_some();
}

void EndpointCheck::read_some() {
  socket_.async_read_some(
      boost::asio::buffer(buffer_),
      [this](const boost::system::error_code& error, std::size_t bytes) { on_read(error, bytes); });
}

void EndpointCheck::on_read(const boost::system::error_code& error, std::size_t bytes) {
  if (phase_ == Phase::kDone) return;
  if (bytes > 0) {
    phase_ = Phase::kReadingHead;
    parser_.feed(std::string_view(buffer_.data(), bytes));
  }
  switch (parser_.state()) {
    case HttpResponseParser::State::kComplete: {
      const int status = parser_.status();
      finish({http_->expect.accepts(status), address_, status, Clock::now() - start_, {}});
      return;
    }
    case HttpResponseParser::State::kMalformed:
      fail(parser_.error());
      return;
    case HttpResponseParser::State::kTooLarge:
      fail(fmt::format("response head larger than {} KiB (status {})",
                       HttpResponseParser::kMaxHeadBytes / 1024, parser_.status()));
      return;
    case HttpResponseParser::State::kNeedMore:
      break;
  }
  if (!error) {
    read_some();
    return;
  }
  const std::size_t seen = parser_.bytes_seen();
  if (error == boost::asio::error::eof) {
    fail(seen == 0
             ? std::string("connection closed without a response")
             : fmt::format("connection closed after {} of the response head", bytes_text(seen)));
  } else {
    fail(seen == 0 ? fmt::format("{} before any response", describe_error(error))
                   : fmt::format("{} after {} of the response head", describe_error(error),
                                 bytes_text(seen)));
  }
}

void EndpointCheck::fail(std::string why) {
  finish({false, address_, 0, Clock::now() - start_, std::move(why)});
}

void EndpointCheck::finish(CheckOutcome outcome) {
  phase_ = Phase::kDone;
  report_(std::move(outcome));
}

}  // namespace lucid::check
