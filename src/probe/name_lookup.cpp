#include "probe/name_lookup.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/random.h>
#include <unistd.h>

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>
#include <optional>

#include "probe/dns_message.hpp"
#include "probe/error_text.hpp"
#include "probe/host_spec.hpp"
#include "probe/hosts_file.hpp"

namespace lucid::probe {
namespace {

using boost::asio::ip::udp;

constexpr std::array<DnsType, 2> kTypes = {DnsType::kA, DnsType::kAaaa};
constexpr std::size_t kMaxFileBytes = std::size_t{64} * 1024;

// Small system files only; a missing one reads as empty, as glibc treats it.
std::string read_file(const char* path) {
  std::string contents;
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return contents;
  char buffer[4096];
  ssize_t n;
  while (contents.size() < kMaxFileBytes && (n = ::read(fd, buffer, sizeof buffer)) > 0) {
    contents.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return contents;
}

std::uint16_t random_id() {
  std::uint16_t id = 0;
  // Unpredictable ids keep a stray or spoofed datagram from passing for the answer.
  if (getrandom(&id, sizeof id, GRND_NONBLOCK) != sizeof id) {
    id = static_cast<std::uint16_t>(Clock::now().time_since_epoch().count());
  }
  return id;
}

struct Server {
  explicit Server(boost::asio::io_context& io) : socket(io) {}
  udp::socket socket;
  std::array<std::uint16_t, 2> ids{};
  std::array<bool, 2> answered{};
  std::array<char, 1500> buffer{};
};

enum class Found { kAddresses, kNoName, kFailed, kTimedOut };

struct Asked {
  Found found = Found::kFailed;
  std::vector<boost::asio::ip::address> addresses;
  std::string failure;
};

// Asks every nameserver at once for the name's A and AAAA records; the first usable answer of
// each type from any of them counts.
Asked ask(const std::string& name, const std::vector<udp::endpoint>& nameservers,
          TimePoint deadline) {
  boost::asio::io_context io(1);
  std::array<std::optional<DnsAnswer>, 2> answers;
  std::string failure;
  std::size_t servers_done = 0;
  bool timed_out = false;
  std::vector<std::unique_ptr<Server>> servers;

  const auto server_done = [&](const udp::endpoint& endpoint, const std::string& why) {
    failure =
        fmt::format("DNS server {}: {}", format_address(endpoint.address(), endpoint.port()), why);
    if (++servers_done == nameservers.size()) io.stop();
  };
  std::function<void(Server&, const udp::endpoint&)> receive = [&](Server& server,
                                                                   const udp::endpoint& endpoint) {
    server.socket.async_receive(
        boost::asio::buffer(server.buffer),
        [&, endpoint](const boost::system::error_code& error, std::size_t bytes) {
          if (error) {
            server_done(endpoint, describe_error(error));
            return;
          }
          for (std::size_t t = 0; t < kTypes.size(); ++t) {
            if (server.answered[t]) continue;
            const auto answer = parse_dns_response(std::string_view(server.buffer.data(), bytes),
                                                   server.ids[t], kTypes[t]);
            if (!answer) continue;
            server.answered[t] = true;
            if (answer->outcome == DnsAnswer::Outcome::kFailed) {
              server_done(endpoint, "server failure");
              return;
            }
            if (!answers[t]) answers[t] = *answer;
          }
          if (answers[0] && answers[1]) {
            io.stop();
          } else if (server.answered[0] && server.answered[1]) {
            server_done(endpoint, "no answer");
          } else {
            receive(server, endpoint);
          }
        });
  };

  for (const auto& endpoint : nameservers) {
    auto& server = *servers.emplace_back(std::make_unique<Server>(io));
    boost::system::error_code error;
    server.socket.open(endpoint.protocol(), error);
    // Connected, the socket takes only the server's datagrams and learns of a refusal.
    if (!error) server.socket.connect(endpoint, error);
    for (std::size_t t = 0; t < kTypes.size() && !error; ++t) {
      server.ids[t] = random_id();
      const auto query = build_dns_query(server.ids[t], name, kTypes[t]);
      if (!query) return {Found::kFailed, {}, fmt::format("'{}' is not a valid DNS name", name)};
      server.socket.send(boost::asio::buffer(*query), 0, error);
    }
    if (error) {
      server_done(endpoint, describe_error(error));
    } else {
      receive(server, endpoint);
    }
  }
  boost::asio::steady_timer timer(io, deadline);
  timer.async_wait([&](const boost::system::error_code& error) {
    if (error) return;
    timed_out = true;
    io.stop();
  });
  if (servers_done < nameservers.size()) io.run();

  Asked asked;
  for (const auto& answer : answers) {
    if (answer)
      asked.addresses.insert(asked.addresses.end(), answer->addresses.begin(),
                             answer->addresses.end());
  }
  if (!asked.addresses.empty()) {
    asked.found = Found::kAddresses;
  } else if (answers[0] && answers[1]) {
    asked.found = Found::kNoName;
  } else if (timed_out) {
    asked.found = Found::kTimedOut;
  } else {
    asked.failure = failure;
  }
  return asked;
}

}  // namespace

LookupResult lookup_name(const std::string& name, TimePoint start, TimePoint deadline) {
  return lookup_name(name, read_file("/etc/hosts"),
                     parse_resolv_conf(read_file("/etc/resolv.conf")), start, deadline);
}

LookupResult lookup_name(const std::string& name, std::string_view hosts, const ResolvConf& conf,
                         TimePoint start, TimePoint deadline) {
  if (auto addresses = hosts_file_addresses(hosts, name); !addresses.empty()) {
    return {std::move(addresses), {}};
  }
  for (const auto& candidate : candidate_names(name, conf)) {
    Asked asked = ask(candidate, conf.nameservers, deadline);
    switch (asked.found) {
      case Found::kAddresses:
        return {std::move(asked.addresses), {}};
      case Found::kNoName:
        continue;
      case Found::kTimedOut:
        return {{},
                fmt::format("resolving '{}' timed out after {}", name,
                            format_elapsed(Clock::now() - start))};
      case Found::kFailed:
        return {{}, fmt::format("cannot resolve '{}': {}", name, asked.failure)};
    }
  }
  return {{}, fmt::format("cannot resolve '{}': no such name", name)};
}

}  // namespace lucid::probe
