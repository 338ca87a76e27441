// What signing the encoded StartMessageMoveTask request with the fixtures' credentials and time
// must produce, as @smithy/signature-v4 5.7.5 computed it (benchmarks/sign_js.js checks the same).
#pragma once

#include <string_view>

namespace bench {

inline constexpr std::string_view expected_signature =
    "de7a2b73c6a8864cc01fd3f0029227915c72fb1d3f9c904da8e7dcc8affad5d0";
inline constexpr std::string_view expected_authorization =
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sqs/aws4_request, "
    "SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target;x-amzn-query-mode, "
    "Signature=de7a2b73c6a8864cc01fd3f0029227915c72fb1d3f9c904da8e7dcc8affad5d0";
static_assert(expected_authorization.ends_with(expected_signature));

}  // namespace bench
