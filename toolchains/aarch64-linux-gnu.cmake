# Cross build for 64-bit ARM (Raspberry Pi 3/4/5) with Debian's g++-aarch64-linux-gnu.
# Libraries come from Debian's arm64 multiarch packages (dpkg --add-architecture arm64).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_STRIP aarch64-linux-gnu-strip)

# ctest runs the aarch64 binaries through qemu, so the whole suite runs on an x86-64 host.
find_program(LUCID_QEMU_AARCH64 qemu-aarch64-static REQUIRED)
set(CMAKE_CROSSCOMPILING_EMULATOR ${LUCID_QEMU_AARCH64})

# Headers and packages: the host's /usr, where multiarch puts arm64 libraries under
# lib/aarch64-linux-gnu; programs: the host's.
set(CMAKE_FIND_ROOT_PATH /usr)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
