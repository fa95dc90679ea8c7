# Runs a link (the arguments after --) that traces the stubbed symbols (-Wl,--trace-symbol), and
# fails it when a file other than the members listed in ALLOWED_FILE refers to one of them: a new
# caller (another glibc, libstdc++ or a change of ours) that the stub would fail silently.
# lld prints the trace on stdout, GNU ld on stderr; the other lines are passed on.
# Usage: cmake -DALLOWED_FILE=cmake/libc_stub_callers.txt -P check_stub_callers.cmake -- LINK...
cmake_minimum_required(VERSION 3.25)
set(command)
set(after_separator FALSE)
foreach(i RANGE 1 ${CMAKE_ARGC})
  if(i EQUAL CMAKE_ARGC)
    break()
  endif()
  if(after_separator)
    list(APPEND command "${CMAKE_ARGV${i}}")
  elseif(CMAKE_ARGV${i} STREQUAL "--")
    set(after_separator TRUE)
  endif()
endforeach()

file(STRINGS ${ALLOWED_FILE} allowed REGEX "^[^#]")
execute_process(COMMAND ${command} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
set(unexpected)
string(REPLACE "\n" ";" lines "${out}${err}")
foreach(line IN LISTS lines)
  if(line MATCHES "^(.*): reference to (.+)$")
    set(symbol ${CMAKE_MATCH_2})
    get_filename_component(member "${CMAKE_MATCH_1}" NAME)  # libc.a(malloc.o), x.cpp.o
    if(NOT "${symbol} ${member}" IN_LIST allowed)
      list(APPEND unexpected "${CMAKE_MATCH_1} refers to ${symbol}")
    endif()
  elseif(NOT line MATCHES ": definition of " AND NOT line STREQUAL "")
    message("${line}")
  endif()
endforeach()
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the link failed (${rc})")
endif()
if(unexpected)
  list(JOIN unexpected "\n  " text)
  list(FIND command "-o" at)  # no binary is left behind that a later build would take as done
  if(at GREATER_EQUAL 0)
    math(EXPR at "${at} + 1")
    list(GET command ${at} output)
    file(REMOVE ${output})
  endif()
  message(FATAL_ERROR
          "a glibc stub has a caller it was not written for (cmake/libc_stub_callers.txt):\n"
          "  ${text}\n"
          "The stub would fail silently there. Configure with -DLUCID_LIBC_STUBS=OFF for a "
          "correct, larger binary, or check that caller and add it to the list.")
endif()
