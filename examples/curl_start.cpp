// Starts an SQS message move task over libcurl: encode, sign, send, decode, retry.
// usage: curl_start ENDPOINT_URL SOURCE_ARN    (e.g. https://sqs.us-east-1.amazonaws.com; credentials
// from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the shared files, as the AWS SDKs find them)
#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <redrive.hpp>
#include <redrive/credentials.hpp>
#include <redrive/decode.hpp>
#include <redrive/retry.hpp>
#include <redrive/sigv4.hpp>

static std::size_t collect(char* data, std::size_t size, std::size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

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
  // Owned, so that every return below releases it.
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> owner(curl_easy_init(), curl_easy_cleanup);
  CURL* curl = owner.get();
  for (int attempt = 1;; ++attempt) {
    redrive::HttpRequest http = redrive::encode(request, *endpoint);
    auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    if (!signer.sign(http, endpoint->signing_region(), "sqs", now)) return std::fputs("signing failed\n", stderr), 4;

    curl_slist* headers = curl_slist_append(nullptr, "Expect:");
    for (const auto& h : http.headers) headers = curl_slist_append(headers, (h.name + ": " + h.value).c_str());
    std::string url = http.url(), body, head;
    curl_easy_reset(curl);
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, http.body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(http.body.size()));
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &head);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    CURLcode rc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    if (rc != CURLE_OK) {
      if (auto wait = retry.after_transport_error(attempt)) {
        std::this_thread::sleep_for(*wait);
        continue;
      }
      return std::fprintf(stderr, "%s: %s\n", url.c_str(), curl_easy_strerror(rc)), 3;
    }

    // "Name: value\r\n" lines of the (last) header block, as views for the decoder.
    std::vector<redrive::HeaderView> views;
    for (std::string_view rest = head; !rest.empty();) {
      std::string_view line = rest.substr(0, rest.find("\r\n"));
      rest.remove_prefix(std::min(rest.size(), line.size() + 2));
      if (line.starts_with("HTTP/")) views.clear();
      if (auto colon = line.find(':'); colon != std::string_view::npos) {
        std::string_view value = line.substr(colon + 1);
        while (value.starts_with(' ')) value.remove_prefix(1);
        views.push_back({line.substr(0, colon), value});
      }
    }
    redrive::HttpResponse response{static_cast<int>(status), views, body};
    auto result = decoder.decode<redrive::StartMessageMoveTaskResult>(response);
    if (result) {
      std::string_view handle = result->task_handle.value_or("");
      std::printf("%.*s\n", static_cast<int>(handle.size()), handle.data());
      break;
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
  return 0;
}
