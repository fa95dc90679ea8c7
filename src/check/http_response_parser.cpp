#include "check/http_response_parser.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace lucid::check {
namespace {

constexpr std::string_view kHttpPrefix = "HTTP/";
// A status line is "HTTP/1.1 503 Service Unavailable"; past this it is not one.
constexpr std::size_t kMaxStatusLine = 512;
constexpr std::size_t kShownBytes = 40;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Peer bytes shown in a message: printable ASCII only, so the verdict stays one clean line.
std::string shown(std::string_view text) {
  std::string out;
  for (const char c : text.substr(0, kShownBytes)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7f || c == '\'' || c == '\\') {
      out += fmt::format("\\x{:02x}", byte);
    } else {
      out += c;
    }
  }
  if (text.size() > kShownBytes) out += "...";
  return out;
}

}  // namespace

HttpResponseParser::State HttpResponseParser::feed(std::string_view chunk) {
  for (std::size_t i = 0; i < chunk.size() && state_ == State::kNeedMore; ++i) {
    const char c = chunk[i];
    if (++bytes_seen_ > kMaxHeadBytes) {
      state_ = State::kTooLarge;
      break;
    }
    if (in_status_line_) {
      if (c == '\n') {
        end_status_line();
        continue;
      }
      status_line_ += c;
      // Fail early on a peer that speaks something else, without waiting for a line end.
      const std::size_t n = std::min(status_line_.size(), kHttpPrefix.size());
      if (status_line_.compare(0, n, kHttpPrefix, 0, n) != 0 ||
          status_line_.size() > kMaxStatusLine) {
        const auto rest = chunk.substr(i + 1, kShownBytes);
        status_line_.append(rest.substr(0, rest.find('\n')));
        malformed();
      }
      continue;
    }
    if (c == '\n') {
      if (header_line_length_ == 0) {
        // The empty line: the end of a head. A 1xx head is interim; the real one follows.
        if (status_ >= 200) {
          state_ = State::kComplete;
        } else {
          in_status_line_ = true;
          status_line_.clear();
        }
      }
      header_line_length_ = 0;
    } else if (c != '\r') {
      ++header_line_length_;
    }
  }
  return state_;
}

void HttpResponseParser::end_status_line() {
  // RFC 9112 lets a recipient accept a bare LF as the line end.
  std::string_view line = status_line_;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  // "HTTP/" DIGIT "." DIGIT SP 3DIGIT [ SP reason-phrase ]
  const bool valid = line.size() >= 12 && is_digit(line[5]) && line[6] == '.' &&
                     is_digit(line[7]) && line[8] == ' ' && is_digit(line[9]) &&
                     is_digit(line[10]) && is_digit(line[11]) && line[9] != '0' &&
                     (line.size() == 12 || line[12] == ' ');
  if (!valid) {
    malformed();
    return;
  }
  status_ = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
  in_status_line_ = false;
  header_line_length_ = 0;
}

void HttpResponseParser::malformed() {
  state_ = State::kMalformed;
  std::string_view line = status_line_;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  error_ = fmt::format("malformed status line '{}'", shown(line));
}

}  // namespace lucid::check
