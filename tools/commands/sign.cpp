// redrive sign: JSON lines of requests in, the SigV4 headers for each out.
//   in:  {"request":{"method":"POST","host":"sqs.us-east-1.amazonaws.com","path":"/",
//                    "headers":{"content-type":"..."},"body":"..."},
//         "region":"us-east-1","service":"sqs",
//         "credentials":{"access_key_id":"AKID...","secret_access_key":"...","session_token":"..."},
//         "time":"2015-08-30T12:36:00Z", "content_sha256":true}
//   out: {"headers":{"authorization":"...","x-amz-date":"...","x-amz-security-token":"...",
//                    "x-amz-content-sha256":"..."}}
//        or {"error":{"field","code","offset":0,"message"}}
// "time" is an ISO 8601 UTC time (YYYY-MM-DDTHH:MM:SS, optional fraction, then Z; the fraction is
// dropped) or a number of seconds since 1970. "service" defaults to "sqs"; "session_token",
// "headers", "body" and "content_sha256" (default true: add and sign x-amz-content-sha256) are
// optional. x-amz-security-token is printed for session credentials (its value <redacted> unless
// --show-secrets), x-amz-content-sha256 when the signed request carries it. Errors: Missing,
// WrongType, UnknownMember, BadTime, TimeOutOfRange, CryptoFailure.
#include <chrono>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "cli/commands.hpp"
#include "cli/jsonl.hpp"
#include "cli/line_handlers.hpp"
#include "cli/output.hpp"
#include "cli/redact.hpp"
#include "redrive/sigv4.hpp"

