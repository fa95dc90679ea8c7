#include "check/http_request.hpp"

#include <fmt/format.h>

#include "common/config_error.hpp"
#include "common/version.hpp"

namespace lucid::check {
namespace {

constexpr std::string_view kHeaderRule =
    "must be 'Name: value' with a name of letters, digits or !#$%&'*+-.^_`|~ and a value "
    "without control characters";

// RFC 9110 token characters.
bool is_token_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace

HttpHeader parse_header_or_throw(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == 0 || colon == std::string_view::npos) throw_bad_value("--header", text, kHeaderRule);
  const std::string_view name = text.substr(0, colon);
  std::string_view value = text.substr(colon + 1);
  for (const char c : name) {
    if (!is_token_char(c)) throw_bad_value("--header", text, kHeaderRule);
  }
  // Tabs are allowed inside a value; every other control character could end the line.
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t') || byte == 0x7f) throw_bad_value("--header", text, kHeaderRule);
  }
  while (!value.empty() && is_blank(value.front())) value.remove_prefix(1);
  while (!value.empty() && is_blank(value.back())) value.remove_suffix(1);
  return {std::string(name), std::string(value)};
}

bool is_request_path(std::string_view path) {
  if (path.empty() || path.front() != '/') return false;
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7f) return false;
  }
  return true;
}

void check_path_or_throw(std::string_view path) {
  if (!is_request_path(path)) throw_bad_value("--http", path, kPathRule);
}

std::string build_request(std::string_view path, std::string_view host,
                          const std::vector<HttpHeader>& extra) {
  const auto given = [&extra](std::string_view name) {
    for (const auto& header : extra) {
      if (same_name(header.name, name)) return true;
    }
    return false;
  };
  std::string request = fmt::format("GET {} HTTP/1.1\r\n", path);
  if (!given("Host")) request += fmt::format("Host: {}\r\n", host);
  if (!given("User-Agent")) request += fmt::format("User-Agent: lucid-init/{}\r\n", kVersion);
  if (!given("Accept")) request += "Accept: */*\r\n";
  if (!given("Connection")) request += "Connection: close\r\n";
  for (const auto& header : extra) request += fmt::format("{}: {}\r\n", header.name, header.value);
  request += "\r\n";
  return request;
}

}  // namespace lucid::check
