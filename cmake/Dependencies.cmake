# Boost.Asio and fmt are used header-only, on every architecture: Debian's arm64 libfmt is
# shared-only and the shipped binary is fully static. Both headers sit in /usr/include, which the
# native and the Debian cross compiler search by default.
include(CheckIncludeFileCXX)
check_include_file_cxx(boost/asio.hpp LUCID_HAVE_ASIO)
check_include_file_cxx(fmt/format.h LUCID_HAVE_FMT)
if(NOT LUCID_HAVE_ASIO OR NOT LUCID_HAVE_FMT)
  message(FATAL_ERROR "Boost.Asio or fmt headers are missing: run scripts/setup.sh (apt-get install libboost-dev libfmt-dev)")
endif()

add_library(lucid_deps INTERFACE)
# Third-party headers never trip our warnings (-Werror in the presets): they are system headers,
# and the shims here turn off, around one header each, a warning GCC reports even from system
# headers. SYSTEM, so the shims are system headers too (-isystem, searched before /usr/include).
target_include_directories(lucid_deps SYSTEM INTERFACE ${CMAKE_CURRENT_LIST_DIR}/header-shims)
target_compile_definitions(lucid_deps INTERFACE
  FMT_HEADER_ONLY
  # std::locale is never wanted here; keeping it out of fmt keeps libstdc++'s locale machinery
  # (hundreds of KiB) out of the static binary.
  FMT_STATIC_THOUSANDS_SEPARATOR
  # No floating-point value goes through fmt (common/fixed_point.hpp writes the few decimals):
  # fmt's float writer would bring Dragonbox's tables and, by its snprintf fallback, glibc's
  # printf with its wide-character and locale machinery (-70 KB on x86-64 with the libc pieces
  # in common/libc_overrides.cpp). A double given to fmt prints nothing.
  FMT_USE_FLOAT=0
  FMT_USE_DOUBLE=0
  FMT_USE_LONG_DOUBLE=0
  # No 128-bit integer is ever formatted: fmt's writers for them are 6 KB on aarch64.
  FMT_USE_INT128=0
  BOOST_ASIO_NO_DEPRECATED
  BOOST_ASIO_DISABLE_BOOST_REGEX
  BOOST_ASIO_NO_TYPEID
  # One thread runs each io_context: no locks on the signal-forwarding path, and no
  # pthread_create or thread-specific storage in the static binary (-65 KB on aarch64).
  BOOST_ASIO_DISABLE_THREADS)

if(LUCID_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(LUCID_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
