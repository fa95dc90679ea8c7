#include "probe/probe_try.hpp"

#include <fmt/format.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <optional>
#include <vector>

#include "probe/endpoint_check.hpp"
#include "probe/http_request.hpp"
#include "probe/name_lookup.hpp"
#include "probe/outcome_summary.hpp"

namespace lucid::probe {
namespace {

struct Address {
  EndpointCheck::Endpoint endpoint;
  std::string text;
};

struct Target {
  std::string label;        // "tcp 127.0.0.1:8000", "http://localhost:8000/health"
  std::string host_header;  // what HTTP's Host says
  std::vector<Address> addresses;
  bool show_address = false;  // more than one address could answer: say which one did
  std::string error;          // the name has no address
};

Target unix_target(const ProbeOptions& options) {
  Target target;
  target.label = options.http
                     ? fmt::format("http://unix:{}:{}", options.unix_path, options.http->path)
                     : fmt::format("unix {}", options.unix_path);
  target.host_header = "localhost";
  target.addresses.push_back(
      {boost::asio::local::stream_protocol::endpoint(options.unix_path), options.unix_path});
  return target;
}

Target tcp_target(const ProbeOptions& options, TimePoint start, TimePoint deadline) {
  Target target;
  target.host_header = fmt::format("{}:{}", options.host.shown, options.port);
  target.label = options.http ? fmt::format("http://{}{}", target.host_header, options.http->path)
                              : fmt::format("tcp {}", target.host_header);
  std::vector<boost::asio::ip::address> addresses = options.host.addresses;
  if (!options.host.name.empty()) {
    LookupResult found = lookup_name(options.host.name, start, deadline);
    if (!found.error.empty()) {
      target.error = std::move(found.error);
      return target;
    }
    addresses = std::move(found.addresses);
  }
  target.show_address = !options.host.name.empty() || addresses.size() > 1;
  for (const auto& address : addresses) {
    target.addresses.push_back({boost::asio::ip::tcp::endpoint(address, options.port),
                                format_address(address, options.port)});
  }
  return target;
}

}  // namespace

Verdict probe_try(const ProbeOptions& options, TimePoint start, TimePoint deadline) {
  Target target =
      options.unix_path.empty() ? tcp_target(options, start, deadline) : unix_target(options);
  if (!target.error.empty()) {
    Verdict verdict;
    verdict.target = std::move(target.label);
    verdict.message = std::move(target.error);
    return verdict;
  }

  std::optional<HttpExchange> http;
  if (options.http) {
    http =
        HttpExchange{build_request(options.http->path, target.host_header, options.http->headers),
                     options.http->expect};
  }

  // One thread: the hint lets Asio skip its locking.
  boost::asio::io_context io(1);
  std::vector<CheckOutcome> outcomes(target.addresses.size());
  std::size_t reported = 0;
  std::vector<std::unique_ptr<EndpointCheck>> checks;
  for (std::size_t i = 0; i < target.addresses.size(); ++i) {
    checks.push_back(std::make_unique<EndpointCheck>(
        io, target.addresses[i].endpoint, target.addresses[i].text, http ? &*http : nullptr, start,
        [&, i](CheckOutcome outcome) {
          const bool healthy = outcome.healthy;
          outcomes[i] = std::move(outcome);
          if (healthy || ++reported == outcomes.size()) io.stop();
        }));
  }
  boost::asio::steady_timer timer(io, deadline);
  timer.async_wait([&checks](const boost::system::error_code& error) {
    if (error) return;
    for (auto& check : checks) check->expire();
  });
  for (auto& check : checks) check->start();
  io.run();
  return summarize(std::move(target.label), outcomes, target.show_address);
}

}  // namespace lucid::probe
