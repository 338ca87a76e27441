// The CLI's HTTP transport: the library's CurlTransport when libcurl was found (REDRIVE_HAVE_CURL);
// without it, a transport that says so, and the commands still do --dry-run.
#pragma once

#include <expected>
#include <string>

#include "redrive/http.hpp"

#ifdef REDRIVE_HAVE_CURL
#include "redrive/transport/curl.hpp"
#endif

namespace redrive::cli {

constexpr bool have_transport() noexcept {
#ifdef REDRIVE_HAVE_CURL
  return true;
#else
  return false;
#endif
}

#ifdef REDRIVE_HAVE_CURL
using Transport = CurlTransport;
using TransportOptions = CurlTransportOptions;
#else
struct TransportOptions {
  long connect_timeout_ms = 10'000;
  long timeout_ms = 60'000;
  std::string ca_bundle;
  std::string user_agent;
};
struct Transport {
  explicit Transport(TransportOptions) {}
  std::expected<ReceivedResponse, TransportError> operator()(const HttpRequest&) const {
    return std::unexpected(TransportError{TransportFailure::Connection,
                                          "this redrive was built without libcurl: only --dry-run is available"});
  }
};
#endif

}  // namespace redrive::cli
