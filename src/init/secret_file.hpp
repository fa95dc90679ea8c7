#pragma once
// Reading one --file-env file: a regular file of at most 64 KiB, whatever the path points at
// (a FIFO, a device, a directory, /proc), never blocking and never read past the limit.
#include <string>

#include "init/file_env.hpp"

namespace lucid::init {

// The value NAME gets (secret_value of the file's bytes). Throws ConfigError naming NAME_FILE,
// the path and the problem: cannot open or read (with the system's error), not a regular file
// (what it is instead), larger than 64 KiB, a NUL byte inside.
std::string read_secret_file(const FileEnvEntry& entry);

}  // namespace lucid::init
