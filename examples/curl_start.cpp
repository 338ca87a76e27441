// Starts an SQS message move task over libcurl with the library's call path (encode, sign, send,
// retry, clock skew), then follows it until it ends.
// usage: curl_start ENDPOINT_URL SOURCE_ARN    (e.g. https://sqs.us-east-1.amazonaws.com; credentials
// from the AWS SDKs' default chain: environment, profile, SSO, roles, container, instance metadata)
#include <cstdio>
#include <memory>
#include <string>

#include <redrive.hpp>
#include <redrive/call.hpp>
#include <redrive/credentials/default_chain.hpp>
#include <redrive/sigv4.hpp>
#include <redrive/transport/curl.hpp>
#include <redrive/watch.hpp>

int main(int argc, char** argv) {
  if (argc != 3) return std::fprintf(stderr, "usage: %s ENDPOINT_URL SOURCE_ARN\n", argv[0]), 2;
  auto source = redrive::SourceArn::parse(argv[2]);
  if (!source) return std::fprintf(stderr, "%s\n", redrive::render(source.error(), argv[2]).c_str()), 2;
  auto endpoint = redrive::Endpoint::custom(argv[1], source->region());
  if (!endpoint) return std::fprintf(stderr, "%s\n", redrive::render(endpoint.error(), argv[1]).c_str()), 2;

  // Credentials are fetched over the same transport as the calls, and refreshed before they expire.
  redrive::ChainOptions chain;
  chain.region = std::string(source->region());
  redrive::Client client(*endpoint);
  client.sign_with(std::make_shared<redrive::DefaultCredentialsChain>(std::move(chain)),
                   [](const redrive::Credentials& c) { return redrive::Signer(c); });
  redrive::CurlTransport transport;

  redrive::Call start(client, redrive::StartMessageMoveTaskRequest::make(*source).value());
  redrive::drive(start, transport);
  if (!start.outcome()) {
    const redrive::ServiceError& e = start.outcome().error();
    if (e.code == redrive::ServiceErrc::NoCredentials) return std::fprintf(stderr, "%s\n", e.message.c_str()), 4;
    return std::fprintf(stderr, "%s: %s (HTTP %d)\n", e.name.c_str(), e.message.c_str(), e.http_status), 1;
  }
  std::printf("%s\n", start.outcome()->task_handle.value_or("").c_str());

  redrive::FollowOptions every_100ms;
  every_100ms.interval = std::chrono::milliseconds(100);
  auto follower = redrive::TaskFollower::after_start(client, start, every_100ms);
  redrive::drive(*follower, transport);
  const redrive::TaskProgress& p = follower->progress();
  std::printf("%s %lld/%lld (%s)\n", p.status_text.c_str(), static_cast<long long>(p.moved),
              static_cast<long long>(p.to_move.value_or(0)), std::string(redrive::to_string(follower->end())).c_str());
  return follower->end() == redrive::FollowEnd::Completed ? 0 : 1;
}
