// Starts an SQS message move task over cpp-httplib with the library's call path (encode, sign,
// send, retry, clock skew): redrive::call with the ready-made cpp-httplib transport.
// usage: httplib_start ENDPOINT_URL SOURCE_ARN    (e.g. https://sqs.us-east-1.amazonaws.com;
// credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the shared files)
#include <cstdio>

#include <redrive.hpp>
#include <redrive/call.hpp>
#include <redrive/credentials.hpp>
#include <redrive/sigv4.hpp>
#include <redrive/transport/httplib.hpp>

int main(int argc, char** argv) {
  if (argc != 3) return std::fprintf(stderr, "usage: %s ENDPOINT_URL SOURCE_ARN\n", argv[0]), 2;
  auto source = redrive::SourceArn::parse(argv[2]);
  if (!source) return std::fprintf(stderr, "%s\n", redrive::render(source.error(), argv[2]).c_str()), 2;
  auto endpoint = redrive::Endpoint::custom(argv[1], source->region());
  if (!endpoint) return std::fprintf(stderr, "%s\n", redrive::render(endpoint.error(), argv[1]).c_str()), 2;
  auto credentials = redrive::load_credentials();
  if (!credentials) return std::fprintf(stderr, "%s\n", credentials.error().message().c_str()), 4;

  redrive::Client client(*endpoint);
  client.sign_with(redrive::Signer(*credentials));
  redrive::HttplibTransport transport(*endpoint);
  auto result = redrive::call(client, redrive::StartMessageMoveTaskRequest::make(*source).value(), transport);
  if (!result) {
    const redrive::ServiceError& e = result.error();
    std::fprintf(stderr, "%s: %s (HTTP %d, request id %s)\n", e.name.c_str(), e.message.c_str(), e.http_status,
                 e.request_id.c_str());
    return e.code == redrive::ServiceErrc::TransportError ? 3 : 1;
  }
  std::printf("%s\n", result->task_handle.value_or("").c_str());
  return 0;
}
