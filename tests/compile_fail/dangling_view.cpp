// Built by the lifetime-bound tests (clang only): each REDRIVE_DANGLING_* macro keeps a view into a
// temporary past its full-expression, which -Werror=dangling must reject; with REDRIVE_VALID_ONLY
// the same views come from named objects and the file must compile.
#include <redrive.hpp>

using namespace redrive::literals;

redrive::QueueArn queue();
redrive::TaskHandle handle();
redrive::Endpoint endpoint();
redrive::HttpRequest request();
redrive::SecretString secret();
redrive::StartMessageMoveTaskRequest start();

int main() {
#if defined(REDRIVE_DANGLING_QUEUE_ARN)
  std::string_view v = queue().queue_name();
#elif defined(REDRIVE_DANGLING_SOURCE_ARN)
  std::string_view v = "arn:aws:sqs:us-east-1:123456789012:orders-dlq"_source_arn.str();
#elif defined(REDRIVE_DANGLING_TASK_HANDLE)
  std::string_view v = handle().str();
#elif defined(REDRIVE_DANGLING_ENDPOINT)
  std::string_view v = endpoint().host();
#elif defined(REDRIVE_DANGLING_SECRET)
  std::string_view v = secret().reveal();
#elif defined(REDRIVE_DANGLING_REQUEST_SOURCE)
  const redrive::SourceArn& arn = start().source();
  std::string_view v = arn.str();
#else
  auto q = queue();
  auto h = handle();
  auto e = endpoint();
  auto s = secret();
  auto r = start();
  constexpr auto dlq = "arn:aws:sqs:us-east-1:123456789012:orders-dlq"_source_arn;
  std::string_view v = q.queue_name();
  v = dlq.str();
  v = h.str();
  v = e.host();
  v = s.reveal();
  v = r.source().str();
#endif
  return static_cast<int>(v.size());
}
