#include "check/dns_ask.hpp"

#include <fmt/format.h>
#include <sys/random.h>

#include <array>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <optional>

#include "check/dns_message.hpp"
#include "check/error_text.hpp"
#include "check/host_spec.hpp"
#include "check/name_lookup.hpp"

namespace lucid::check {
namespace {

using boost::asio::ip::udp;
using Found = Asked::Found;

constexpr std::array<DnsType, 2> kTypes = {DnsType::kA, DnsType::kAaaa};
// Any UDP datagram: no EDNS is sent, yet servers answer a name with many records in more than
// 512 (or 1500) bytes anyway, and a datagram cut by a short buffer loses its last records.
constexpr std::size_t kMaxDatagram = 65535;

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

// Shared: each handler holds it, so it lives until its last cancelled operation has come back,
// whatever its owner does meanwhile.
class Ask : public std::enable_shared_from_this<Ask> {
 public:
  using Done = AskDone;

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

}  // namespace

bool async_ask(boost::asio::io_context& io, const std::string& name,
               const std::vector<udp::endpoint>& nameservers, TimePoint deadline, AskDone done) {
  auto questions = questions_for(name);
  if (!questions) return false;
  std::make_shared<Ask>(io, std::move(*questions), nameservers, deadline, std::move(done))->start();
  return true;
}

}  // namespace lucid::check
