# Version, VCS revision and build date are set at build time, like the images' VERSION, VCS_REF and
# BUILD_DATE build args. Left empty, they are taken from the project, git and the clock
# (SOURCE_DATE_EPOCH wins for reproducible builds).
# The version's one place is project(VERSION) in CMakeLists.txt; the cache entry only overrides it
# (empty by default, so a build tree configured before a version change follows the change).
set(LUCID_VERSION "" CACHE STRING "Version reported by --version (empty: the project's VERSION)")
if(LUCID_VERSION STREQUAL "")
  set(LUCID_VERSION "${PROJECT_VERSION}")
endif()
set(LUCID_VCS_REF "" CACHE STRING "VCS revision reported by --version")
set(LUCID_BUILD_DATE "" CACHE STRING "Build date reported by --version (ISO 8601)")

if(LUCID_VCS_REF STREQUAL "")
  execute_process(COMMAND git rev-parse --short=12 HEAD
                  WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
                  OUTPUT_VARIABLE LUCID_VCS_REF_DETECTED OUTPUT_STRIP_TRAILING_WHITESPACE
                  ERROR_QUIET RESULT_VARIABLE git_rc)
  if(NOT git_rc EQUAL 0 OR LUCID_VCS_REF_DETECTED STREQUAL "")
    set(LUCID_VCS_REF_DETECTED "unknown")
  endif()
else()
  set(LUCID_VCS_REF_DETECTED "${LUCID_VCS_REF}")
endif()

if(LUCID_BUILD_DATE STREQUAL "")
  string(TIMESTAMP LUCID_BUILD_DATE_DETECTED "%Y-%m-%dT%H:%M:%SZ" UTC)
else()
  set(LUCID_BUILD_DATE_DETECTED "${LUCID_BUILD_DATE}")
endif()
