// /etc/resolv.conf as any file may hold it; the last line is also the name looked up.
#include <cstddef>
#include <cstdint>

#include "check/resolv_conf.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = lucid_fuzz::as_text(data, size);
  const auto conf = lucid::check::parse_resolv_conf(text);
  const std::size_t newline = text.rfind('\n');
  const auto name = newline == std::string_view::npos ? text : text.substr(newline + 1);
  const auto names = lucid::check::candidate_names(name, conf);
  if (names.size() > conf.search.size() + 1) __builtin_trap();
  return 0;
}
