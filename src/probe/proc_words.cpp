#include "probe/proc_words.hpp"

#include <memory>

namespace lucid::probe {

std::vector<std::string> nul_words(std::string_view bytes, bool truncated) {
  std::vector<std::string> words;
  std::size_t start = 0;
  for (std::size_t end; (end = bytes.find('\0', start)) != std::string_view::npos;
       start = end + 1) {
    words.emplace_back(bytes.substr(start, end - start));
  }
  if (!truncated && start < bytes.size()) words.emplace_back(bytes.substr(start));
  return words;
}

EnvLookup environ_lookup(std::vector<std::string> words) {
  auto shared = std::make_shared<const std::vector<std::string>>(std::move(words));
  return [shared](const std::string& name) -> std::optional<std::string> {
    if (name.empty()) return std::nullopt;
    for (const std::string& word : *shared) {
      if (word.size() > name.size() && word[name.size()] == '=' &&
          word.compare(0, name.size(), name) == 0) {
        return word.substr(name.size() + 1);
      }
    }
    return std::nullopt;
  };
}

namespace {

bool named(std::string_view path, std::string_view comm) {
  const std::size_t slash = path.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  // The kernel keeps the first 15 bytes of the name.
  return !name.empty() && name.substr(0, 15) == comm;
}

}  // namespace

std::vector<std::string> without_interpreter(std::vector<std::string> argv, std::string_view comm) {
  if (argv.size() < 2 || named(argv[0], comm) || !named(argv[1], comm)) return argv;
  const bool preserved_argv0 = argv.size() > 2 && named(argv[2], comm);
  argv.erase(argv.begin(), argv.begin() + (preserved_argv0 ? 2 : 1));
  return argv;
}

std::optional<ProcStat> parse_proc_stat(std::string_view text) {
  const std::size_t open = text.find('(');
  const std::size_t close = text.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    return std::nullopt;
  }
  // ") S 123 ...": one blank, the state, one blank, the parent's pid.
  std::string_view rest = text.substr(close + 1);
  if (rest.size() < 5 || rest[0] != ' ' || rest[2] != ' ') return std::nullopt;
  rest.remove_prefix(3);
  ProcStat stat;
  stat.comm = std::string(text.substr(open + 1, close - open - 1));
  std::size_t digits = 0;
  for (; digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9'; ++digits) {
    if (digits == 9) return std::nullopt;  // pids stay below 2^22
    stat.ppid = stat.ppid * 10 + (rest[digits] - '0');
  }
  if (digits == 0) return std::nullopt;
  return stat;
}

}  // namespace lucid::probe
