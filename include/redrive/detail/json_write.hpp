// The JSON writer under the names the library's own code uses; see redrive/json_write.hpp.
#pragma once

#include "redrive/json_write.hpp"


namespace redrive::detail {
using redrive::append_json_int;
using redrive::append_json_string;
}  // namespace redrive::detail
