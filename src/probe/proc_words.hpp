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

// A program started through a binfmt_misc interpreter (qemu-user running an arm64 binary on an
// x86-64 host) shows the interpreter's command line, INTERPRETER FILE [ARGV0] ARGS (ARGV0 with
// binfmt's P flag), while its name (comm) stays the program's. Such a prefix is dropped when
// argv[0] is not named `comm` but argv[1] is, so the words start at the program's own argv[0].
std::vector<std::string> without_interpreter(std::vector<std::string> argv, std::string_view comm);

struct ProcStat {
  std::string comm;  // the executable's name as the kernel keeps it (at most 15 bytes)
  int ppid = 0;      // 0: the parent is outside this PID namespace
};

// "PID (COMM) STATE PPID ...": COMM may itself hold spaces and ')', so it ends at the last ')'.
std::optional<ProcStat> parse_proc_stat(std::string_view text);

}  // namespace lucid::probe
