#pragma once
// Reads an HTTP/1.x response head from whatever chunks the socket delivers. The verdict needs only
// the final status and the end of the head; nothing else is kept, so a head that never ends, or a
// megabyte of headers, costs no memory and ends in a clear verdict at kMaxHeadBytes.
#include <cstddef>
#include <string>
#include <string_view>

namespace lucid::check {

class HttpResponseParser {
 public:
  // curl allows 100 KiB of headers, nginx 8 KiB per line; a health endpoint needs far less.
  static constexpr std::size_t kMaxHeadBytes = std::size_t{64} * 1024;

  enum class State { kNeedMore, kComplete, kMalformed, kTooLarge };

  // Consumes bytes until the head is complete or wrong; later bytes (the body) are ignored.
  State feed(std::string_view chunk);

  State state() const { return state_; }
  // The status of the latest status line; the final one once kComplete. 0 before any.
  int status() const { return status_; }
  // Why the response is kMalformed, e.g. "malformed status line 'SSH-2.0-OpenSSH'".
  const std::string& error() const { return error_; }
  std::size_t bytes_seen() const { return bytes_seen_; }

 private:
  void end_status_line();
  void malformed();

  State state_ = State::kNeedMore;
  bool in_status_line_ = true;
  std::string status_line_;             // only the current status line, at most a few hundred bytes
  std::size_t header_line_length_ = 0;  // bytes of the current header line, 0 at its start
  int status_ = 0;
  std::size_t bytes_seen_ = 0;
  std::string error_;
};

}  // namespace lucid::check
