#include "probe/name_lookup.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/random.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cerrno>
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
// other gets kResolutionDelay more. Shared: each handler holds it, so it lives until its last
// cancelled operation has come back, whatever its owner does meanwhile.
class Ask : public std::enable_shared_from_this<Ask> {
 public:
  using Done = std::function<void(Asked)>;

  Ask(boost::asio::io_context& io, Questions questions,
      const std::vector<udp::endpoint>& nameservers, TimePoint deadline, Done done)
      : questions_(std::move(questions)),
        done_(std::move(done)),
        deadline_(io, deadline),
        resend_(io),
        delay_(io) {
    for (const auto& endpoint : nameservers) {
      servers_.push_back(std::make_unique<Server>(io, endpoint));
    }
  }

  void start() {
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
    deadline_.async_wait([self = shared_from_this()](const boost::system::error_code& error) {
      if (error || self->finished_) return;
      self->timed_out_ = true;
      self->finish();
    });
    schedule_resend();
    if (all_servers_done()) finish();
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
    resend_.async_wait([self = shared_from_this()](const boost::system::error_code& error) {
      if (error || self->finished_) return;
      for (const auto& server : self->servers_) {
        if (!server->done()) self->send_unanswered(*server);
      }
      if (self->all_servers_done()) {
        self->finish();
      } else {
        self->schedule_resend();
      }
    });
  }

  void receive(Server& server) {
    server.socket.async_receive(boost::asio::buffer(server.buffer.get(), kMaxDatagram),
                                [self = shared_from_this(), &server](
                                    const boost::system::error_code& error, std::size_t bytes) {
                                  if (self->finished_) return;
                                  if (error) {
                                    self->fail(server, describe_error(error));
                                  } else {
                                    self->take(server,
                                               std::string_view(server.buffer.get(), bytes));
                                  }
                                  if (!server.done()) self->receive(server);
                                  self->settle();
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
      finish();
    } else if (!delaying_ && (conclusive(0) || conclusive(1))) {
      delaying_ = true;
      delay_.expires_after(kResolutionDelay);
      delay_.async_wait([self = shared_from_this()](const boost::system::error_code& error) {
        if (!error && !self->finished_) self->finish();
      });
    }
  }

  // Once: nothing of the question is left waiting, and the answer goes out.
  void finish() {
    if (finished_) return;
    finished_ = true;
    deadline_.cancel();
    resend_.cancel();
    delay_.cancel();
    for (const auto& server : servers_) {
      boost::system::error_code ignored;
      server->socket.close(ignored);
    }
    Done done = std::move(done_);
    done(result());
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

  const Questions questions_;
  Done done_;
  boost::asio::steady_timer deadline_;
  boost::asio::steady_timer resend_;
  boost::asio::steady_timer delay_;
  std::vector<std::unique_ptr<Server>> servers_;
  std::array<std::optional<DnsAnswer>, 2> answers_;
  std::string failure_;  // the last server's reason, for when no answer came
  unsigned resends_ = 0;
  bool timed_out_ = false;
  bool delaying_ = false;
  bool finished_ = false;
};

// The candidate names of the search list, one Ask after the other, until one has addresses.
class Lookup : public std::enable_shared_from_this<Lookup> {
 public:
  Lookup(boost::asio::io_context& io, std::string name, std::vector<std::string> candidates,
         std::vector<udp::endpoint> nameservers, TimePoint start, TimePoint deadline,
         LookupDone done)
      : io_(io),
        name_(std::move(name)),
        candidates_(std::move(candidates)),
        nameservers_(std::move(nameservers)),
        start_(start),
        deadline_(deadline),
        done_(std::move(done)) {}

  void next() {
    while (next_ < candidates_.size()) {
      auto questions = questions_for(candidates_[next_++]);
      // A search domain can make a name too long to ask for: glibc skips that candidate too.
      if (!questions) continue;
      asked_any_ = true;
      std::make_shared<Ask>(
          io_, std::move(*questions), nameservers_, deadline_,
          [self = shared_from_this()](Asked asked) { self->on_asked(std::move(asked)); })
          ->start();
      return;
    }
    if (!asked_any_) {
      report({{}, fmt::format("cannot resolve '{}': not a valid DNS name", name_)});
    } else {
      report({{}, fmt::format("cannot resolve '{}': no such name", name_)});
    }
  }

  // Posted, so the caller never sees its callback run inside its own call.
  void report(LookupResult result) {
    boost::asio::post(io_, [done = std::move(done_), result = std::move(result)]() mutable {
      done(std::move(result));
    });
  }

 private:
  void on_asked(Asked asked) {
    switch (asked.found) {
      case Found::kAddresses:
        report({std::move(asked.addresses), {}});
        return;
      case Found::kNoName:
        next();
        return;
      case Found::kTimedOut:
        report({{},
                fmt::format("resolving '{}' timed out after {}", name_,
                            format_elapsed(Clock::now() - start_))});
        return;
      case Found::kFailed:
        report({{}, fmt::format("cannot resolve '{}': {}", name_, asked.failure)});
        return;
    }
  }

  boost::asio::io_context& io_;
  const std::string name_;
  const std::vector<std::string> candidates_;
  const std::vector<udp::endpoint> nameservers_;
  const TimePoint start_;
  const TimePoint deadline_;
  LookupDone done_;
  std::size_t next_ = 0;
  bool asked_any_ = false;
};

}  // namespace

Clock::duration resend_interval(unsigned resends) {
  constexpr unsigned kMaxDoublings = 8;
  return kFirstResend * (1U << std::min(resends, kMaxDoublings));
}

void async_lookup_name(boost::asio::io_context& io, const std::string& name, std::string_view hosts,
                       const ResolvConf& conf, TimePoint start, TimePoint deadline,
                       LookupDone done) {
  auto lookup = std::make_shared<Lookup>(io, name, candidate_names(name, conf), conf.nameservers,
                                         start, deadline, std::move(done));
  if (auto addresses = hosts_file_addresses(hosts, name); !addresses.empty()) {
    lookup->report({std::move(addresses), {}});
  } else {
    lookup->next();
  }
}

void async_lookup_name(boost::asio::io_context& io, const std::string& name, TimePoint start,
                       TimePoint deadline, LookupDone done) {
  async_lookup_name(io, name, read_file("/etc/hosts"),
                    parse_resolv_conf(read_file("/etc/resolv.conf")), start, deadline,
                    std::move(done));
}

LookupResult lookup_name(const std::string& name, std::string_view hosts, const ResolvConf& conf,
                         TimePoint start, TimePoint deadline) {
  boost::asio::io_context io(1);
  LookupResult result;
  async_lookup_name(io, name, hosts, conf, start, deadline,
                    [&result](LookupResult found) { result = std::move(found); });
  io.run();
  return result;
}

}  // namespace lucid::probe
