// /etc/hosts as any file may hold it; the text after the last NUL is the name looked up.
#include <cstddef>
#include <cstdint>

#include "check/hosts_file.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = lucid_fuzz::as_text(data, size);
  const std::size_t nul = text.rfind('\0');
  const auto contents = nul == std::string_view::npos ? text : text.substr(0, nul);
  const auto name = nul == std::string_view::npos ? std::string_view{} : text.substr(nul + 1);
  (void)lucid::check::hosts_file_addresses(contents, name);
  if (!lucid::check::same_host_name(name, name)) __builtin_trap();
  return 0;
}
