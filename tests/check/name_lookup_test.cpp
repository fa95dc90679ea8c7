// Name lookup against a DNS server played by the test on loopback: never the machine's resolver.
#include "check/name_lookup.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace lucid::check {
namespace {

using std::chrono::milliseconds;

using Records = std::map<std::string, std::string>;

// What the server does wrong.
enum class Fault {
  kNone,
  kSilent,     // reads every query, answers none
  kDropAaaa,   // never answers AAAA
  kDropFirst,  // the first datagram of each (name, type) is lost
};

// Answers A (type 1) and AAAA (type 28) queries from a table of name -> IPv4 address; other names
// get NXDOMAIN.
class FakeDns {
 public:
  explicit FakeDns(std::map<std::string, std::string> records, Fault fault = Fault::kNone)
      : records_(std::move(records)), fault_(fault) {
    fd_ = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      throw std::runtime_error("cannot bind a UDP socket on 127.0.0.1");
    }
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  FakeDns(const FakeDns&) = delete;
  FakeDns& operator=(const FakeDns&) = delete;
  ~FakeDns() {
    stop_ = true;
    thread_.join();
    close(fd_);
  }

  ResolvConf conf(std::vector<std::string> search = {}, int ndots = 1) const {
    ResolvConf conf;
    conf.nameservers.emplace_back(boost::asio::ip::address_v4::loopback(), port_);
    conf.search = std::move(search);
    conf.ndots = ndots;
    return conf;
  }
  std::vector<std::string> asked() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return asked_;
  }

 private:
  void serve() {
    while (!stop_) {
      pollfd readable{fd_, POLLIN, 0};
      if (poll(&readable, 1, 50) <= 0) continue;
      char query[512];
      sockaddr_in from{};
      socklen_t from_length = sizeof from;
      const ssize_t n =
          recvfrom(fd_, query, sizeof query, 0, reinterpret_cast<sockaddr*>(&from), &from_length);
      if (n < 17 || fault_ == Fault::kSilent) continue;
      // The question's name, as dotted text, and its type.
      std::string name;
      std::size_t i = 12;
      while (i < static_cast<std::size_t>(n) && query[i] != 0) {
        const auto length = static_cast<std::size_t>(query[i]);
        if (!name.empty()) name += '.';
        name.append(query + i + 1, length);
        i += length + 1;
      }
      const std::size_t question_end = i + 5;
      const int type = static_cast<unsigned char>(query[i + 2]);
      const std::string asked = name + (type == 1 ? "/A" : "/AAAA");
      {
        const std::lock_guard<std::mutex> lock(mutex_);
        const bool seen = std::find(asked_.begin(), asked_.end(), asked) != asked_.end();
        asked_.push_back(asked);
        if (fault_ == Fault::kDropFirst && !seen) continue;
      }
      if (fault_ == Fault::kDropAaaa && type == 28) continue;
      std::string reply(query, question_end);
      reply[2] = '\x81';
      reply[3] = '\x80';
      const auto found = records_.find(name);
      if (found == records_.end()) {
        reply[3] = '\x83';
      } else if (type == 1) {
        reply[7] = 1;
        reply += std::string("\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x04", 12);
        in_addr address{};
        inet_pton(AF_INET, found->second.c_str(), &address);
        reply.append(reinterpret_cast<const char*>(&address), 4);
      }
      sendto(fd_, reply.data(), reply.size(), 0, reinterpret_cast<sockaddr*>(&from), from_length);
    }
  }

  std::map<std::string, std::string> records_;
  Fault fault_;
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::vector<std::string> asked_;
  std::thread thread_;
};

LookupResult lookup(const std::string& name, std::string_view hosts, const ResolvConf& conf,
                    milliseconds budget = milliseconds(2000)) {
  const TimePoint start = Clock::now();
  return lookup_name(name, hosts, conf, start, start + budget);
}

TEST(NameLookup, HostsFileFirstWithoutAskingDns) {
  const FakeDns dns(Records{{"api", "10.0.0.9"}});
  const LookupResult result = lookup("api", "10.0.0.5 api\nfd00::5 api\n", dns.conf());
  EXPECT_EQ(result.error, "");
  ASSERT_EQ(result.addresses.size(), 2U);
  EXPECT_EQ(result.addresses[1].to_string(), "fd00::5");
  EXPECT_TRUE(dns.asked().empty());
}

TEST(NameLookup, AskedForBothFamiliesAndAnswered) {
  const FakeDns dns(Records{{"api.example", "10.0.0.7"}});
  const LookupResult result = lookup("api.example", "", dns.conf());
  EXPECT_EQ(result.error, "");
  ASSERT_EQ(result.addresses.size(), 1U);
  EXPECT_EQ(result.addresses[0].to_string(), "10.0.0.7");
  auto asked = dns.asked();
  std::sort(asked.begin(), asked.end());
  EXPECT_EQ(asked, (std::vector<std::string>{"api.example/A", "api.example/AAAA"}));
}

