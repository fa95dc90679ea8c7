#include "check/resolv_conf.hpp"

#include <algorithm>

namespace lucid::check {
namespace {

constexpr std::size_t kMaxNameservers = 3;  // MAXNS: glibc ignores the rest
constexpr int kMaxNdots = 15;
constexpr std::uint16_t kDnsPort = 53;

std::vector<std::string_view> fields_of(std::string_view line) {
  std::vector<std::string_view> fields;
  while (true) {
    const auto start = line.find_first_not_of(" \t\r");
    if (start == std::string_view::npos) break;
    line.remove_prefix(start);
    const auto end = std::min(line.find_first_of(" \t\r"), line.size());
    fields.push_back(line.substr(0, end));
    line.remove_prefix(end);
  }
  return fields;
}

}  // namespace

ResolvConf parse_resolv_conf(std::string_view contents) {
  ResolvConf conf;
  while (!contents.empty()) {
    const auto newline = contents.find('\n');
    std::string_view line = contents.substr(0, newline);
    contents.remove_prefix(newline == std::string_view::npos ? contents.size() : newline + 1);
    line = line.substr(0, line.find_first_of("#;"));
    const auto fields = fields_of(line);
    if (fields.size() < 2) continue;
    if (fields[0] == "nameserver" && conf.nameservers.size() < kMaxNameservers) {
      boost::system::error_code error;
      const auto address = boost::asio::ip::make_address(std::string(fields[1]), error);
      if (!error) conf.nameservers.emplace_back(address, kDnsPort);
    } else if (fields[0] == "search" || fields[0] == "domain") {
      // The last of these lines wins.
      conf.search.assign(fields.begin() + 1, fields.end());
    } else if (fields[0] == "options") {
      for (auto option = fields.begin() + 1; option != fields.end(); ++option) {
        if (option->substr(0, 6) != "ndots:") continue;
        int value = 0;
        for (const char c : option->substr(6)) {
          if (c < '0' || c > '9') break;
          value = std::min(value * 10 + (c - '0'), kMaxNdots);
        }
        conf.ndots = value;
      }
    }
  }
  if (conf.nameservers.empty()) {
    conf.nameservers.emplace_back(boost::asio::ip::address_v4::loopback(), kDnsPort);
  }
  return conf;
}

std::vector<std::string> candidate_names(std::string_view name, const ResolvConf& conf) {
  if (!name.empty() && name.back() == '.') return {std::string(name)};
  std::vector<std::string> searched;
  for (const auto& domain : conf.search) {
    if (domain == ".") continue;
    searched.push_back(std::string(name) + "." + domain);
  }
  const auto dots = std::count(name.begin(), name.end(), '.');
  std::vector<std::string> names;
  if (dots >= conf.ndots) names.emplace_back(name);
  names.insert(names.end(), searched.begin(), searched.end());
  if (dots < conf.ndots) names.emplace_back(name);
  return names;
}

}  // namespace lucid::check
