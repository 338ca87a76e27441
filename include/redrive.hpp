// redrive: the Amazon SQS message move task API (StartMessageMoveTask, CancelMessageMoveTask,
// ListMessageMoveTasks) as typed values and exact AWS JSON 1.0 wire messages.
// SigV4 signing is separate and optional: include <redrive/sigv4.hpp> (needs OpenSSL libcrypto).
#pragma once

#include "redrive/arn.hpp"
#include "redrive/credentials.hpp"
#include "redrive/decode.hpp"
#include "redrive/encode.hpp"
#include "redrive/endpoint.hpp"
#include "redrive/error.hpp"
#include "redrive/http.hpp"
#include "redrive/json_write.hpp"
#include "redrive/model.hpp"
#include "redrive/partition.hpp"
#include "redrive/retry.hpp"
#include "redrive/service_error.hpp"
#include "redrive/types.hpp"
#include "redrive/version.hpp"