TEST(NameLookup, SearchListInOrderUntilFound) {
  const FakeDns dns(Records{{"api.cluster.local", "10.0.0.8"}});
  const LookupResult result =
      lookup("api", "", dns.conf({"shop.svc.cluster.local", "cluster.local"}, 5));
  ASSERT_EQ(result.addresses.size(), 1U);
  EXPECT_EQ(result.addresses[0].to_string(), "10.0.0.8");
  const auto asked = dns.asked();
  ASSERT_EQ(asked.size(), 4U);
  EXPECT_EQ(asked[0].substr(0, asked[0].find('/')), "api.shop.svc.cluster.local");
  EXPECT_EQ(asked[3].substr(0, asked[3].find('/')), "api.cluster.local");
}

TEST(NameLookup, NoSuchName) {
  const FakeDns dns(Records{});
  EXPECT_EQ(lookup("nowhere", "", dns.conf()).error, "cannot resolve 'nowhere': no such name");
}

TEST(NameLookup, NoDnsServerIsRefusedAtOnce) {
  ResolvConf conf;
  {
    const FakeDns gone(Records{});
    conf = gone.conf();
  }
  const LookupResult result = lookup("api", "", conf, milliseconds(5000));
  EXPECT_EQ(result.error, "cannot resolve 'api': DNS server 127.0.0.1:" +
                              std::to_string(conf.nameservers[0].port()) + ": connection refused");
}

TEST(NameLookup, SilentServerEndsAtTheDeadline) {
  const FakeDns dns(Records{}, Fault::kSilent);
  const TimePoint start = Clock::now();
  const LookupResult result = lookup("api", "", dns.conf(), milliseconds(200));
  EXPECT_EQ(result.error.rfind("resolving 'api' timed out after ", 0), 0U) << result.error;
  EXPECT_GE(Clock::now() - start, milliseconds(200));
}

TEST(NameLookup, LostQueriesAreSentAgain) {
  const FakeDns dns(Records{{"api.example", "10.0.0.7"}}, Fault::kDropFirst);
  const LookupResult result = lookup("api.example", "", dns.conf());
  EXPECT_EQ(result.error, "");
  ASSERT_EQ(result.addresses.size(), 1U);
  const auto asked = dns.asked();
  EXPECT_EQ(std::count(asked.begin(), asked.end(), "api.example/A"), 2);
  EXPECT_EQ(std::count(asked.begin(), asked.end(), "api.example/AAAA"), 2);
}

// The A answer is in, the AAAA one never comes: the lookup must leave the try most of its
// deadline for connecting and HTTP.
TEST(NameLookup, AnUnansweredTypeCostsOnlyTheResolutionDelay) {
  const FakeDns dns(Records{{"api.example", "10.0.0.7"}}, Fault::kDropAaaa);
  const TimePoint start = Clock::now();
  const LookupResult result = lookup("api.example", "", dns.conf(), milliseconds(10000));
  EXPECT_LT(Clock::now() - start, milliseconds(5000));
  ASSERT_EQ(result.addresses.size(), 1U) << result.error;
  EXPECT_EQ(result.addresses[0].to_string(), "10.0.0.7");
}

// NXDOMAIN holds for every type: the search goes on without the AAAA answer that never comes.
TEST(NameLookup, NoSuchNameNeedsNoAnswerOfTheOtherType) {
  const FakeDns dns(Records{{"api.cluster.local", "10.0.0.8"}}, Fault::kDropAaaa);
  const LookupResult result =
      lookup("api", "", dns.conf({"shop.svc.cluster.local", "cluster.local"}, 5));
  ASSERT_EQ(result.addresses.size(), 1U) << result.error;
  EXPECT_EQ(result.addresses[0].to_string(), "10.0.0.8");
}

// glibc skips a search candidate too long to ask for (over 253 bytes) and asks the next one.
TEST(NameLookup, CandidateTooLongToAskIsSkipped) {
  const std::string label(60, 'l');
  const std::string name = label + "." + label + "." + label + "." + label;  // 243 bytes
  const FakeDns dns(Records{{name, "10.0.0.9"}});
  const LookupResult result = lookup(name, "", dns.conf({"svc.cluster.local"}, 5));
  ASSERT_EQ(result.addresses.size(), 1U) << result.error;
  for (const auto& asked : dns.asked()) EXPECT_EQ(asked.substr(0, asked.find('/')), name);
}

TEST(NameLookup, NameThatCannotBeAsked) {
  const FakeDns dns(Records{});
  EXPECT_EQ(lookup("a..b", "", dns.conf()).error, "cannot resolve 'a..b': not a valid DNS name");
  EXPECT_TRUE(dns.asked().empty());
}

TEST(NameLookup, ResendsDoubleTheirInterval) {
  EXPECT_EQ(resend_interval(0), kFirstResend);
  EXPECT_EQ(resend_interval(1), 2 * kFirstResend);
  EXPECT_EQ(resend_interval(2), 4 * kFirstResend);
  EXPECT_EQ(resend_interval(1000), resend_interval(100));  // bounded, never overflowing
}

}  // namespace
}  // namespace lucid::check
