#include "hostile_dns_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace lucid_test {
namespace {

constexpr std::uint16_t kDnsPort = 53;
constexpr unsigned kTypeA = 1;
constexpr unsigned kTypeAaaa = 28;

void put16(std::string& out, unsigned value) {
  out += static_cast<char>((value >> 8) & 0xff);
  out += static_cast<char>(value & 0xff);
}

unsigned get16(const std::string& in, std::size_t at) {
  return (static_cast<unsigned>(static_cast<unsigned char>(in[at])) << 8) |
         static_cast<unsigned char>(in[at + 1]);
}

}  // namespace

HostileDnsServer::HostileDnsServer(DnsBehaviour behaviour) : behaviour_(std::move(behaviour)) {
  fd_ = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(kDnsPort);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    throw std::runtime_error(std::string("cannot bind UDP 127.0.0.1:53: ") + std::strerror(errno));
  }
  thread_ = std::thread([this] { serve(); });
}

HostileDnsServer::~HostileDnsServer() {
  stop_ = true;
  thread_.join();
  close(fd_);
}

std::vector<std::string> HostileDnsServer::queries() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return queries_;
}

void HostileDnsServer::serve() {
  std::string datagram(512, '\0');
  while (!stop_) {
    pollfd readable{fd_, POLLIN, 0};
    if (poll(&readable, 1, 20) <= 0) continue;
    sockaddr_in from{};
    socklen_t from_length = sizeof from;
    const ssize_t n = recvfrom(fd_, datagram.data(), datagram.size(), 0,
                               reinterpret_cast<sockaddr*>(&from), &from_length);
    if (n < 12) continue;
    const std::string reply = reply_to(datagram.substr(0, static_cast<std::size_t>(n)));
    if (reply.empty()) continue;
    sendto(fd_, reply.data(), reply.size(), 0, reinterpret_cast<sockaddr*>(&from), from_length);
  }
}

std::string HostileDnsServer::reply_to(const std::string& query) {
  std::string name;
  std::size_t at = 12;
  while (at < query.size() && query[at] != 0) {
    const auto length = static_cast<std::size_t>(static_cast<unsigned char>(query[at]));
    if (!name.empty()) name += '.';
    name += query.substr(at + 1, length);
    at += length + 1;
  }
  const std::size_t question_end = at + 5;
  if (question_end > query.size()) return {};
  const unsigned type = get16(query, at + 1);
  const std::string asked = name + (type == kTypeA ? "/A" : type == kTypeAaaa ? "/AAAA" : "/?");
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    const bool seen = std::find(queries_.begin(), queries_.end(), asked) != queries_.end();
    queries_.push_back(asked);
    if (behaviour_.drop_first && !seen) return {};
  }
  if (behaviour_.drop_aaaa && type == kTypeAaaa) return {};

  std::string records;
  unsigned count = 0;
  const auto found = behaviour_.a_records.find(name);
  if (found != behaviour_.a_records.end() && type == kTypeA) {
    for (const auto& text : found->second) {
      in_addr address{};
      inet_pton(AF_INET, text.c_str(), &address);
      records += std::string("\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x04", 12);
      records.append(reinterpret_cast<const char*>(&address), 4);
      ++count;
    }
  }
  unsigned flags = 0x8180;  // a response, recursion desired and available, NOERROR
  if (found == behaviour_.a_records.end()) flags |= 3;  // NXDOMAIN
  if (behaviour_.truncated) flags |= 0x0200;
  std::string reply = query.substr(0, 2);
  put16(reply, flags);
  put16(reply, 1);
  put16(reply, count + behaviour_.extra_answers);
  put16(reply, 0);
  put16(reply, 0);
  reply += query.substr(12, question_end - 12);
  return reply + records;
}

}  // namespace lucid_test
