// redrive: the Amazon SQS message move task API (StartMessageMoveTask, CancelMessageMoveTask,
// ListMessageMoveTasks) and the queue operations that find and check dead-letter queues
// (ListQueues, GetQueueUrl, GetQueueAttributes, ListDeadLetterSourceQueues) as typed values,
// exact AWS JSON 1.0 wire messages, and the whole call as a sans-IO state machine (call.hpp) with a task follower (watch.hpp).
// Optional parts, included on their own: SigV4 signing <redrive/sigv4.hpp> (needs OpenSSL
// libcrypto), and transports <redrive/transport/curl.hpp> (libcurl) and
// <redrive/transport/httplib.hpp> (cpp-httplib).
#pragma once

#include "redrive/arn.hpp"
#include "redrive/call.hpp"
#include "redrive/clock_skew.hpp"
#include "redrive/credentials.hpp"
#include "redrive/decode.hpp"
#include "redrive/discover.hpp"
#include "redrive/encode.hpp"
#include "redrive/endpoint.hpp"
#include "redrive/error.hpp"
#include "redrive/fleet.hpp"
#include "redrive/fleet_journal.hpp"
#include "redrive/http.hpp"
#include "redrive/json_write.hpp"
#include "redrive/model.hpp"
#include "redrive/operations.hpp"
#include "redrive/paginate.hpp"
#include "redrive/partition.hpp"
#include "redrive/preflight.hpp"
#include "redrive/queue_attributes.hpp"
#include "redrive/queue_model.hpp"
#include "redrive/queue_url.hpp"
#include "redrive/rate_limiter.hpp"
#include "redrive/retry.hpp"
#include "redrive/service_error.hpp"
#include "redrive/types.hpp"
#include "redrive/version.hpp"
#include "redrive/watch.hpp"
