// RapidJSON: a Document per response (validating UTF-8, as the other parsers do), then
// FindMember for each member.
#include <rapidjson/document.h>

#include "baseline.hpp"
#include "decode_measures.hpp"

namespace {

using namespace bench::baseline;
using rapidjson::Value;

bool parse(std::string_view body, rapidjson::Document& doc) {
  doc.Parse<rapidjson::kParseValidateEncodingFlag>(body.data(), body.size());
  return !doc.HasParseError();
}

const Value* find(const Value& object, const char* name) {
  auto it = object.FindMember(name);
  return it == object.MemberEnd() || it->value.IsNull() ? nullptr : &it->value;
}

bool read(const Value& object, const char* name, std::optional<std::string>& out) {
  const Value* v = find(object, name);
  if (!v) return true;
  if (!v->IsString()) return false;
  out.emplace(v->GetString(), v->GetStringLength());
  return true;
}

bool read(const Value& object, const char* name, std::optional<std::int64_t>& out) {
  const Value* v = find(object, name);
  if (!v) return true;
  if (!v->IsInt64()) return false;
  out = v->GetInt64();
  return true;
}

bool read(const Value& object, const char* name, std::optional<std::int32_t>& out) {
  const Value* v = find(object, name);
  if (!v) return true;
  if (!v->IsInt()) return false;
  out = v->GetInt();
  return true;
}

std::string_view string_member(const Value& object, const char* name) {
  auto it = object.FindMember(name);
  if (it == object.MemberEnd() || !it->value.IsString()) return {};
  return {it->value.GetString(), it->value.GetStringLength()};
}

redrive::ServiceError decode_error(const redrive::HttpResponse& r) {
  rapidjson::Document body;
  if (!parse(r.body, body) || !body.IsObject()) return service_error(r, {}, {});
  return service_error(r, string_member(body, "__type"), string_member(body, "message"));
}

Decoded<Start> decode_start(const redrive::HttpResponse& r) {
  if (!is_success(r)) return std::unexpected(decode_error(r));
  Start out;
  if (r.body.empty()) return out;
  rapidjson::Document body;
  if (!parse(r.body, body)) return std::unexpected(malformed(r));
  if (body.IsNull()) return out;
  if (!body.IsObject() || !read(body, "TaskHandle", out.task_handle)) return std::unexpected(malformed(r));
  return out;
}

Decoded<List> decode_list(const redrive::HttpResponse& r) {
  if (!is_success(r)) return std::unexpected(decode_error(r));
  List out;
  if (r.body.empty()) return out;
  rapidjson::Document body;
  if (!parse(r.body, body)) return std::unexpected(malformed(r));
  if (body.IsNull()) return out;
  if (!body.IsObject()) return std::unexpected(malformed(r));
  const Value* results = find(body, "Results");
  if (!results) return out;
  if (!results->IsArray()) return std::unexpected(malformed(r));
  auto& entries = out.results.emplace();
  entries.reserve(results->Size());
  for (const Value& item : results->GetArray()) {
    Entry e;
    auto member = [&item](const char* name, auto& m) { return read(item, name, m); };
    if (!item.IsObject() || !read_entry(e, member)) return std::unexpected(malformed(r));
    entries.push_back(std::move(e));
  }
  return out;
}

[[maybe_unused]] const bool registered = bench::register_decoders("rapidjson", decode_start, decode_list);

}  // namespace
