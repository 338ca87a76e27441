// The floor of encode_start: the request's final bytes, computed once before the loop from the
// fixtures (not by redrive), assigned into the reused strings of the same HttpRequest each
// iteration. Any encoder has at least to write these bytes; this one does nothing else.
#include <array>
#include <string>

#include "encode_measure.hpp"

namespace {

struct FinalBytes {
  std::string method = "POST";
  std::string scheme = "https";
  std::string host = "sqs.us-east-1.amazonaws.com";
  std::string path = "/";
  std::array<redrive::Header, 5> headers{{{"host", "sqs.us-east-1.amazonaws.com"},
                                          {"content-type", "application/x-amz-json-1.0"},
                                          {"x-amz-target", "AmazonSQS.StartMessageMoveTask"},
                                          {"x-amzn-query-mode", "true"},
                                          {"content-length", std::to_string(bench::start_request_body.size())}}};
  std::string body{bench::start_request_body};
};

void encode(benchmark::State& state) {
  const FinalBytes bytes;
  // The request and endpoint are ignored: their bytes are already in `bytes`. Header names are
  // assigned too, as they are bytes of the request (the check after the loop compares them).
  bench::encode_start(state, [&](const auto&, const auto&, redrive::HttpRequest& out) {
    out.method.assign(bytes.method);
    out.scheme.assign(bytes.scheme);
    out.host.assign(bytes.host);
    out.path.assign(bytes.path);
    out.headers.resize(bytes.headers.size());
    for (std::size_t i = 0; i < bytes.headers.size(); ++i) {
      out.headers[i].name.assign(bytes.headers[i].name);
      out.headers[i].value.assign(bytes.headers[i].value);
    }
    out.body.assign(bytes.body);
  });
}

}  // namespace

BENCHMARK(encode)->Name("encode_start/floor");
