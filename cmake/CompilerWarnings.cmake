# Warnings apply to every target of ours; -Werror is the CI default.
add_compile_options(-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
                    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
                    -Wnull-dereference -Wformat=2 -Wimplicit-fallthrough)
if(LUCID_WERROR)
  add_compile_options(-Werror)
endif()
