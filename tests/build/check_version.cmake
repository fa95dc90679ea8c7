# `--version` names the version, the VCS revision and the build date given at build time.
# Run with -DBIN= -DEMULATOR= (empty when native) -DVERSION= -DVCS_REF= -DBUILD_DATE=.
execute_process(COMMAND ${EMULATOR} ${BIN} --version OUTPUT_VARIABLE out ERROR_VARIABLE err
                RESULT_VARIABLE rc)
message(STATUS "--version: ${out}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "--version exited ${rc}: ${err}")
endif()
foreach(expected VERSION VCS_REF BUILD_DATE)
  string(FIND "${out}" "${${expected}}" at)
  if("${${expected}}" STREQUAL "" OR at EQUAL -1)
    message(FATAL_ERROR "--version lacks ${expected} '${${expected}}':\n${out}")
  endif()
endforeach()
