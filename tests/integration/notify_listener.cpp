#include "notify_listener.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cstddef>
#include <cstring>
#include <stdexcept>

namespace lucid_test {
namespace {

socklen_t fill_address(const std::string& text, sockaddr_un& address) {
  address.sun_family = AF_UNIX;
  if (text.size() >= sizeof address.sun_path) throw std::runtime_error("address too long");
  std::memcpy(address.sun_path, text.data(), text.size());
  const bool abstract = text[0] == '@';
  if (abstract) address.sun_path[0] = '\0';
  return static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + text.size() + (abstract ? 0 : 1));
}

}  // namespace

NotifyListener::NotifyListener(std::string address) : address_(std::move(address)) {
  fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_un to{};
  const socklen_t length = fill_address(address_, to);
  if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&to), length) != 0) {
    throw std::runtime_error(std::string("notify socket: ") + std::strerror(errno));
  }
  if (address_[0] == '/') chmod(address_.c_str(), 0666);  // lucid-init as uid 65532 sends too
}

NotifyListener::~NotifyListener() {
  close(fd_);
  if (address_[0] == '/') unlink(address_.c_str());
}

std::string NotifyListener::next(std::chrono::milliseconds timeout) {
  pollfd ready{fd_, POLLIN, 0};
  if (poll(&ready, 1, static_cast<int>(timeout.count())) != 1) return "";
  char buffer[4096];
  const ssize_t n = recv(fd_, buffer, sizeof buffer, MSG_DONTWAIT);
  return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : "";
}

std::vector<std::string> NotifyListener::drain() {
  std::vector<std::string> all;
  for (std::string one; !(one = next(std::chrono::milliseconds(0))).empty();) all.push_back(one);
  return all;
}

void NotifyListener::fill() {
  const int sender = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_un to{};
  const socklen_t length = fill_address(address_, to);
  const std::string filler(256, 'x');
  while (sendto(sender, filler.data(), filler.size(), MSG_DONTWAIT,
                reinterpret_cast<sockaddr*>(&to), length) >= 0) {
  }
  const int error = errno;
  close(sender);
  if (error != EAGAIN) throw std::runtime_error(std::string("fill: ") + std::strerror(error));
}

std::string unique_abstract_name() {
  static std::atomic<unsigned> counter{0};
  return "@lucid-test-notify-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
}

}  // namespace lucid_test
