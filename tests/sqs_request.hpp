// An encoded StartMessageMoveTask request, before signing: what the SigV4 tests sign.
#pragma once

#include <redrive/http.hpp>

inline redrive::HttpRequest sqs_request() {
  return redrive::HttpRequest{"POST",
                              "https",
                              "sqs.us-east-1.amazonaws.com",
                              "/",
                              {{"host", "sqs.us-east-1.amazonaws.com"},
                               {"content-type", "application/x-amz-json-1.0"},
                               {"x-amz-target", "AmazonSQS.StartMessageMoveTask"},
                               {"x-amzn-query-mode", "true"},
                               {"content-length", "54"}},
                              R"({"SourceArn":"arn:aws:sqs:us-east-1:123456789012:dlq"})"};
}
