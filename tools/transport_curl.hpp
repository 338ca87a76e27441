// The CLI's HTTP transport: one blocking libcurl request per call. Built only when libcurl was
// found (REDRIVE_HAVE_CURL); without it, send() says so and the commands still do --dry-run.
#pragma once

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "redrive/http.hpp"
#include "redrive/version.hpp"

#ifdef REDRIVE_HAVE_CURL
#include <curl/curl.h>
#endif

namespace redrive::cli {

// A received response that owns its bytes. `data` is the body followed by zero bytes of padding,
// so a simdjson parser may read past the body's last byte.
class ReceivedResponse {
 public:
  int status = 0;
  std::vector<std::pair<std::string, std::string>> header_list;
  std::string data;
  std::size_t body_size = 0;

  std::string_view body() const noexcept { return std::string_view(data).substr(0, body_size); }
  std::size_t padding() const noexcept { return data.size() - body_size; }

  // A view for the library's decoders; valid while this object lives and is not modified.
  HttpResponse view() {
    views_.clear();
    for (const auto& [name, value] : header_list) views_.push_back({name, value});
    return HttpResponse{status, views_, body()};
  }

 private:
  std::vector<HeaderView> views_;
};

struct TransportOptions {
  long connect_timeout_ms = 10'000;
  long timeout_ms = 60'000;
  std::size_t padding = 64;  // at least SIMDJSON_PADDING
};

// No HTTP response at all: DNS, connection, TLS or a timeout.
struct TransportError {
  std::string message;
  bool timed_out = false;
};

constexpr bool have_transport() noexcept {
#ifdef REDRIVE_HAVE_CURL
  return true;
#else
  return false;
#endif
}

#ifdef REDRIVE_HAVE_CURL

namespace curl_detail {
// SQS answers are a few KiB; a body past this limit is not one, and stops the transfer.
inline constexpr std::size_t max_body = std::size_t{16} << 20;

inline std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
  auto* body = static_cast<std::string*>(user);
  if (body->size() + size * n > max_body) return 0;  // libcurl: CURLE_WRITE_ERROR
  body->append(data, size * n);
  return size * n;
}

// Header lines arrive one by one; a redirect or a 100-continue starts a new block, so keep only
// the last block's fields.
inline std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
  auto* headers = static_cast<std::vector<std::pair<std::string, std::string>>*>(user);
  std::string_view line(data, size * n);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (line.starts_with("HTTP/")) {
    headers->clear();
    return size * n;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return size * n;
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  headers->emplace_back(std::string(line.substr(0, colon)), std::string(value));
  return size * n;
}

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~CurlGlobal() { curl_global_cleanup(); }
};
}  // namespace curl_detail

// Sends `request` as is: every header it carries (host, content-length and the signature
// included), nothing that would change what was signed. libcurl's own Accept and Expect headers
// are removed; its User-Agent is replaced by ours. Returns the response, whatever its status, or
// a transport error message (DNS, connect, TLS, timeout...).
inline std::expected<ReceivedResponse, TransportError> send(const HttpRequest& request,
                                                         const TransportOptions& options = {}) {
  static curl_detail::CurlGlobal global;
  CURL* curl = curl_easy_init();
  if (!curl) return std::unexpected(TransportError{"cannot initialise libcurl"});

  std::string url = request.url();
  curl_slist* headers = nullptr;
  bool has_user_agent = false;
  for (const auto& h : request.headers) {
    std::string line = h.name + ": " + h.value;
    if (h.value.empty()) line = h.name + ";";  // libcurl's syntax for an empty header
    headers = curl_slist_append(headers, line.c_str());
    if (redrive::detail::iequals(h.name, "user-agent")) has_user_agent = true;
  }
  headers = curl_slist_append(headers, "Accept:");
  headers = curl_slist_append(headers, "Expect:");
  if (!has_user_agent) headers = curl_slist_append(headers, "User-Agent: redrive-cli/" REDRIVE_VERSION);

  ReceivedResponse response;
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.method == "POST" || !request.body.empty()) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, curl_detail::on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.data);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, curl_detail::on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.header_list);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, options.connect_timeout_ms);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, options.timeout_ms);
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, nullptr);  // no Accept-Encoding, no decompression

  CURLcode rc = curl_easy_perform(curl);
  long status = 0;
  if (rc == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) {
    std::string message = error[0] ? error : curl_easy_strerror(rc);
    return std::unexpected(TransportError{url + ": " + message, rc == CURLE_OPERATION_TIMEDOUT});
  }
  response.status = static_cast<int>(status);
  response.body_size = response.data.size();
  response.data.append(options.padding, '\0');
  return response;
}

#else

inline std::expected<ReceivedResponse, TransportError> send(const HttpRequest&, const TransportOptions& = {}) {
  return std::unexpected(TransportError{"this redrive was built without libcurl: only --dry-run is available"});
}

#endif

}  // namespace redrive::cli
