# A test that every C++ file under src/, tests/ and bench/ is clang-format clean (.clang-format at
# the top). The source does not change between presets, so only the native release build runs it.
if(CMAKE_CROSSCOMPILING OR LUCID_SANITIZE)
  return()
endif()
find_program(LUCID_CLANG_FORMAT NAMES clang-format clang-format-14 REQUIRED)
add_test(NAME format.clang_format
         COMMAND ${CMAKE_COMMAND} -DCLANG_FORMAT=${LUCID_CLANG_FORMAT}
                 -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -P ${CMAKE_CURRENT_LIST_DIR}/check_format.cmake)
set_tests_properties(format.clang_format PROPERTIES TIMEOUT 120 LABELS format)
