// The parsers of credential_process and SSO, and the fleet journal's reader, on arbitrary input.
// The first byte picks one, the rest is its input. Checked:
//  - split_command_line: the words, each quoted again in single quotes and joined, split into the
//    same words; an input without quotes or backslashes splits at blanks;
//  - parse_process_output, parse_sso_token, parse_sso_role_credentials, parse_sso_create_token,
//    and the cache text rewritten after a refresh (which must read back as the new token): what they accept an
//    independent JSON parser (nlohmann-json) accepts too, with the same values (the last of
//    duplicate members); and what nlohmann reads as a valid document they accept (unless it
//    nests deeper than simdjson's limit);
//  - read_fleet_journal: deterministic, errors name a line of the text, and the tasks it read,
//    written back with journal_line, read back as the same tasks.
#include <cstddef>
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <redrive/credentials/process.hpp>
#include <redrive/credentials/sso.hpp>
#include <redrive/fleet_journal.hpp>

#include "fuzz_check.hpp"

using namespace redrive;
using nlohmann::json;

namespace {

std::size_t depth_of(const json& j) {
  std::size_t d = 0;
  if (j.is_structured())
    for (const auto& v : j) d = std::max(d, depth_of(v));
  return d + (j.is_structured() ? 1 : 0);
}

// The nlohmann parse, if it accepts the text as an object nesting less than simdjson's limit. It
// stops reading at a NUL byte, so a text holding one is no document here (simdjson refuses it).
std::optional<json> oracle(std::string_view text, bool& deep) {
  deep = false;
  if (text.find('\0') != std::string_view::npos) return std::nullopt;
  json j = json::parse(text.begin(), text.end(), nullptr, false);
  deep = !j.is_discarded() && depth_of(j) >= 1000;
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

// A member that is a non-empty string, as the parsers require.
std::optional<std::string> text_of(const json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_string() || it->get<std::string>().empty()) return std::nullopt;
  return it->get<std::string>();
}

void check_split(std::string_view text) {
  auto words = split_command_line(text);
  if (!words) return;
  FUZZ_CHECK(!words->empty());
  std::string again;
  for (const auto& w : *words) {
    again += " '";
    for (char c : w) {
      if (c == '\'') again += "'\\''";
      else again += c;
    }
    again += "'";
  }
  auto words2 = split_command_line(again);
  FUZZ_CHECK(words2 && *words2 == *words);
  if (text.find_first_of("'\"\\") == std::string_view::npos) {
    std::vector<std::string> plain;
    std::string cur;
    bool in = false;
    for (char c : text) {
      if (c == ' ' || c == '\t' || c == '\n') {
        if (in) plain.push_back(cur);
        cur.clear();
        in = false;
      } else {
        cur += c;
        in = true;
      }
    }
    if (in) plain.push_back(cur);
    FUZZ_CHECK(plain == *words);
  }
}

void check_process(std::string_view text) {
  auto c = parse_process_output(text);
  bool deep = false;
  auto j = oracle(text, deep);
  if (c) {
    FUZZ_CHECK(j.has_value());
    const json& o = *j;
    FUZZ_CHECK(o.contains("Version") && o["Version"].is_number() && o["Version"].get<double>() == 1.0);
    FUZZ_CHECK(text_of(o, "AccessKeyId") == c->access_key_id);
    FUZZ_CHECK(text_of(o, "SecretAccessKey") == std::string(c->secret_access_key.reveal()));
    auto token = text_of(o, "SessionToken");
    FUZZ_CHECK(token.value_or("") == c->session_token.reveal());
    auto expiration = text_of(o, "Expiration");
    FUZZ_CHECK(expiration ? parse_iso8601(*expiration) == c->expiration : !c->expiration);
    return;
  }
  if (!j || deep) return;
  // nlohmann read a document: refused only for what the rules refuse.
  const json& o = *j;
  auto nullable_string = [&](const char* key) {
    auto it = o.find(key);
    return it == o.end() || it->is_null() || it->is_string();
  };
  const bool valid = o.contains("Version") && o["Version"].is_number() && o["Version"].get<double>() == 1.0 &&
                     text_of(o, "AccessKeyId") && text_of(o, "SecretAccessKey") && nullable_string("SessionToken") && nullable_string("Expiration") &&
                     (!text_of(o, "Expiration") || parse_iso8601(*text_of(o, "Expiration")));
  FUZZ_CHECK(!valid);
}

void check_sso_token(std::string_view text) {
  auto t = parse_sso_token(text);
  bool deep = false;
  auto j = oracle(text, deep);
  if (t) {
    FUZZ_CHECK(j.has_value());
    FUZZ_CHECK(text_of(*j, "accessToken") == std::string(t->access_token.reveal()));
    auto expires = text_of(*j, "expiresAt");
    FUZZ_CHECK(expires && parse_iso8601(*expires) == t->expires_at);
    FUZZ_CHECK(t->client_id == text_of(*j, "clientId").value_or(""));
    FUZZ_CHECK(t->client_secret.reveal() == text_of(*j, "clientSecret").value_or(""));
    FUZZ_CHECK(t->refresh_token.reveal() == text_of(*j, "refreshToken").value_or(""));
    return;
  }
  if (!j || deep) return;
  auto expires = text_of(*j, "expiresAt");
  FUZZ_CHECK(!(text_of(*j, "accessToken") && expires && parse_iso8601(*expires)));
}

void check_role_credentials(std::string_view text) {
  auto c = parse_sso_role_credentials(text);
  bool deep = false;
  auto j = oracle(text, deep);
  if (c) {
    FUZZ_CHECK(j.has_value() && j->contains("roleCredentials") && (*j)["roleCredentials"].is_object());
    const json& r = (*j)["roleCredentials"];
    FUZZ_CHECK(text_of(r, "accessKeyId") == c->access_key_id);
    FUZZ_CHECK(text_of(r, "secretAccessKey") == std::string(c->secret_access_key.reveal()));
    FUZZ_CHECK(text_of(r, "sessionToken") == std::string(c->session_token.reveal()));
    FUZZ_CHECK(r.contains("expiration") && r["expiration"].is_number() && c->expiration);
    const json& e = r["expiration"];
    const std::int64_t ms = e.is_number_integer() ? e.get<std::int64_t>() : static_cast<std::int64_t>(e.get<double>());
    FUZZ_CHECK(ms / 1000 == c->expiration->time_since_epoch().count());
    return;
  }
  if (!j || deep) return;
  const json& o = *j;
  if (!o.contains("roleCredentials") || !o["roleCredentials"].is_object()) return;
  const json& r = o["roleCredentials"];
  const bool valid = text_of(r, "accessKeyId") && text_of(r, "secretAccessKey") && text_of(r, "sessionToken") &&
                     r.contains("expiration") && r["expiration"].is_number_integer() &&
                     r["expiration"].get<double>() > 0 && r["expiration"].get<double>() < 9e18;
  FUZZ_CHECK(!valid);
}

void check_create_token(std::string_view text) {
  auto t = parse_sso_create_token(text);
  bool deep = false;
  auto j = oracle(text, deep);
  if (t) {
    FUZZ_CHECK(j.has_value());
    FUZZ_CHECK(text_of(*j, "accessToken") == std::string(t->access_token.reveal()));
    FUZZ_CHECK((*j)["expiresIn"].is_number_integer() && (*j)["expiresIn"].get<std::int64_t>() == t->expires_in.count());
    FUZZ_CHECK(text_of(*j, "refreshToken").value_or("") == t->refresh_token.reveal());
  }
  // A cache file refreshed from this text (taken as the old file) reads back as the new token
  // and keeps every other member.
  auto fresh = detail::sso::refreshed_cache_text(text, "new-token", "2026-12-01T13:00:00.000Z", "new-refresh");
  if (!fresh) return;
  FUZZ_CHECK(j.has_value());
  auto token = parse_sso_token(*fresh);
  FUZZ_CHECK(token && token->access_token.reveal() == "new-token" && token->refresh_token.reveal() == "new-refresh");
  json again = json::parse(*fresh, nullptr, false);
  FUZZ_CHECK(again.is_object());
  for (auto& [key, value] : j->items())
    if (key != "accessToken" && key != "expiresAt" && key != "refreshToken") FUZZ_CHECK(again.contains(key) && again[key] == value);
}

// The fleet journal: never crashes, the same answer twice; an error names a line of the text;
// the tasks it read, written back with journal_line (a start, and an end for an ended task), read
// back as the same tasks.
bool same_tasks(const std::vector<KnownTask>& a, const std::vector<KnownTask>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!(a[i].source == b[i].source && a[i].handle == b[i].handle && a[i].started == b[i].started &&
          a[i].ended == b[i].ended && a[i].moved == b[i].moved && a[i].reason == b[i].reason))
      return false;
  return true;
}

