#pragma once
// /proc/PID/cmdline, /proc/PID/environ and /proc/PID/stat as another process left them: any
// bytes, possibly cut at the reader's bound. Pure, so the rules are tested without /proc.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/service_env.hpp"

namespace lucid::probe {

// "a\0b\0" -> {"a", "b"}. Bytes after the last NUL are a word too (a process may rewrite its
// argv), unless `truncated`: then they are the start of a word cut off by the bound, and dropped,
// so no value is ever read half.
std::vector<std::string> nul_words(std::string_view bytes, bool truncated);

// NAME=VALUE words as an EnvLookup: the first NAME= wins, as for getenv; words without '=' are
// skipped.
EnvLookup environ_lookup(std::vector<std::string> words);

struct ProcStat {
  std::string comm;  // the executable's name as the kernel keeps it (at most 15 bytes)
  int ppid = 0;      // 0: the parent is outside this PID namespace
};

// "PID (COMM) STATE PPID ...": COMM may itself hold spaces and ')', so it ends at the last ')'.
std::optional<ProcStat> parse_proc_stat(std::string_view text);

}  // namespace lucid::probe
