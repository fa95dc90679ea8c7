#pragma once
// The service manager's end of sd_notify, for the tests: an AF_UNIX datagram socket bound to a
// path (writable by uid 65532 too) or to an abstract name, whose datagrams the test reads.
#include <chrono>
#include <string>
#include <vector>

namespace lucid_test {

class NotifyListener {
 public:
  // "@name": abstract; anything else: a path.
  explicit NotifyListener(std::string address);
  ~NotifyListener();
  NotifyListener(const NotifyListener&) = delete;
  NotifyListener& operator=(const NotifyListener&) = delete;

  // NOTIFY_SOCKET's value for it.
  const std::string& address() const { return address_; }
  // The next datagram, or "" when none came within `timeout`.
  std::string next(std::chrono::milliseconds timeout);
  // Every datagram queued now.
  std::vector<std::string> drain();
  // Sends datagrams to itself until the receive queue is full: a manager that stopped reading.
  void fill();

 private:
  std::string address_;
  int fd_ = -1;
};

// A unique abstract name for one test.
std::string unique_abstract_name();

}  // namespace lucid_test
