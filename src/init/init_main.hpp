#pragma once
namespace lucid::init {
// `lucid-init [OPTIONS] [--] PROGRAM [ARG...]`. Returns the process exit status.
int init_main(int argc, char** argv);
}  // namespace lucid::init
