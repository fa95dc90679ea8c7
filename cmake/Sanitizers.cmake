if(LUCID_SANITIZE)
  # A sanitized binary cannot be fully static: ASan needs the dynamic loader.
  set(LUCID_STATIC OFF CACHE BOOL "" FORCE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
