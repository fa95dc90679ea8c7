#include "probe/probe_try.hpp"

#include <fmt/format.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>

#include "probe/http_request.hpp"
#include "probe/name_lookup.hpp"
#include "probe/outcome_summary.hpp"

namespace lucid::probe {

TryRun::TryRun(boost::asio::io_context& io, const ProbeOptions& options, TimePoint start,
               TimePoint deadline, Done done)
    : io_(io),
      options_(options),
      start_(start),
      deadline_(deadline),
      done_(std::move(done)),
      timer_(io) {}

void TryRun::start() {
  if (!options_.unix_path.empty()) {
    label_ = options_.http
                 ? fmt::format("http://unix:{}:{}", options_.unix_path, options_.http->path)
                 : fmt::format("unix {}", options_.unix_path);
    host_header_ = "localhost";
    check(
        {{boost::asio::local::stream_protocol::endpoint(options_.unix_path), options_.unix_path}});
    return;
  }
  host_header_ = fmt::format("{}:{}", options_.host.shown, options_.port);
  label_ = options_.http ? fmt::format("http://{}{}", host_header_, options_.http->path)
                         : fmt::format("tcp {}", host_header_);
  const auto tcp_addresses = [this](const std::vector<boost::asio::ip::address>& addresses) {
    show_address_ = !options_.host.name.empty() || addresses.size() > 1;
    std::vector<Address> found;
    found.reserve(addresses.size());
    for (const auto& address : addresses) {
      found.push_back({boost::asio::ip::tcp::endpoint(address, options_.port),
                       format_address(address, options_.port)});
    }
    return found;
  };
  if (options_.host.name.empty()) {
    check(tcp_addresses(options_.host.addresses));
    return;
  }
  async_lookup_name(io_, options_.host.name, start_, deadline_,
                    [this, tcp_addresses](LookupResult found) {
                      if (!found.error.empty()) {
                        Verdict verdict;
                        verdict.target = label_;
                        verdict.message = std::move(found.error);
                        report(std::move(verdict));
                        return;
                      }
                      check(tcp_addresses(found.addresses));
                    });
}

void TryRun::check(std::vector<Address> addresses) {
  if (options_.http) {
    http_ = HttpExchange{build_request(options_.http->path, host_header_, options_.http->headers),
                         options_.http->expect};
  }
  outcomes_.resize(addresses.size());
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    checks_.push_back(std::make_unique<EndpointCheck>(
        io_, addresses[i].endpoint, addresses[i].text, http_ ? &*http_ : nullptr, start_,
        [this, i](CheckOutcome outcome) { on_outcome(i, std::move(outcome)); }));
  }
  timer_.expires_at(deadline_);
  timer_.async_wait([this](const boost::system::error_code& error) {
    if (error || finished_) return;
    for (auto& one : checks_) one->expire();
  });
  for (auto& one : checks_) one->start();
}

void TryRun::on_outcome(std::size_t i, CheckOutcome outcome) {
  if (finished_) return;
  const bool healthy = outcome.healthy;
  outcomes_[i] = std::move(outcome);
  if (!healthy && ++reported_ < outcomes_.size()) return;
  finished_ = true;
  timer_.cancel();
  // The others are still connecting or reading: closed, their reports are ignored.
  for (auto& one : checks_) one->expire();
  report(summarize(label_, outcomes_, show_address_));
}

void TryRun::report(Verdict verdict) {
  finished_ = true;
  Done done = std::move(done_);
  done(std::move(verdict));
}

Verdict probe_try(const ProbeOptions& options, TimePoint start, TimePoint deadline) {
  // One thread: the hint lets Asio skip its locking.
  boost::asio::io_context io(1);
  Verdict verdict;
  TryRun run(io, options, start, deadline, [&verdict](Verdict v) { verdict = std::move(v); });
  run.start();
  io.run();
  return verdict;
}

}  // namespace lucid::probe
