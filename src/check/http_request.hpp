#pragma once
// The one request the HTTP check sends, and the checks on what the user adds to it: a path or a
// header with a CR or LF would split the request and let the command line forge another one.
#include <string>
#include <string_view>
#include <vector>

namespace lucid::check {

struct HttpHeader {
  std::string name;
  std::string value;
};

// "Name: value" as given to --header; throws ConfigError naming --header.
HttpHeader parse_header_or_throw(std::string_view text);

inline constexpr std::string_view kPathRule =
    "must start with '/' and be printable ASCII without spaces (percent-encode the rest)";

// An origin-form target such as "/health?full=1".
bool is_request_path(std::string_view path);
// The same; throws ConfigError naming --http.
void check_path_or_throw(std::string_view path);

// GET path HTTP/1.1 with Host, User-Agent, Accept and Connection: close. A user header with the
// same name as one of these replaces it (a virtual host, say); others are appended. The check
// stops reading at the end of the head, so it does not rely on the server closing.
std::string build_request(std::string_view path, std::string_view host,
                          const std::vector<HttpHeader>& extra);

}  // namespace lucid::check
