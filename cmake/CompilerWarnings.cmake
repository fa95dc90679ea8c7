# Warnings apply to every target of ours; -Werror is the CI default.
add_compile_options(-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wcast-align
                    -Wnull-dereference -Wformat=2 -Wimplicit-fallthrough
                    $<$<COMPILE_LANGUAGE:CXX>:-Wnon-virtual-dtor$<SEMICOLON>-Wold-style-cast$<SEMICOLON>-Woverloaded-virtual>)
if(LUCID_WERROR)
  add_compile_options(-Werror)
endif()
