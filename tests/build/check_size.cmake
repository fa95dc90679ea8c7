# Prints the size of the stripped static binary and holds it to the budget (0: report only).
# Run with -DBIN= -DARCH= -DBUDGET=.
file(SIZE ${BIN} size)
math(EXPR kib "${size} / 1024")
if(BUDGET GREATER 0)
  math(EXPR percent "${size} * 100 / ${BUDGET}")
  set(verdict "budget ${BUDGET} bytes, ${percent}% used")
else()
  set(verdict "no budget for ${ARCH}")
endif()
# message(NOTICE) goes to stderr, which ctest keeps in the log and shows with -V.
message(NOTICE "lucid-init ${ARCH} stripped static size: ${size} bytes (${kib} KiB; ${verdict})")
if(BUDGET GREATER 0 AND size GREATER BUDGET)
  message(FATAL_ERROR "lucid-init is ${size} bytes, over the ${BUDGET}-byte budget")
endif()
