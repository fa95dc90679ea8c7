#include "probe/name_lookup.hpp"

#include <fmt/format.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <future>
#include <memory>
#include <thread>

#include "probe/error_text.hpp"

namespace lucid::probe {
namespace {

namespace ip = boost::asio::ip;

ip::address to_address(const addrinfo& info) {
  if (info.ai_family == AF_INET) {
    sockaddr_in in{};
    std::memcpy(&in, info.ai_addr, sizeof in);
    ip::address_v4::bytes_type bytes;
    std::memcpy(bytes.data(), &in.sin_addr, bytes.size());
    return ip::address_v4(bytes);
  }
  sockaddr_in6 in6{};
  std::memcpy(&in6, info.ai_addr, sizeof in6);
  ip::address_v6::bytes_type bytes;
  std::memcpy(bytes.data(), &in6.sin6_addr, bytes.size());
  return ip::address_v6(bytes, in6.sin6_scope_id);
}

}  // namespace

LookupResult system_lookup(const std::string& name) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  const int rc = getaddrinfo(name.c_str(), nullptr, &hints, &list);
  if (rc != 0)
    return {{}, fmt::format("cannot resolve '{}': {}", name, lowercase_first(gai_strerror(rc)))};
  LookupResult result;
  for (const addrinfo* info = list; info != nullptr; info = info->ai_next) {
    if (info->ai_family != AF_INET && info->ai_family != AF_INET6) continue;
    const auto address = to_address(*info);
    if (std::find(result.addresses.begin(), result.addresses.end(), address) ==
        result.addresses.end()) {
      result.addresses.push_back(address);
    }
  }
  freeaddrinfo(list);
  if (result.addresses.empty()) result.error = fmt::format("'{}' has no IP address", name);
  return result;
}

LookupResult lookup_name(const std::string& name, TimePoint start, TimePoint deadline,
                         LookupFunction lookup) {
  // The promise's shared state outlives this function if the thread is still blocked in it.
  auto promise = std::make_shared<std::promise<LookupResult>>();
  auto future = promise->get_future();
  std::thread([promise, name, lookup] { promise->set_value(lookup(name)); }).detach();
  if (future.wait_until(deadline) != std::future_status::ready) {
    return {{},
            fmt::format("resolving '{}' timed out after {}", name,
                        format_elapsed(Clock::now() - start))};
  }
  return future.get();
}

}  // namespace lucid::probe
