# Static analysis of src/ as ctest tests (the lint preset): clang-tidy with the committed
# .clang-tidy and cppcheck, both over this build's compile_commands.json so they see the real
# flags and definitions. Any finding fails the test.
find_program(LUCID_RUN_CLANG_TIDY NAMES run-clang-tidy-14 run-clang-tidy REQUIRED)
find_program(LUCID_CLANG_TIDY NAMES clang-tidy-14 clang-tidy REQUIRED)
find_program(LUCID_CPPCHECK cppcheck REQUIRED)
cmake_host_system_information(RESULT lucid_cores QUERY NUMBER_OF_LOGICAL_CORES)

# Only files under src/ (the regex); headers are checked through them (.clang-tidy's
# HeaderFilterRegex). Warnings are errors by .clang-tidy's WarningsAsErrors.
add_test(NAME lint.clang_tidy
         COMMAND ${LUCID_RUN_CLANG_TIDY} -clang-tidy-binary ${LUCID_CLANG_TIDY} -quiet
                 -j ${lucid_cores} -p ${CMAKE_BINARY_DIR} "^${PROJECT_SOURCE_DIR}/src/")
set_tests_properties(lint.clang_tidy PROPERTIES TIMEOUT 1800 LABELS lint
                     FAIL_REGULAR_EXPRESSION "(warning|error): ")

# useStlAlgorithm is left out for the reason .clang-tidy gives for readability-use-anyofallof;
# missingIncludeSystem because cppcheck is not given the system headers (clang-tidy checks
# those includes by compiling).
# cppcheck matches --file-filter against paths as given, relative to the source tree here.
file(RELATIVE_PATH lucid_compile_commands ${PROJECT_SOURCE_DIR}
     ${CMAKE_BINARY_DIR}/compile_commands.json)
add_test(NAME lint.cppcheck
         COMMAND ${LUCID_CPPCHECK} --project=${lucid_compile_commands}
                 --file-filter=src/* --enable=warning,style,performance,portability --std=c++17
                 --inline-suppr --suppress=useStlAlgorithm --suppress=missingIncludeSystem
                 --error-exitcode=1 --quiet -j ${lucid_cores}
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(lint.cppcheck PROPERTIES TIMEOUT 600 LABELS lint)
