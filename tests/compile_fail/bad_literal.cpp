// Built by the compile-fail tests: each REDRIVE_BAD_* macro adds one invalid literal that must
// make this file fail to compile; with REDRIVE_VALID_ONLY it must compile.
#include <redrive.hpp>

using namespace redrive::literals;

constexpr auto ok = "arn:aws:sqs:us-east-1:123456789012:orders-dlq"_source_arn;
#if defined(REDRIVE_BAD_QUEUE)
constexpr auto bad = "arn:aws:sqs:us-east-1:12345678901:orders"_queue_arn;  // 11-digit account
#elif defined(REDRIVE_BAD_SOURCE)
constexpr auto bad = "arn:aws:sns:us-east-1:123456789012:orders"_source_arn;  // not SQS
#elif defined(REDRIVE_BAD_DESTINATION)
constexpr auto bad = "arn:aws:sqs:us-east-1:123456789012:orders.fif"_destination_arn;  // bad '.'
#endif

int main() { return ok.queue_name().size() == 10 ? 0 : 1; }