namespace redrive::cli {
namespace {

namespace od = simdjson::ondemand;

struct Line {
  std::optional<std::string_view> method, host, path, body, scheme;
  std::vector<std::pair<std::string_view, std::string_view>> headers;
  bool has_request = false, has_credentials = false;
  std::optional<std::string_view> region, service, time_text;
  std::optional<double> time_number;
  std::optional<std::string_view> access_key_id, secret_access_key, session_token;
  std::optional<bool> content_sha256;
};

Read read_line(od::object& obj, Line& line) {
  return for_each_field(obj, [&](std::string_view key, od::value value) -> Read {
    if (key == "request") {
      line.has_request = true;
      return read_object(value, "request", [&](std::string_view k, od::value v) -> Read {
        if (k == "method") return read_string(v, "method", line.method);
        if (k == "host") return read_string(v, "host", line.host);
        if (k == "path") return read_string(v, "path", line.path);
        if (k == "body") return read_string(v, "body", line.body);
        if (k == "scheme") return read_string(v, "scheme", line.scheme);
        if (k == "headers")
          return read_object(v, "headers", [&](std::string_view name, od::value hv) -> Read {
            std::optional<std::string_view> s;
            Read hr = read_string(hv, name, s);
            if (hr.index() == 0) line.headers.emplace_back(name, *s);
            return hr;
          });
        return unknown_member(k, "request", "method, host, path, headers, body, scheme");
      });
    }
    if (key == "credentials") {
      line.has_credentials = true;
      return read_object(value, "credentials", [&](std::string_view k, od::value v) -> Read {
        if (k == "access_key_id") return read_string(v, "access_key_id", line.access_key_id);
        if (k == "secret_access_key") return read_string(v, "secret_access_key", line.secret_access_key);
        if (k == "session_token") return read_string(v, "session_token", line.session_token);
        return unknown_member(k, "credentials", "access_key_id, secret_access_key, session_token");
      });
    }
    if (key == "region") return read_string(value, "region", line.region);
    if (key == "service") return read_string(value, "service", line.service);
    if (key == "time") {
      od::json_type type;
      if (auto err = value.type().get(type)) return err;
      if (type == od::json_type::string) return read_string(value, "time", line.time_text);
      if (type != od::json_type::number) return wrong_type("time", "a string or a number");
      double d;
      if (auto err = value.get_double().get(d)) return err;
      line.time_number = d;
      return {};
    }
    if (key == "content_sha256") {
      bool b;
      if (value.get_bool().get(b)) return wrong_type("content_sha256", "true or false");
      line.content_sha256 = b;
      return {};
    }
    return unknown_member(key, "a sign line", "request, region, service, credentials, time, content_sha256");
  });
}

// "YYYY-MM-DDTHH:MM:SS[.fraction]Z" -> seconds (the fraction dropped).
std::optional<std::chrono::sys_seconds> parse_time(std::string_view s) {
  auto digits = [&](std::size_t at, std::size_t n) -> std::optional<int> {
    if (at + n > s.size()) return std::nullopt;
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  if (s.size() < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s.back() != 'Z')
    return std::nullopt;
  auto y = digits(0, 4), mo = digits(5, 2), d = digits(8, 2), h = digits(11, 2), mi = digits(14, 2),
       se = digits(17, 2);
  if (!y || !mo || !d || !h || !mi || !se || *h > 23 || *mi > 59 || *se > 59) return std::nullopt;
  std::string_view rest = s.substr(19, s.size() - 20);
  if (!rest.empty()) {
    if (rest.size() < 2 || rest[0] != '.') return std::nullopt;
    for (char c : rest.substr(1))
      if (c < '0' || c > '9') return std::nullopt;
  }
  using namespace std::chrono;
  year_month_day ymd{year{*y}, month{static_cast<unsigned>(*mo)}, day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days(ymd) + hours{*h} + minutes{*mi} + seconds{*se};
}


Read sign_line(const Line& line, std::string& out, bool show_secrets) {
  if (!line.has_request) return missing("request");
  if (!line.method) return missing("method");
  if (!line.host) return missing("host");
  if (!line.path) return missing("path");
  if (!line.region) return missing("region");
  if (!line.has_credentials) return missing("credentials");
  if (!line.access_key_id) return missing("access_key_id");
  if (!line.secret_access_key) return missing("secret_access_key");
  if (!line.time_text && !line.time_number) return missing("time");

  std::chrono::sys_seconds time;
  if (line.time_text) {
    auto t = parse_time(*line.time_text);
    if (!t)
      return Stop{"time", "BadTime", "time must look like 2015-08-30T12:36:00Z (UTC, optional fraction of a second)."};
    time = *t;
  } else {
    double d = *line.time_number;
    if (!std::isfinite(d) || d < -1e13 || d > 1e13)
      return Stop{"time", "TimeOutOfRange", std::string(message(SignErrc::TimeOutOfRange))};
    time = std::chrono::sys_seconds(std::chrono::seconds(static_cast<long long>(std::floor(d))));
  }

  HttpRequest request;
  request.method = *line.method;
  request.scheme = line.scheme.value_or("https");
  request.host = *line.host;
  request.path = *line.path;
  request.body = line.body.value_or("");
  for (const auto& [name, value] : line.headers) request.headers.push_back({std::string(name), std::string(value)});

  Credentials credentials{std::string(*line.access_key_id), SecretString(*line.secret_access_key),
                          SecretString(line.session_token.value_or(""))};
  Signer signer(credentials, SigningOptions{.add_content_sha256 = line.content_sha256.value_or(true)});
  auto signed_ok = signer.sign(request, *line.region, line.service.value_or("sqs"), time);
  if (!signed_ok) {
    const bool time_error = signed_ok.error() == SignErrc::TimeOutOfRange;
    return Stop{time_error ? "time" : "credentials", time_error ? "TimeOutOfRange" : "CryptoFailure",
                std::string(message(signed_ok.error()))};
  }

  out += R"({"headers":{)";
  bool first = true;
  for (std::string_view name : {"authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"}) {
    auto value = request.header(name);
    if (!value) continue;
    if (name == "x-amz-security-token" && credentials.session_token.empty()) continue;
    if (!first) out += ',';
    first = false;
    append_json_string(out, name);
    out += ':';
    append_json_string(out, is_secret_header(name) && !show_secrets ? redacted : *value);
  }
  out += "}}";
  return {};
}

// One input line.
simdjson::error_code sign_object(od::object& obj, std::string& out, bool show_secrets) {
  Line line;
  Read r = read_line(obj, line);
  if (r.index() == 0) r = sign_line(line, out, show_secrets);
  if (auto* err = std::get_if<simdjson::error_code>(&r)) return *err;
  if (auto* stop = std::get_if<Stop>(&r)) {
    out.clear();
    append_stop(out, *stop);
  }
  return simdjson::SUCCESS;
}

constexpr std::string_view sign_usage =
    "usage: redrive sign [--show-secrets] < lines.jsonl\n\n"
    "Reads one JSON object per line:\n"
    "  {\"request\":{\"method\",\"host\",\"path\",\"headers\":{...},\"body\"},\"region\",\"service\"(default sqs),\n"
    "   \"credentials\":{\"access_key_id\",\"secret_access_key\",\"session_token\"?},\n"
    "   \"time\":\"2015-08-30T12:36:00Z\" or seconds since 1970, \"content_sha256\":true|false}\n"
    "and prints the AWS Signature Version 4 headers of each:\n"
    "  {\"headers\":{\"authorization\",\"x-amz-date\",\"x-amz-security-token\"?,\"x-amz-content-sha256\"?}}\n"
    "or {\"error\":{...}}. Exit 1 if any line failed.\n"
    "x-amz-security-token (with a session_token) is \"<redacted>\" unless --show-secrets is given.\n";

}  // namespace

int sign(Args args) {
  const bool show_secrets = args.size() == 1 && args[0] == "--show-secrets";
  if (show_secrets) args = args.subspan(1);
  if (auto rc = refuse_arguments(args, sign_usage)) return *rc;
  return for_each_json_line(
      [show_secrets](od::object& obj, std::string& out) { return sign_object(obj, out, show_secrets); });
}

std::string handle_sign_line(std::string_view line) {
  simdjson::ondemand::parser parser;
  std::string out;
  handle_json_line(parser, line, out,
                   [](od::object& obj, std::string& out_line) { return sign_object(obj, out_line, false); });
  return out;
}

}  // namespace redrive::cli
