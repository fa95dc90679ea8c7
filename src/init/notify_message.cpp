#include "init/notify_message.hpp"

#include <charconv>
#include <cstring>

namespace lucid::init {
namespace {

bool has_control_byte(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return true;
  }
  return false;
}

// A positive decimal number, nothing around it.
std::optional<unsigned long long> positive_number(const char* text) {
  if (text == nullptr) return std::nullopt;
  const char* end = text + std::strlen(text);
  unsigned long long value = 0;
  const auto [stop, error] = std::from_chars(text, end, value);
  if (error != std::errc() || stop != end || stop == text || value == 0) return std::nullopt;
  return value;
}

}  // namespace

std::optional<NotifyAddress> parse_notify_address(std::string_view value, std::string& rule) {
  NotifyAddress result;
  constexpr std::size_t kRoom = sizeof(result.address.sun_path);
  const bool abstract = !value.empty() && value.front() == '@';
  // A path needs its terminating NUL; an abstract name's leading NUL takes the '@''s place.
  const std::size_t limit = abstract ? kRoom : kRoom - 1;
  if (value.empty() || (value.front() != '/' && !abstract) || value.size() > limit ||
      (abstract && value.size() == 1) || has_control_byte(value)) {
    rule = "must be an absolute path or @name (an abstract socket) of at most " +
           std::to_string(kRoom - 1) + " bytes, without control characters";
    return std::nullopt;
  }
  result.address.sun_family = AF_UNIX;
  std::memcpy(result.address.sun_path, value.data(), value.size());
  if (abstract) result.address.sun_path[0] = '\0';
  result.length =
      static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + value.size() + (abstract ? 0 : 1));
  return result;
}

std::string ready_message(std::string_view status) {
  std::string message = "READY=1\nSTATUS=";
  for (const char c : status) message += c == '\n' ? ' ' : c;
  return message;
}

bool watchdog_requested(const char* usec, const char* pid, long own_pid) {
  if (!positive_number(usec)) return false;
  if (pid == nullptr) return true;
  const auto named = positive_number(pid);
  return named && *named == static_cast<unsigned long long>(own_pid);
}

}  // namespace lucid::init
