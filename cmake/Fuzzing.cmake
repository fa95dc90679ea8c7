# libFuzzer builds (clang only): every object of ours gets the fuzzer's coverage instrumentation
# and ASan + UBSan, so a fuzz target finds bugs in the real parsers, not copies of them. The fuzz
# executables link libFuzzer's main (tests/fuzz/CMakeLists.txt).
if(NOT LUCID_FUZZ)
  return()
endif()
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "LUCID_FUZZ needs clang (libFuzzer): use the fuzz preset (clang++-14)")
endif()
set(LUCID_STATIC OFF CACHE BOOL "" FORCE)  # ASan needs the dynamic loader
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                    -fno-sanitize-recover=all)
add_link_options(-fsanitize=address,undefined)
