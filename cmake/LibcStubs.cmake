# Whether the static link takes the glibc stubs (src/common/libc_overrides.cpp, printf_free.cpp,
# about 170 KB less on aarch64): only where the build can prove them safe, that is with the
# toolchain they were written for (GCC 12, glibc 2.36), checked here, and with every caller of a
# stub that only fails being one of the archive members listed in cmake/libc_stub_callers.txt,
# checked at each link (check_stub_callers.cmake). Elsewhere they are left out, with one line
# saying why: the binary is then correct, only larger. docs/building.md, for packagers.
#   lucid_use_libc_stubs(TARGET) adds them to TARGET when they apply.
set(LUCID_LIBC_STUBS AUTO CACHE STRING "glibc stubs in the static link: AUTO (where proven safe) or OFF")
set_property(CACHE LUCID_LIBC_STUBS PROPERTY STRINGS AUTO OFF)

function(lucid_libc_stubs_why_not out)
  set(${out} "" PARENT_SCOPE)
  if(LUCID_LIBC_STUBS STREQUAL "OFF")
    set(${out} "LUCID_LIBC_STUBS=OFF" PARENT_SCOPE)
  elseif(NOT LUCID_STATIC)
    set(${out} "not a static build" PARENT_SCOPE)
  elseif(NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU" OR NOT CMAKE_CXX_COMPILER_VERSION MATCHES "^12\\.")
    set(${out} "${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION}, not GCC 12" PARENT_SCOPE)
  else()
    # The C library the compiler really uses (cross or native), with the project's own flags.
    try_compile(lucid_glibc_236 ${CMAKE_BINARY_DIR}/lucid_glibc_check
                SOURCES ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/glibc_version_check.cpp)
    if(NOT lucid_glibc_236)
      set(${out} "the C library is not glibc 2.36" PARENT_SCOPE)
    endif()
  endif()
endfunction()

lucid_libc_stubs_why_not(lucid_libc_stubs_why_not)
if(lucid_libc_stubs_why_not)
  message(STATUS "glibc stubs left out (${lucid_libc_stubs_why_not}): a correct, larger binary")
endif()

function(lucid_use_libc_stubs target)
  if(lucid_libc_stubs_why_not)
    return()
  endif()
  target_sources(${target} PRIVATE ${PROJECT_SOURCE_DIR}/src/common/libc_overrides.cpp
                                   ${PROJECT_SOURCE_DIR}/src/common/printf_free.cpp)
  set(callers ${PROJECT_SOURCE_DIR}/cmake/libc_stub_callers.txt)
  file(STRINGS ${callers} entries REGEX "^[^#]")
  set(symbols)
  foreach(entry IN LISTS entries)
    string(REGEX REPLACE " .*" "" symbol "${entry}")
    list(APPEND symbols ${symbol})
  endforeach()
  list(REMOVE_DUPLICATES symbols)
  foreach(symbol IN LISTS symbols)
    target_link_options(${target} PRIVATE -Wl,--trace-symbol=${symbol})
  endforeach()
  set_property(TARGET ${target} PROPERTY RULE_LAUNCH_LINK
               "${CMAKE_COMMAND} -DALLOWED_FILE=${callers} -P ${PROJECT_SOURCE_DIR}/cmake/check_stub_callers.cmake --")
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${callers})
endfunction()
