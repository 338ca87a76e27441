// Transport-neutral HTTP messages: what to send (owning), what came back (a view, or an owning
// ReceivedResponse), and what a transport reports when nothing came back.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "redrive/detail/ascii.hpp"
#include "redrive/detail/lifetime.hpp"

namespace redrive {

struct Header {
  std::string name;  // lower-case
  std::string value;
  bool operator==(const Header&) const = default;
};

// A request ready for any HTTP stack: send `method` to `scheme://host` + `path` with `headers`
// and `body`. Header names are lower-case.
struct HttpRequest {
  std::string method;
  std::string scheme;  // "https" unless a custom endpoint says otherwise
  std::string host;    // may carry ":port" for a custom endpoint
  std::string path;
  std::vector<Header> headers;
  std::string body;
  // How long the whole exchange may take; zero: the transport's own limit. Credential providers
  // set it for the local metadata services, which must fail fast where they do not exist.
  std::chrono::milliseconds timeout{0};

  // The value of a header (case-insensitive name), if present: a view into this request.
  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const noexcept REDRIVE_LIFETIME_BOUND {
    for (const auto& h : headers)
      if (detail::iequals(h.name, name)) return h.value;
    return std::nullopt;
  }
  [[nodiscard]] std::string url() const { return scheme + "://" + host + path; }
  bool operator==(const HttpRequest&) const = default;
};

struct HeaderView {
  std::string_view name;  // any case
  std::string_view value;
};

// A response as the transport received it; nothing is copied. The body may be a padded buffer
// (see decode.hpp).
struct HttpResponse {
  int status = 0;
  std::span<const HeaderView> headers;
  std::string_view body;

  // A view into the transport's storage, as the headers are (not lifetime-bound to this object).
  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const noexcept {
    for (const auto& h : headers)
      if (detail::iequals(h.name, name)) return h.value;
    return std::nullopt;
  }
};

// A response a transport received, owning its bytes: the body followed by zero bytes of padding,
// so the decoder parses it in place (see decode.hpp).
class ReceivedResponse {
 public:
  int status = 0;
  std::vector<Header> headers;  // names as received

  ReceivedResponse() = default;
  ReceivedResponse(int status_code, std::vector<Header> header_list, std::string_view body_bytes,
                   std::size_t padding_bytes = 64)
      : status(status_code), headers(std::move(header_list)) {
    set_body(body_bytes, padding_bytes);
  }

  void set_body(std::string_view bytes, std::size_t padding_bytes = 64) {
    data_.assign(bytes);
    data_.append(padding_bytes, '\0');
    body_size_ = bytes.size();
  }
  // For transports that append the body as it arrives: call finish_body() when it is complete.
  std::string& body_buffer() noexcept { return data_; }
  void finish_body(std::size_t padding_bytes = 64) {
    body_size_ = data_.size();
    data_.append(padding_bytes, '\0');
  }

  std::string_view body() const noexcept { return std::string_view(data_).substr(0, body_size_); }
  std::size_t padding() const noexcept { return data_.size() - body_size_; }

  // A view for the decoder, valid while this object lives and until view() is called again.
  HttpResponse view() const {
    views_.clear();
    for (const auto& h : headers) views_.push_back({h.name, h.value});
    return HttpResponse{status, views_, body()};
  }

 private:
  std::string data_;
  std::size_t body_size_ = 0;
  mutable std::vector<HeaderView> views_;
};

// Why a transport got no HTTP response. Both kinds are transient to the AWS SDKs (ETIMEDOUT,
// ECONNRESET, ECONNREFUSED, EPIPE, EHOSTUNREACH, ENETUNREACH, ENOTFOUND, EAI_AGAIN).
enum class TransportFailure : std::uint8_t { Timeout, Connection };

// What a transport returns instead of a response: no HTTP response at all (DNS, connection, TLS,
// timeout). An HTTP error status is a response, not a TransportError.
struct TransportError {
  TransportFailure kind = TransportFailure::Connection;
  std::string message;
};

}  // namespace redrive
