// A ready-made transport for the call path over libcurl (optional: needs libcurl, link -lcurl).
//
//   redrive::CurlTransport transport;                 // reuses its connection between requests
//   auto result = redrive::call(client, request, transport);
//
// It sends the request exactly as given: every header it carries (host and content-length are
// signed, so they must go out as they are) and nothing that would change what was signed —
// libcurl's own Accept and Expect headers are removed, and a User-Agent is added only if the
// request has none. Any HTTP status is a response; no response at all (DNS, connect, TLS, timeout)
// is a TransportError, TransportFailure::Timeout for a timeout.
#pragma once

#include <curl/curl.h>

#include <algorithm>
#include <cstddef>
#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "redrive/detail/ascii.hpp"
#include "redrive/http.hpp"
#include "redrive/version.hpp"

namespace redrive {

struct CurlTransportOptions {
  long connect_timeout_ms = 10'000;
  long timeout_ms = 60'000;
  std::string ca_bundle;  // a CA file for TLS instead of the system's; empty: the system's
  std::string user_agent = "redrive/" REDRIVE_VERSION;
  std::size_t max_body = std::size_t{16} << 20;  // SQS answers are a few KiB; a larger body stops the transfer
};

class CurlTransport {
 public:
  explicit CurlTransport(CurlTransportOptions options = {}) : options_(std::move(options)) {
    static const Global global;
    curl_.reset(curl_easy_init());
  }

  std::expected<ReceivedResponse, TransportError> operator()(const HttpRequest& request) {
    if (!curl_) return std::unexpected(TransportError{TransportFailure::Connection, "cannot initialise libcurl"});
    CURL* curl = curl_.get();
    curl_easy_reset(curl);

    const std::string url = request.url();
    Headers headers;
    bool has_user_agent = false;
    for (const auto& h : request.headers) {
      // libcurl's syntax for a header with an empty value is "name;".
      const std::string line = h.value.empty() ? h.name + ";" : h.name + ": " + h.value;
      headers.append(line);
      if (detail::iequals(h.name, "user-agent")) has_user_agent = true;
    }
    headers.append("Accept:");
    headers.append("Expect:");
    if (!has_user_agent && !options_.user_agent.empty()) headers.append("User-Agent: " + options_.user_agent);

    Received received{ReceivedResponse{}, options_.max_body};
    char error[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (request.method == "POST" || !request.body.empty()) {
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.list);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &received);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &received);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    const long own_limit = static_cast<long>(request.timeout.count());
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                     own_limit > 0 ? std::min(own_limit, options_.connect_timeout_ms) : options_.connect_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, own_limit > 0 ? own_limit : options_.timeout_ms);
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, nullptr);  // no Accept-Encoding, no decompression
    if (!options_.ca_bundle.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_bundle.c_str());

    const CURLcode rc = curl_easy_perform(curl);
    if (rc != CURLE_OK) {
      const std::string what = error[0] ? error : curl_easy_strerror(rc);
      return std::unexpected(TransportError{
          rc == CURLE_OPERATION_TIMEDOUT ? TransportFailure::Timeout : TransportFailure::Connection, url + ": " + what});
    }
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    received.response.status = static_cast<int>(status);
    received.response.finish_body();
    return std::move(received.response);
  }

 private:
  struct Global {
    Global() { curl_global_init(CURL_GLOBAL_DEFAULT); }
    ~Global() { curl_global_cleanup(); }
  };
  struct Cleanup {
    void operator()(CURL* c) const noexcept { curl_easy_cleanup(c); }
  };
  struct Headers {
    curl_slist* list = nullptr;
    void append(const std::string& line) { list = curl_slist_append(list, line.c_str()); }
    ~Headers() { curl_slist_free_all(list); }
  };
  struct Received {
    ReceivedResponse response;
    std::size_t max_body;
  };

  static std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
    auto* r = static_cast<Received*>(user);
    std::string& body = r->response.body_buffer();
    if (body.size() + size * n > r->max_body) return 0;  // libcurl: CURLE_WRITE_ERROR
    body.append(data, size * n);
    return size * n;
  }

  // Header lines arrive one by one; a redirect or a 100-continue starts a new block, so only the
  // last block's fields are kept.
  static std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
    auto& headers = static_cast<Received*>(user)->response.headers;
    std::string_view line(data, size * n);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    if (line.starts_with("HTTP/")) {
      headers.clear();
      return size * n;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return size * n;
    const std::string_view value = detail::trim<detail::is_blank>(line.substr(colon + 1));
    headers.push_back({std::string(line.substr(0, colon)), std::string(value)});
    return size * n;
  }

  CurlTransportOptions options_;
  std::unique_ptr<CURL, Cleanup> curl_;
};

}  // namespace redrive
