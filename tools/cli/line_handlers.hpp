// Per-line entry points of the JSON-lines commands: the output object (without the newline) that
// `redrive encode|decode|sign` prints for one input line. Each call starts afresh (its own parser
// and state); the commands themselves run the same code on every line of stdin. The fuzzer
// (tests/fuzz/fuzz_cli.cpp) calls these on arbitrary bytes.
#pragma once

#include <string>
#include <string_view>

namespace redrive::cli {

std::string handle_encode_line(std::string_view line);
std::string handle_decode_line(std::string_view line);
#ifdef REDRIVE_HAVE_LIBCRYPTO
std::string handle_sign_line(std::string_view line);
#endif

}  // namespace redrive::cli