void check_journal(std::string_view text) {
  auto journal = read_fleet_journal(text);
  auto again = read_fleet_journal(text);
  FUZZ_CHECK(journal.has_value() == again.has_value());
  const std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) +
                            (!text.empty() && !text.ends_with('\n') ? 1 : 0);
  if (!journal) {
    FUZZ_CHECK(journal.error() == again.error());
    FUZZ_CHECK(journal.error().line >= 1 && journal.error().line <= lines);
    FUZZ_CHECK(journal.error().message.starts_with("Line " + std::to_string(journal.error().line) + " of the journal: "));
    return;
  }
  FUZZ_CHECK(same_tasks(journal->tasks, again->tasks) && journal->events == again->events &&
             journal->torn_tail == again->torn_tail);
  FUZZ_CHECK(journal->tasks.size() <= journal->events && journal->events <= lines);
  if (journal->torn_tail) FUZZ_CHECK(!text.ends_with('\n'));

  std::string written;
  std::size_t events = 0;
  for (const KnownTask& t : journal->tasks) {
    written += journal_line(FleetEvent{FleetEvent::Kind::Start, t.source, std::nullopt, t.handle, t.started,
                                       TaskStatus::Unknown, 0, {}});
    ++events;
    if (t.ended) {
      written += journal_line(FleetEvent{FleetEvent::Kind::End, t.source, std::nullopt, t.handle, t.started, *t.ended,
                                         t.moved, t.reason});
      ++events;
    }
  }
  auto back = read_fleet_journal(written);
  FUZZ_CHECK(back && !back->torn_tail && back->events == events);
  FUZZ_CHECK(same_tasks(back->tasks, journal->tasks));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 6) {
    case 0: check_split(text); break;
    case 1: check_process(text); break;
    case 2: check_sso_token(text); break;
    case 3: check_role_credentials(text); break;
    case 4: check_create_token(text); break;
    default: check_journal(text); break;
  }
  return 0;
}
