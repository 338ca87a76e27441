// A ready-made transport for the call path over cpp-httplib (optional: needs <httplib.h>).
//
//   redrive::HttplibTransport transport(client.endpoint());  // one connection target: the endpoint
//   auto result = redrive::call(client, request, transport);
//
// It sends every header of the request as it is (host and content-length are signed) and adds
// none that would change what was signed. Any HTTP status is a response; no response at all is a
// TransportError (TransportFailure::Timeout for a read or connect timeout).
#pragma once

#include <httplib.h>

#include <expected>
#include <string>
#include <utility>

#include "redrive/endpoint.hpp"
#include "redrive/http.hpp"

namespace redrive {

struct HttplibTransportOptions {
  int connect_timeout_seconds = 10;
  int read_timeout_seconds = 60;
};

class HttplibTransport {
 public:
  explicit HttplibTransport(const Endpoint& endpoint, HttplibTransportOptions options = {})
      : client_(std::string(endpoint.scheme()) + "://" + std::string(endpoint.host())) {
    client_.set_connection_timeout(options.connect_timeout_seconds);
    client_.set_read_timeout(options.read_timeout_seconds);
    client_.set_keep_alive(true);
  }

  std::expected<ReceivedResponse, TransportError> operator()(const HttpRequest& request) {
    httplib::Headers headers;
    for (const auto& h : request.headers) headers.emplace(h.name, h.value);
    httplib::Request req;
    req.method = request.method;
    req.path = request.path;
    req.headers = std::move(headers);
    req.body = request.body;
    httplib::Result res = client_.send(req);
    if (!res) {
      const auto error = res.error();
      const bool timeout = error == httplib::Error::Read || error == httplib::Error::ConnectionTimeout;
      return std::unexpected(TransportError{timeout ? TransportFailure::Timeout : TransportFailure::Connection,
                                            request.url() + ": " + httplib::to_string(error)});
    }
    ReceivedResponse out;
    out.status = res->status;
    for (const auto& [name, value] : res->headers) out.headers.push_back({name, value});
    out.set_body(res->body);
    return out;
  }

 private:
  httplib::Client client_;
};

}  // namespace redrive
