if(LUCID_SANITIZE)
  # A sanitized binary cannot be fully static: ASan needs the dynamic loader.
  set(LUCID_STATIC OFF CACHE BOOL "" FORCE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
  # Not position-independent: UBSan's check-site data is ~50 MB of .data at -O0, and in a PIE
  # the loader relocates all of it (1.9 million relocations) at every start, 0.2 s of CPU per
  # lucid-init launch, and the tests launch it thousands of times.
  set(CMAKE_POSITION_INDEPENDENT_CODE OFF)
  include(CheckPIESupported)
  check_pie_supported()
endif()
