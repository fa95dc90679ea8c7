#pragma once
// Turns a fuzzer's bytes into the inputs the parsers take: words (NUL-separated, like argv and
// /proc/PID/environ) and a fake environment, so one input exercises flags and variables together.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/service_env.hpp"

namespace lucid_fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// "a\0b\0" -> {"a", "b", ""}: every separator ends a word, so empty words are possible too.
inline std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> words;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find(separator, start)) != std::string_view::npos;
       start = end + 1) {
    words.emplace_back(text.substr(start, end - start));
  }
  words.emplace_back(text.substr(start));
  return words;
}

// The part before the first \x01 is the environment (NAME=VALUE words), the rest the command line.
struct EnvAndArgs {
  std::map<std::string, std::string> env;
  std::vector<std::string> args;

  lucid::EnvLookup lookup() const {
    return [this](const std::string& name) -> std::optional<std::string> {
      const auto found = env.find(name);
      if (found == env.end()) return std::nullopt;
      return found->second;
    };
  }
};

inline EnvAndArgs env_and_args(std::string_view text) {
  EnvAndArgs parsed;
  const std::size_t mark = text.find('\x01');
  if (mark != std::string_view::npos) {
    for (const std::string& word : split(text.substr(0, mark), '\0')) {
      const std::size_t equals = word.find('=');
      if (equals != std::string::npos) parsed.env[word.substr(0, equals)] = word.substr(equals + 1);
    }
    text.remove_prefix(mark + 1);
  }
  if (!text.empty()) parsed.args = split(text, '\0');
  return parsed;
}

// A writable argv (getopt_long may permute it) over `args`, after `program`; null-terminated.
class Argv {
 public:
  Argv(std::string program, const std::vector<std::string>& args) : words_{std::move(program)} {
    words_.insert(words_.end(), args.begin(), args.end());
    for (std::string& word : words_) pointers_.push_back(word.data());
    pointers_.push_back(nullptr);
  }
  int argc() const { return static_cast<int>(words_.size()); }
  char** argv() { return pointers_.data(); }

 private:
  std::vector<std::string> words_;
  std::vector<char*> pointers_;
};

}  // namespace lucid_fuzz
