#pragma once
// A DNS server on 127.0.0.1:53 that misbehaves the ways real resolvers do: drops AAAA queries
// (the Kubernetes conntrack A/AAAA race, some home routers), loses the first datagram of every
// query, sets TC=1, announces more records than it sends, sends datagrams over 1500 bytes. Meant
// for a private network namespace (see resolver_sandbox.hpp), where port 53 is free.
#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace lucid_test {

struct DnsBehaviour {
  // Name -> IPv4 addresses, in answer order. A name listed here gets an empty NOERROR answer to
  // AAAA; any other name gets NXDOMAIN.
  std::map<std::string, std::vector<std::string>> a_records;
  bool drop_aaaa = false;      // AAAA queries are read and never answered
  bool drop_first = false;     // the first datagram of each (name, type) is read and never answered
  bool truncated = false;      // TC=1 on every answer
  unsigned extra_answers = 0;  // the answer count claims this many records more than are sent
};

class HostileDnsServer {
 public:
  explicit HostileDnsServer(DnsBehaviour behaviour);
  HostileDnsServer(const HostileDnsServer&) = delete;
  HostileDnsServer& operator=(const HostileDnsServer&) = delete;
  ~HostileDnsServer();

  // Every query received, as "name/A" or "name/AAAA", in arrival order.
  std::vector<std::string> queries() const;

 private:
  void serve();
  // The datagram to send back, or empty to send nothing.
  std::string reply_to(const std::string& query);

  DnsBehaviour behaviour_;
  int fd_ = -1;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::vector<std::string> queries_;
  std::thread thread_;
};

}  // namespace lucid_test
