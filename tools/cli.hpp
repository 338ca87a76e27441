// The redrive CLI's commands. Each takes the arguments after its name and returns the exit code.
#pragma once

#include <span>
#include <string_view>

namespace redrive::cli {

using Args = std::span<const std::string_view>;

int check(Args args);
int encode(Args args);

}  // namespace redrive::cli
