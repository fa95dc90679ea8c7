# Warnings apply to every target of ours. -Werror is on in the project's presets and so in CI
# (CMakePresets.json), off by default: a plain build with another compiler or other flags
# (a distribution's -O2 hardening flags) must not fail on a warning the presets never see.
add_compile_options(-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wcast-align
                    -Wnull-dereference -Wformat=2 -Wimplicit-fallthrough
                    $<$<COMPILE_LANGUAGE:CXX>:-Wnon-virtual-dtor$<SEMICOLON>-Wold-style-cast$<SEMICOLON>-Woverloaded-virtual>)
if(LUCID_WERROR)
  add_compile_options(-Werror)
endif()
