// The redrive CLI's commands. Each takes the arguments after its name and returns the exit code.
#pragma once

#include <span>
#include <string_view>

namespace redrive::cli {

using Args = std::span<const std::string_view>;

int check(Args args);
int encode(Args args);
int decode(Args args);
int decode_file(Args args);
// Network commands: send with libcurl, or print with --dry-run.
int start(Args args);
int cancel(Args args);
int list(Args args);
int watch(Args args);
int discover(Args args);
int preflight(Args args);
int fleet(Args args);
#ifdef REDRIVE_HAVE_LIBCRYPTO
int sign(Args args);
int configure(Args args);
#endif

}  // namespace redrive::cli
