// Name lookup against a DNS server played by the test on loopback: never the machine's resolver.
#include "probe/name_lookup.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace lucid::probe {
namespace {

using std::chrono::milliseconds;

// Answers A (type 1) and AAAA (type 28) queries from a table of name -> IPv4 address; other names
// get NXDOMAIN. With `silent`, it reads and never answers.
class FakeDns {
 public:
  FakeDns(std::map<std::string, std::string> records, bool silent)
      : records_(std::move(records)), silent_(silent) {
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
      if (n < 17 || silent_) continue;
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
      {
        const std::lock_guard<std::mutex> lock(mutex_);
        asked_.push_back(name + (type == 1 ? "/A" : "/AAAA"));
      }
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
  bool silent_;
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
  const FakeDns dns({{"api", "10.0.0.9"}}, false);
  const LookupResult result = lookup("api", "10.0.0.5 api\nfd00::5 api\n", dns.conf());
  EXPECT_EQ(result.error, "");
  ASSERT_EQ(result.addresses.size(), 2U);
  EXPECT_EQ(result.addresses[1].to_string(), "fd00::5");
  EXPECT_TRUE(dns.asked().empty());
}

TEST(NameLookup, AskedForBothFamiliesAndAnswered) {
  const FakeDns dns({{"api.example", "10.0.0.7"}}, false);
  const LookupResult result = lookup("api.example", "", dns.conf());
  EXPECT_EQ(result.error, "");
  ASSERT_EQ(result.addresses.size(), 1U);
  EXPECT_EQ(result.addresses[0].to_string(), "10.0.0.7");
  auto asked = dns.asked();
  std::sort(asked.begin(), asked.end());
  EXPECT_EQ(asked, (std::vector<std::string>{"api.example/A", "api.example/AAAA"}));
}

TEST(NameLookup, SearchListInOrderUntilFound) {
  const FakeDns dns({{"api.cluster.local", "10.0.0.8"}}, false);
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
  const FakeDns dns({}, false);
  EXPECT_EQ(lookup("nowhere", "", dns.conf()).error, "cannot resolve 'nowhere': no such name");
}

TEST(NameLookup, NoDnsServerIsRefusedAtOnce) {
  ResolvConf conf;
  {
    const FakeDns gone({}, false);
    conf = gone.conf();
  }
  const LookupResult result = lookup("api", "", conf, milliseconds(5000));
  EXPECT_EQ(result.error, "cannot resolve 'api': DNS server 127.0.0.1:" +
                              std::to_string(conf.nameservers[0].port()) + ": connection refused");
}

TEST(NameLookup, SilentServerEndsAtTheDeadline) {
  const FakeDns dns({}, true);
  const TimePoint start = Clock::now();
  const LookupResult result = lookup("api", "", dns.conf(), milliseconds(200));
  EXPECT_EQ(result.error.rfind("resolving 'api' timed out after ", 0), 0U) << result.error;
  EXPECT_GE(Clock::now() - start, milliseconds(200));
}

}  // namespace
}  // namespace lucid::probe
