// The probe's HTTP response head reader on bytes from the network, cut into chunks where the
// input says (first byte: chunk length), as a socket may deliver them.
#include <cstddef>
#include <cstdint>

#include "check/http_response_parser.hpp"
#include "fuzz_input.hpp"

using lucid::check::HttpResponseParser;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = data[0] == 0 ? 1 : data[0];
  auto text = lucid_fuzz::as_text(data + 1, size - 1);
  HttpResponseParser parser;
  while (!text.empty() && parser.state() == HttpResponseParser::State::kNeedMore) {
    const auto piece = text.substr(0, chunk);
    text.remove_prefix(piece.size());
    parser.feed(piece);
  }
  const auto state = parser.state();
  if (state == HttpResponseParser::State::kComplete &&
      (parser.status() < 100 || parser.status() > 999)) {
    __builtin_trap();
  }
  if (state == HttpResponseParser::State::kMalformed && parser.error().empty()) __builtin_trap();
  if (parser.bytes_seen() > size) __builtin_trap();
  return 0;
}
