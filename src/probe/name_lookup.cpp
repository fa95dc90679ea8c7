#include "probe/name_lookup.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/random.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cerrno>
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
// Any UDP datagram: no EDNS is sent, yet servers answer a name with many records in more than
// 512 (or 1500) bytes anyway, and a datagram cut by a short buffer loses its last records.
constexpr std::size_t kMaxDatagram = 65535;

// The whole file (a missing one reads as empty, as glibc treats it; glibc has no size limit
// either). After a read error only the complete lines read so far count: a line cut short must
// not be taken for a whole one.
std::string read_file(const char* path) {
  std::string contents;
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return contents;
  char buffer[16384];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n > 0) {
      contents.append(buffer, static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      if (n < 0) contents.resize(contents.rfind('\n') + 1);  // npos + 1: nothing
      break;
    }
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

struct Question {
  std::uint16_t id = 0;
  std::string packet;
};
using Questions = std::array<Question, 2>;  // A, AAAA

// nullopt when the name cannot be asked for (too long, an empty label).
std::optional<Questions> questions_for(const std::string& name) {
  Questions questions;
  for (std::size_t t = 0; t < kTypes.size(); ++t) {
    questions[t].id = random_id();
    auto packet = build_dns_query(questions[t].id, name, kTypes[t]);
    if (!packet) return std::nullopt;
    questions[t].packet = std::move(*packet);
  }
  return questions;
}

enum class Found { kAddresses, kNoName, kFailed, kTimedOut };

struct Asked {
  Found found = Found::kFailed;
  std::vector<boost::asio::ip::address> addresses;
  std::string failure;
};

// One name asked of every nameserver at once, A and AAAA; the first usable answer of each type
// from any of them counts. Unanswered questions are sent again, the same bytes (a late answer to
// the first send still counts), on resend_interval()'s schedule; once one type is conclusive, the
// other gets kResolutionDelay more.
class Ask {
 public:
  Ask(const Questions& questions, const std::vector<udp::endpoint>& nameservers, TimePoint deadline)
      : questions_(questions), deadline_(io_, deadline), resend_(io_), delay_(io_) {
    for (const auto& endpoint : nameservers) {
      servers_.push_back(std::make_unique<Server>(io_, endpoint));
    }
  }

  Asked run() {
    for (auto& server : servers_) {
      boost::system::error_code error;
      server->socket.open(server->endpoint.protocol(), error);
      // Connected, the socket takes only the server's datagrams and learns of a refusal.
      if (!error) server->socket.connect(server->endpoint, error);
      if (!error) send_unanswered(*server);
      if (error) {
        fail(*server, describe_error(error));
      } else {
        receive(*server);
      }
    }
    deadline_.async_wait([this](const boost::system::error_code& error) {
      if (error) return;
      timed_out_ = true;
      io_.stop();
    });
    schedule_resend();
    if (!all_servers_done()) io_.run();
    return result();
  }

 private:
  struct Server {
    Server(boost::asio::io_context& io, udp::endpoint endpoint_)
        : endpoint(std::move(endpoint_)), socket(io) {}
    udp::endpoint endpoint;
    udp::socket socket;
    std::array<bool, 2> answered{};
    bool broken = false;
    // Not zeroed: only the pages an answer fills are ever touched.
    std::unique_ptr<char[]> buffer{new char[kMaxDatagram]};
    bool done() const { return broken || (answered[0] && answered[1]); }
  };

  void send_unanswered(Server& server) {
    for (std::size_t t = 0; t < kTypes.size(); ++t) {
      if (server.answered[t] || answers_[t]) continue;
      boost::system::error_code error;
      server.socket.send(boost::asio::buffer(questions_[t].packet), 0, error);
      if (error) {
        fail(server, describe_error(error));
        return;
      }
    }
  }

  void schedule_resend() {
    resend_.expires_after(resend_interval(resends_++));
    resend_.async_wait([this](const boost::system::error_code& error) {
      if (error) return;
      for (const auto& server : servers_) {
        if (!server->done()) send_unanswered(*server);
      }
      if (all_servers_done()) {
        io_.stop();
      } else {
        schedule_resend();
      }
    });
  }

  void receive(Server& server) {
    server.socket.async_receive(
        boost::asio::buffer(server.buffer.get(), kMaxDatagram),
        [this, &server](const boost::system::error_code& error, std::size_t bytes) {
          if (error) {
            fail(server, describe_error(error));
          } else {
            take(server, std::string_view(server.buffer.get(), bytes));
          }
          if (!server.done()) receive(server);
          settle();
        });
  }

  void take(Server& server, std::string_view datagram) {
    for (std::size_t t = 0; t < kTypes.size(); ++t) {
      if (server.answered[t]) continue;
      auto answer = parse_dns_response(datagram, questions_[t].id, kTypes[t]);
      if (!answer) continue;
      server.answered[t] = true;
      if (answer->outcome == DnsAnswer::Outcome::kFailed) {
        failure_ = server_says(server, answer->problem);
      } else if (!answers_[t]) {
        answers_[t] = std::move(*answer);
      }
      return;
    }
  }

  void fail(Server& server, const std::string& why) {
    server.broken = true;
    failure_ = server_says(server, why);
  }

  static std::string server_says(const Server& server, const std::string& what) {
    return fmt::format("DNS server {}: {}",
                       format_address(server.endpoint.address(), server.endpoint.port()), what);
  }

  // Addresses, or NXDOMAIN, which holds for every type: the other type can only add to it.
  bool conclusive(std::size_t t) const {
    return answers_[t] && answers_[t]->outcome != DnsAnswer::Outcome::kNoRecords;
  }

  bool all_servers_done() const {
    for (const auto& server : servers_) {
      if (!server->done()) return false;
    }
    return true;
  }

  void settle() {
    if ((answers_[0] && answers_[1]) || all_servers_done()) {
      io_.stop();
    } else if (!delaying_ && (conclusive(0) || conclusive(1))) {
      delaying_ = true;
      delay_.expires_after(kResolutionDelay);
      delay_.async_wait([this](const boost::system::error_code& error) {
        if (!error) io_.stop();
      });
    }
  }

  Asked result() const {
    Asked asked;
    bool no_name = answers_[0] && answers_[1];
    for (const auto& answer : answers_) {
      if (!answer) continue;
      asked.addresses.insert(asked.addresses.end(), answer->addresses.begin(),
                             answer->addresses.end());
      if (answer->outcome == DnsAnswer::Outcome::kNoName) no_name = true;
    }
    if (!asked.addresses.empty()) {
      asked.found = Found::kAddresses;
    } else if (no_name) {
      asked.found = Found::kNoName;
    } else if (timed_out_) {
      asked.found = Found::kTimedOut;
    } else {
      asked.failure = failure_;
    }
    return asked;
  }

  const Questions& questions_;
  boost::asio::io_context io_{1};
  boost::asio::steady_timer deadline_;
  boost::asio::steady_timer resend_;
  boost::asio::steady_timer delay_;
  std::vector<std::unique_ptr<Server>> servers_;
  std::array<std::optional<DnsAnswer>, 2> answers_;
  std::string failure_;  // the last server's reason, for when no answer came
  unsigned resends_ = 0;
  bool timed_out_ = false;
  bool delaying_ = false;
};

}  // namespace

Clock::duration resend_interval(unsigned resends) {
  constexpr unsigned kMaxDoublings = 8;
  return kFirstResend * (1U << std::min(resends, kMaxDoublings));
}

LookupResult lookup_name(const std::string& name, TimePoint start, TimePoint deadline) {
  return lookup_name(name, read_file("/etc/hosts"),
                     parse_resolv_conf(read_file("/etc/resolv.conf")), start, deadline);
}

LookupResult lookup_name(const std::string& name, std::string_view hosts, const ResolvConf& conf,
                         TimePoint start, TimePoint deadline) {
  if (auto addresses = hosts_file_addresses(hosts, name); !addresses.empty()) {
    return {std::move(addresses), {}};
  }
  bool asked_any = false;
  for (const auto& candidate : candidate_names(name, conf)) {
    const auto questions = questions_for(candidate);
    // A search domain can make a name too long to ask for: glibc skips that candidate too.
    if (!questions) continue;
    asked_any = true;
    Asked asked = Ask(*questions, conf.nameservers, deadline).run();
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
  if (!asked_any) return {{}, fmt::format("cannot resolve '{}': not a valid DNS name", name)};
  return {{}, fmt::format("cannot resolve '{}': no such name", name)};
}

}  // namespace lucid::probe
