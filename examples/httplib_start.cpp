// Starts an SQS message move task over cpp-httplib: encode, sign, send, decode, retry.
// usage: httplib_start ENDPOINT_URL SOURCE_ARN    (e.g. https://sqs.us-east-1.amazonaws.com;
// credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the shared files)
#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include <redrive.hpp>
#include <redrive/credentials.hpp>
#include <redrive/decode.hpp>
#include <redrive/retry.hpp>
#include <redrive/sigv4.hpp>

int main(int argc, char** argv) {
  if (argc != 3) return std::fprintf(stderr, "usage: %s ENDPOINT_URL SOURCE_ARN\n", argv[0]), 2;
  auto source = redrive::SourceArn::parse(argv[2]);
  if (!source) return std::fprintf(stderr, "%s\n", redrive::render(source.error(), argv[2]).c_str()), 2;
  auto endpoint = redrive::Endpoint::custom(argv[1], source->region());
  if (!endpoint) return std::fprintf(stderr, "%s\n", redrive::render(endpoint.error(), argv[1]).c_str()), 2;
  auto credentials = redrive::load_credentials();
  if (!credentials) return std::fprintf(stderr, "%s\n", credentials.error().message().c_str()), 4;

  const auto request = redrive::StartMessageMoveTaskRequest::make(*source).value();  // no destination: cannot fail
  redrive::Signer signer(*credentials);
  redrive::Decoder decoder;
  redrive::RetryState retry;
  httplib::Client client(std::string(endpoint->scheme()) + "://" + std::string(endpoint->host()));
  client.set_connection_timeout(10);
  client.set_read_timeout(30);
  for (int attempt = 1;; ++attempt) {
    redrive::HttpRequest http = redrive::encode(request, *endpoint);
    auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    if (!signer.sign(http, endpoint->signing_region(), "sqs", now)) return std::fputs("signing failed\n", stderr), 4;

    // Every signed header goes out as is; the empty content type keeps httplib from adding a
    // second Content-Type (ours is among the headers).
    httplib::Headers headers;
    for (const auto& h : http.headers) headers.emplace(h.name, h.value);
    httplib::Result res = client.Post(http.path, headers, http.body, "");
    if (!res) {
      if (auto wait = retry.after_transport_error(attempt)) {
        std::this_thread::sleep_for(*wait);
        continue;
      }
      return std::fprintf(stderr, "%s: %s\n", http.url().c_str(), httplib::to_string(res.error()).c_str()), 3;
    }

    std::vector<redrive::HeaderView> views;
    for (const auto& [name, value] : res->headers) views.push_back({name, value});
    redrive::HttpResponse response{res->status, views, res->body};
    auto result = decoder.decode<redrive::StartMessageMoveTaskResult>(response);
    if (result) {
      std::string_view handle = result->task_handle.value_or("");
      std::printf("%.*s\n", static_cast<int>(handle.size()), handle.data());
      return 0;
    }
    const redrive::ServiceError& e = result.error();
    if (auto wait = retry.after(e, attempt)) {
      std::this_thread::sleep_for(*wait);
      continue;
    }
    std::fprintf(stderr, "%s: %s (HTTP %d, request id %s)\n", e.name.c_str(), e.message.c_str(), e.http_status,
                 e.request_id.c_str());
    return 1;
  }
}
