#include "check/try_run.hpp"

#include <fmt/format.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>

#include "check/http_request.hpp"
#include "check/name_lookup.hpp"
#include "check/outcome_summary.hpp"

namespace lucid::check {

TryRun::TryRun(boost::asio::io_context& io, const Target& target, TimePoint start,
               TimePoint deadline, Done done, DeadlineTimer deadline_timer)
    : io_(io),
      target_(target),
      start_(start),
      deadline_(deadline),
      done_(std::move(done)),
      timer_(io),
      deadline_timer_(deadline_timer) {}

void TryRun::start() {
  if (!target_.unix_path.empty()) {
    label_ = target_.http ? fmt::format("http://unix:{}:{}", target_.unix_path, target_.http->path)
                          : fmt::format("unix {}", target_.unix_path);
    host_header_ = "localhost";
    check({{boost::asio::local::stream_protocol::endpoint(target_.unix_path), target_.unix_path}});
    return;
  }
  host_header_ = fmt::format("{}:{}", target_.host.shown, target_.port);
  label_ = target_.http ? fmt::format("http://{}{}", host_header_, target_.http->path)
                        : fmt::format("tcp {}", host_header_);
  const auto tcp_addresses = [this](const std::vector<boost::asio::ip::address>& addresses) {
    show_address_ = !target_.host.name.empty() || addresses.size() > 1;
    std::vector<Address> found;
    found.reserve(addresses.size());
    for (const auto& address : addresses) {
      found.push_back({boost::asio::ip::tcp::endpoint(address, target_.port),
                       format_address(address, target_.port)});
    }
    return found;
  };
  if (target_.host.name.empty()) {
    check(tcp_addresses(target_.host.addresses));
    return;
  }
  async_lookup_name(io_, target_.host.name, start_, deadline_,
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
  if (target_.http) {
    http_ = HttpExchange{build_request(target_.http->path, host_header_, target_.http->headers),
                         target_.http->expect};
  }
  outcomes_.resize(addresses.size());
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    checks_.push_back(std::make_unique<EndpointCheck>(
        io_, addresses[i].endpoint, addresses[i].text, http_ ? &*http_ : nullptr, start_,
        [this, i](CheckOutcome outcome) { on_outcome(i, std::move(outcome)); }));
  }
  if (deadline_timer_ == DeadlineTimer::kOwn) {
    timer_.expires_at(deadline_);
    timer_.async_wait([this](const boost::system::error_code& error) {
      if (!error) expire();
    });
  }
  for (auto& one : checks_) one->start();
}

void TryRun::expire() {
  if (finished_) return;
  for (auto& one : checks_) one->expire();
}

void TryRun::on_outcome(std::size_t i, CheckOutcome outcome) {
  if (finished_) return;
  const bool healthy = outcome.healthy;
  outcomes_[i] = std::move(outcome);
  if (!healthy && ++reported_ < outcomes_.size()) return;
  finished_ = true;
  if (deadline_timer_ == DeadlineTimer::kOwn) timer_.cancel();
  // The others are still connecting or reading: closed, their reports are ignored.
  for (auto& one : checks_) one->expire();
  report(summarize(label_, outcomes_, show_address_));
}

void TryRun::report(Verdict verdict) {
  finished_ = true;
  Done done = std::move(done_);
  done(std::move(verdict));
}

Verdict run_try(const Target& target, TimePoint start, TimePoint deadline) {
  // One thread: the hint lets Asio skip its locking.
  boost::asio::io_context io(1);
  Verdict verdict;
  TryRun run(io, target, start, deadline, [&verdict](Verdict v) { verdict = std::move(v); });
  run.start();
  io.run();
  return verdict;
}

}  // namespace lucid::check
