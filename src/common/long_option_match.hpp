#pragma once
// Which long options a word names, read the way getopt_long reads it: the exact name, or else
// every option the word abbreviates. getopt_long answers '?' alike for an unknown word, an
// ambiguous abbreviation and a flag given a value it does not take; the error line needs to know
// which it was.
#include <getopt.h>

#include <string>
#include <string_view>
#include <vector>

namespace lucid {

// "--ver=1" -> "ver": the name a long-option word spells.
std::string_view long_option_name(std::string_view word);

// NAME without the leading "--". TABLE ends with a null name. More than one result: ambiguous.
std::vector<const option*> matching_long_options(std::string_view name, const option* table);

// "--verbose, --version"
std::string long_option_list(const std::vector<const option*>& options);

}  // namespace lucid
