// nlohmann/json: the body as an ordered_json object (the SDK's member order), dumped; the headers
// set as a user would set them.
#include <nlohmann/json.hpp>

#include "encode_measure.hpp"

namespace {

void encode_into(const redrive::StartMessageMoveTaskRequest& r, const redrive::Endpoint& e, redrive::HttpRequest& out) {
  nlohmann::ordered_json body;
  body["SourceArn"] = r.source().str();
  if (r.destination()) body["DestinationArn"] = r.destination()->str();
  if (r.rate()) body["MaxNumberOfMessagesPerSecond"] = r.rate()->value();
  out.method = "POST";
  out.scheme = e.scheme();
  out.host = e.host();
  out.path = e.path();
  out.body = body.dump();
  out.headers.clear();
  out.headers.push_back({"host", std::string(e.host())});
  out.headers.push_back({"content-type", "application/x-amz-json-1.0"});
  out.headers.push_back({"x-amz-target", "AmazonSQS.StartMessageMoveTask"});
  out.headers.push_back({"x-amzn-query-mode", "true"});
  out.headers.push_back({"content-length", std::to_string(out.body.size())});
}

void encode(benchmark::State& state) { bench::encode_start(state, encode_into); }

}  // namespace

BENCHMARK(encode)->Name("encode_start/nlohmann");
