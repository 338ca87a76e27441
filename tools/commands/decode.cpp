// redrive decode: JSON lines of HTTP responses in, one decoded result or service error out per line.
//   in:  {"op":"StartMessageMoveTask","status":200,"headers":{"x-amzn-requestid":"..."},"body":"..."}
//   out: {"output":{AWS member names, absent members omitted},"request_id":"..."|null}
//        or {"error":{"code","message","http_status","fault","throttling","transient","retryable",
//                     "query_code","query_type","request_id"}}   (absent values are null)
// op is the AWS name of an operation of operations.hpp; status is required; headers and body default to none;
// other keys are ignored.
// A line that is not such an object gives {"error":{"code":"MalformedInput","message":...}}.
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.hpp"
#include "cli/jsonl.hpp"
#include "cli/line_handlers.hpp"
#include "cli/output.hpp"
#include "cli/render_text.hpp"
#include "redrive.hpp"
#include "redrive/operations.hpp"

namespace redrive::cli {
namespace {

namespace od = simdjson::ondemand;

template <class R>
void decode_line(Decoder& decoder, const HttpResponse& response, std::string& out) {
  auto r = decoder.decode<R>(response);
  if (!r) return append_json(out, r.error());
  out += R"({"output":)";
  append_json(out, *r);
  out += R"(,"request_id":)";
  append_string_or_null(out, request_id_of(response));
  out += '}';
}

// One input line; `decoder` and `headers` are reused from line to line.
simdjson::error_code decode_object(od::object& line, std::string& out, Decoder& decoder,
                                   std::vector<HeaderView>& headers) {
  std::optional<std::string_view> op_name, body;
  std::optional<std::int64_t> status;
  headers.clear();
  for (auto member : line) {
    od::field field;
    if (auto e = std::move(member).get(field)) return e;
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return e;
    od::value value = field.value();
    if (key == "op" || key == "body") {
      std::string_view s;
      if (auto e = value.get_string().get(s)) return e;
      (key == "op" ? op_name : body) = s;
    } else if (key == "status") {
      std::int64_t n;
      if (auto e = value.get_int64().get(n)) return e;
      status = n;
    } else if (key == "headers") {
      od::object object;
      if (auto e = value.get_object().get(object)) return e;
      for (auto header : object) {
        od::field h;
        if (auto e = std::move(header).get(h)) return e;
        std::string_view name, v;
        if (auto e = h.unescaped_key().get(name)) return e;
        if (auto e = h.value().get_string().get(v)) return e;
        headers.push_back({name, v});
      }
    }
  }
  auto bad_line = [&](std::string_view message) {
    append_input_error(out, message);
    return simdjson::SUCCESS;
  };
  if (!op_name) return bad_line("missing \"op\"");
  auto op = operation_from_name(*op_name);
  if (!op) return bad_line("\"op\" must be " + std::string(operation_names_text));
  if (!status || *status < 0 || *status > 999) return bad_line("\"status\" must be an HTTP status code (0..999)");
  HttpResponse response{static_cast<int>(*status), headers, body.value_or("")};
  with_operation(*op, [&](auto operation) {
    decode_line<typename decltype(operation)::Result>(decoder, response, out);
  });
  return simdjson::SUCCESS;
}

std::string decode_usage() {
  return "usage: redrive decode < responses.jsonl\n"
         "  in:  {\"op\":" + quoted_operation_names() + ",\n"
         "        \"status\":200,\"headers\":{\"x-amzn-requestid\":\"...\"},\"body\":\"<raw body>\"}\n"
         "  out: {\"output\":{...},\"request_id\":...} or {\"error\":{\"code\",\"message\",\"http_status\",\n"
         "        \"fault\",\"throttling\",\"transient\",\"retryable\",\"query_code\",\"query_type\",\"request_id\"}}\n"
         "Exit status 1 when any line is an error.\n";
}

}  // namespace

int decode(Args args) {
  if (auto rc = refuse_arguments(args, decode_usage())) return *rc;
  Decoder decoder;
  std::vector<HeaderView> headers;
  return for_each_json_line([&](od::object& line, std::string& out) -> simdjson::error_code {
    return decode_object(line, out, decoder, headers);
  });
}

std::string handle_decode_line(std::string_view text) {
  simdjson::ondemand::parser parser;
  Decoder decoder;
  std::vector<HeaderView> headers;
  std::string out;
  handle_json_line(parser, text, out, [&](od::object& line, std::string& o) -> simdjson::error_code {
    return decode_object(line, o, decoder, headers);
  });
  return out;
}

}  // namespace redrive::cli
