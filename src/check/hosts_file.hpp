#pragma once
// /etc/hosts, read the way glibc's "files" source does: every address listed for the name, in
// file order. Kept apart from the file reading so it is tested on text.
#include <boost/asio/ip/address.hpp>
#include <string_view>
#include <vector>

namespace lucid::check {

// Names compare case-insensitively, a trailing dot ignored.
std::vector<boost::asio::ip::address> hosts_file_addresses(std::string_view contents,
                                                           std::string_view name);

// Case-insensitive, ignoring one trailing dot on either side: "Api.Internal." == "api.internal".
bool same_host_name(std::string_view a, std::string_view b);

}  // namespace lucid::check
