# Fully static and stripped: `file` says so, and the ELF has no interpreter (PT_INTERP), no
# shared-library needs (DT_NEEDED) and no symbol table. Run with -DBIN= -DFILE_TOOL= -DREADELF=.
execute_process(COMMAND ${FILE_TOOL} -b ${BIN} OUTPUT_VARIABLE file_out
                OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
message(STATUS "file: ${file_out}")
if(NOT file_out MATCHES "statically linked")
  message(FATAL_ERROR "not statically linked: ${file_out}")
endif()
if(file_out MATCHES "not stripped" OR NOT file_out MATCHES "stripped")
  message(FATAL_ERROR "not stripped: ${file_out}")
endif()

execute_process(COMMAND ${READELF} --wide --program-headers --dynamic --section-headers ${BIN}
                OUTPUT_VARIABLE elf COMMAND_ERROR_IS_FATAL ANY)
foreach(forbidden "INTERP" "\\(NEEDED\\)" "\\.symtab" "\\.debug_")
  if(elf MATCHES "${forbidden}")
    message(FATAL_ERROR "readelf finds ${forbidden} in ${BIN}:\n${elf}")
  endif()
endforeach()
message(STATUS "no PT_INTERP, no DT_NEEDED, no .symtab, no debug sections")
