#include "check/hosts_file.hpp"

#include <algorithm>
#include <string>

namespace lucid::check {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// The next blank-separated field of line, removed from it.
std::string_view next_field(std::string_view& line) {
  while (!line.empty() && is_blank(line.front())) line.remove_prefix(1);
  std::size_t end = 0;
  while (end < line.size() && !is_blank(line[end])) ++end;
  const std::string_view field = line.substr(0, end);
  line.remove_prefix(end);
  return field;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

}  // namespace

bool same_host_name(std::string_view a, std::string_view b) {
  if (!a.empty() && a.back() == '.') a.remove_suffix(1);
  if (!b.empty() && b.back() == '.') b.remove_suffix(1);
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

std::vector<boost::asio::ip::address> hosts_file_addresses(std::string_view contents,
                                                           std::string_view name) {
  std::vector<boost::asio::ip::address> found;
  while (!contents.empty()) {
    const auto newline = contents.find('\n');
    std::string_view line = contents.substr(0, newline);
    contents.remove_prefix(newline == std::string_view::npos ? contents.size() : newline + 1);
    line = line.substr(0, line.find('#'));
    boost::system::error_code error;
    const auto address = boost::asio::ip::make_address(std::string(next_field(line)), error);
    if (error) continue;
    for (auto alias = next_field(line); !alias.empty(); alias = next_field(line)) {
      if (same_host_name(alias, name)) {
        if (std::find(found.begin(), found.end(), address) == found.end()) {
          found.push_back(address);
        }
        break;
      }
    }
  }
  return found;
}

}  // namespace lucid::check
