// --file-env's rules: which NAME_FILE variables of an environment are taken, and what a file's
// bytes make of NAME. A taken entry names a file under one of the directories and a valid NAME that
// is not set; a value holds no NUL, is at most 64 KiB and is the content less one line ending.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/config_error.hpp"
#include "fuzz_input.hpp"
#include "init/file_env.hpp"

namespace {

// Before the first \x01: NUL-separated environ entries; after it: a file's content.
void check_entries(std::string_view environment_text) {
  const std::vector<std::string> words = lucid_fuzz::split(environment_text, '\0');
  const std::vector<std::string_view> environment(words.begin(), words.end());
  const std::vector<std::string> dirs = {"/run/secrets", "/etc/app"};
  lucid::init::FileEnvEntries entries;
  try {
    entries = lucid::init::file_env_entries(environment, dirs);
  } catch (const lucid::ConfigError&) {
    return;
  }
  for (const auto& entry : entries.left_alone) {
    if (entry.file_var != entry.name + "_FILE") __builtin_trap();
    if (entry.path.rfind("/run/secrets/", 0) == 0 || entry.path.rfind("/etc/app/", 0) == 0) {
      if (entry.path != "/run/secrets/" && entry.path != "/etc/app/") __builtin_trap();
    }
  }
  for (const auto& entry : entries.taken) {
    if (entry.file_var != entry.name + "_FILE") __builtin_trap();
    if (entry.path.rfind("/run/secrets/", 0) != 0 && entry.path.rfind("/etc/app/", 0) != 0) {
      __builtin_trap();
    }
    if (entry.name.empty() ||
        entry.name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklm"
                                     "nopqrstuvwxyz0123456789_") != std::string::npos) {
      __builtin_trap();
    }
    for (const std::string_view word : environment) {
      if (word.rfind(entry.name + "=", 0) == 0) __builtin_trap();  // NAME was set as well
    }
  }
}

void check_value(std::string_view content) {
  const lucid::init::FileEnvEntry entry{"X", "X_FILE", "/run/secrets/x"};
  std::string value;
  try {
    value = lucid::init::secret_value(entry, content);
  } catch (const lucid::ConfigError& error) {
    // The message never quotes the content.
    if (!content.empty() && std::string_view(error.what()).find(content) != std::string::npos) {
      __builtin_trap();
    }
    return;
  }
  if (value.find('\0') != std::string::npos || value.size() > lucid::init::kMaxSecretSize) {
    __builtin_trap();
  }
  if (content != value && content != value + "\n" && content != value + "\r\n") __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = lucid_fuzz::as_text(data, size);
  const std::size_t mark = text.find('\x01');
  check_entries(text.substr(0, mark));
  if (mark != std::string_view::npos) check_value(text.substr(mark + 1));
  return 0;
}
