#pragma once
// PROGRAM to the files execve is tried on, searched the way execvp searches PATH, and the exec
// itself. Unlike execvp, a file the kernel refuses (ENOEXEC) is never handed to /bin/sh: a
// distroless image has none (the answer became "not found"), and where there is one it would
// read an executable for another machine as a script.
#include <string>
#include <string_view>
#include <vector>

namespace lucid::init {

// PROGRAM itself when it contains a '/'; otherwise DIR/PROGRAM for each entry of PATH_ENV in
// order, an empty entry meaning the working directory; PATH unset (null): execvp's default,
// /bin:/usr/bin. An empty PROGRAM names no file at all.
std::vector<std::string> exec_candidates(std::string_view program, const char* path_env);

struct ExecFailure {
  int error = 0;               // errno, as execvp would have left it
  const char* file = nullptr;  // the candidate the search stopped at; null if it ran out
};

// execve on each candidate in turn; returns only if none could be executed. Goes on past a file
// that is missing or under a non-directory, and past one it may not execute (remembered: the
// answer is then EACCES); stops at any other error, ENOEXEC and E2BIG included.
// Async-signal-safe: runs between fork and exec.
ExecFailure exec_first(const std::vector<std::string>& candidates, char* const argv[],
                       char* const envp[]);

}  // namespace lucid::init
