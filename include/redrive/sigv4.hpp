// AWS Signature Version 4 (header signing, AWS4-HMAC-SHA256) for an HttpRequest, over OpenSSL's
// libcrypto. Optional: not in the umbrella header; link libcrypto to use it.
//
// What gets signed matches @smithy/signature-v4 (what the AWS SDK for JavaScript v3 uses) given
// the same headers: every header of the request except authorization, cache-control,
// connection, expect, from, keep-alive, max-forwards, pragma, referer, te, trailer,
// transfer-encoding, upgrade, user-agent, x-amzn-trace-id, proxy-* and sec-*. Before signing,
// authorization, x-amz-date and date are removed; x-amz-date (and x-amz-security-token for
// session credentials) are set; a host header is added from `request.host` if missing (the SDK's
// request always carries one). Like SignatureV4's default (applyChecksum), x-amz-content-sha256
// (hex SHA-256 of the body) is added and signed unless the request has one already, in which case
// its value is the payload hash; SigningOptions::add_content_sha256 = false leaves it out, which is
// what the AWS SigV4 test suite vectors assume.
//
// The time is a parameter; nothing here reads a clock. Secrets are never printed, and the
// buffers this file owns that held key material or the session token are wiped before they are
// freed.
#pragma once

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "redrive/detail/ascii.hpp"
#include "redrive/detail/lifetime.hpp"
#include "redrive/http.hpp"
#include "redrive/secret.hpp"

namespace redrive {

enum class SignErrc : std::uint8_t {
  TimeOutOfRange,  // the signing time is outside the years 0000-9999
  CryptoFailure,   // libcrypto failed (no SHA-256 available, or out of memory)
};

[[nodiscard]] constexpr std::string_view message(SignErrc e) noexcept {
  switch (e) {
    case SignErrc::TimeOutOfRange: return "The signing time must be within the years 0000 to 9999.";
    case SignErrc::CryptoFailure: return "OpenSSL's libcrypto could not compute SHA-256.";
  }
  return "Unknown signing error.";
}

struct SigningOptions {
  // Add and sign x-amz-content-sha256 when the request has none (as @smithy/signature-v4 does
  // by default, and as the JS SQS client's requests carry it).
  bool add_content_sha256 = true;
};

using SigningKey = std::array<unsigned char, 32>;

namespace detail::sigv4 {

inline constexpr std::string_view algorithm = "AWS4-HMAC-SHA256";

// "YYYYMMDDTHHMMSSZ"; false outside the years 0..9999.
constexpr bool format_amz_date(std::chrono::sys_seconds t, char (&out)[16]) noexcept {
  using namespace std::chrono;
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const int y = static_cast<int>(ymd.year());
  if (y < 0 || y > 9999) return false;
  const auto secs = (t - day).count();  // 0..86399
  const int fields[] = {y / 100, y % 100, static_cast<int>(static_cast<unsigned>(ymd.month())),
                        static_cast<int>(static_cast<unsigned>(ymd.day())), static_cast<int>(secs / 3600),
                        static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60)};
  char* p = out;
  for (int i = 0; i < 7; ++i) {
    if (i == 4) *p++ = 'T';
    *p++ = static_cast<char>('0' + fields[i] / 10);
    *p++ = static_cast<char>('0' + fields[i] % 10);
  }
  *p = 'Z';
  return true;
}

constexpr bool is_unreserved(unsigned char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == '~';
}

// RFC 3986 percent-encoding of every byte but the unreserved ones (upper-case hex), as
// @smithy's escapeUri (encodeURIComponent plus !'()*) does on UTF-8 text.
inline void append_uri_encoded(std::string& out, std::string_view s) {
  std::size_t run = 0;  // start of the pending run of unreserved bytes
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (is_unreserved(c)) continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    const char esc[3] = {'%', hex_upper[c >> 4], hex_upper[c & 0xF]};
    out.append(esc, 3);
  }
  out.append(s.data() + run, s.size() - run);
}

// Decodes %XX sequences; a '%' not followed by two hex digits stays as it is.
inline std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// The canonical URI: segments "" and "." dropped, ".." removes the previous one, then each
// segment URI-encoded (so an already-encoded path is encoded twice, as SigV4 wants for every
// service but S3). An empty path is "/", the path an HTTP client sends for it.
inline void append_canonical_path(std::string& out, std::string_view path, std::vector<std::size_t>& marks) {
  if (path.empty()) {
    out += '/';
    return;
  }
  if (path.front() == '/') out += '/';
  const std::size_t base = out.size();
  marks.clear();
  std::string_view rest = path;
  while (true) {
    std::size_t slash = rest.find('/');
    std::string_view seg = rest.substr(0, slash);
    if (seg == "..") {
      if (!marks.empty()) {
        out.resize(marks.back());
        marks.pop_back();
      }
    } else if (!seg.empty() && seg != ".") {
      marks.push_back(out.size());
      if (out.size() != base) out += '/';
      append_uri_encoded(out, seg);
    }
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  if (!marks.empty() && path.back() == '/') out += '/';
}

// The canonical query string: pairs decoded, re-encoded, sorted by key then value;
// X-Amz-Signature is left out (it only appears in presigned URLs).
inline void append_canonical_query(std::string& out, std::string_view query) {
  if (query.empty()) return;
  std::vector<std::pair<std::string, std::string>> pairs;
  while (true) {
    std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    if (!pair.empty()) {
      std::size_t eq = pair.find('=');
      std::string key = percent_decode(pair.substr(0, eq));
      std::string value = eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1));
      bool is_signature = key.size() == 15;
      for (std::size_t i = 0; is_signature && i < 15; ++i) is_signature = to_lower(key[i]) == "x-amz-signature"[i];
      if (!is_signature) {
        std::string k, v;
        append_uri_encoded(k, key);
        append_uri_encoded(v, value);
        pairs.emplace_back(std::move(k), std::move(v));
      }
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  std::sort(pairs.begin(), pairs.end());
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    if (i) out += '&';
    out += pairs[i].first;
    out += '=';
    out += pairs[i].second;
  }
}

// Headers the SDKs never sign (hop-by-hop, or changed by proxies and browsers): authorization,
// cache-control, connection, expect, from, keep-alive, max-forwards, pragma, referer, te,
// trailer, transfer-encoding, upgrade, user-agent, x-amzn-trace-id, proxy-*, sec-*.
constexpr bool is_unsignable(std::string_view n) noexcept {
  switch (n.empty() ? '\0' : n.front()) {
    case 'a': return n == "authorization";
    case 'c': return n == "cache-control" || n == "connection";
    case 'e': return n == "expect";
    case 'f': return n == "from";
    case 'k': return n == "keep-alive";
    case 'm': return n == "max-forwards";
    case 'p': return n == "pragma" || n.starts_with("proxy-");
    case 'r': return n == "referer";
    case 's': return n.starts_with("sec-");
    case 't': return n == "te" || n == "trailer" || n == "transfer-encoding";
    case 'u': return n == "upgrade" || n == "user-agent";
    case 'x': return n == "x-amzn-trace-id";
    default: return false;
  }
}

// A header value in canonical form: CR and LF count as spaces, runs of spaces and tabs become
// one space, and the value is trimmed.
inline void append_canonical_value(std::string& out, std::string_view v) {
  auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  std::size_t i = 0;
  bool first = true;
  while (true) {
    while (i < v.size() && ws(v[i])) ++i;
    if (i == v.size()) return;
    std::size_t end = i;
    while (end < v.size() && !ws(v[end])) ++end;
    if (!first) out += ' ';
    out.append(v.data() + i, end - i);
    first = false;
    i = end;
  }
}

inline void append_hex(std::string& out, const unsigned char* p, std::size_t n) {
  char buf[64];
  for (std::size_t done = 0; done < n;) {
    std::size_t k = 0;
    for (; k < sizeof buf / 2 && done < n; ++k, ++done) {
      buf[2 * k] = hex_lower[p[done] >> 4];
      buf[2 * k + 1] = hex_lower[p[done] & 0xF];
    }
    out.append(buf, 2 * k);
  }
}

struct MdDeleter {
  void operator()(EVP_MD* p) const noexcept { EVP_MD_free(p); }
};
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* p) const noexcept { EVP_MD_CTX_free(p); }  // providers clear their state
};
using MdPtr = std::unique_ptr<EVP_MD, MdDeleter>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

// SHA-256 and HMAC-SHA256 on a reused context and a digest fetched once.
class Sha256 {
 public:
  Sha256() : md_(EVP_MD_fetch(nullptr, "SHA256", nullptr)), ctx_(EVP_MD_CTX_new()) {}
  bool ok() const noexcept { return md_ && ctx_; }

  bool digest(std::string_view data, unsigned char (&out)[32]) noexcept {
    unsigned int len = 0;
    return EVP_DigestInit_ex2(ctx_.get(), md_.get(), nullptr) == 1 &&
           EVP_DigestUpdate(ctx_.get(), data.data(), data.size()) == 1 &&
           EVP_DigestFinal_ex(ctx_.get(), out, &len) == 1;
  }

  // A context that has absorbed `key` XOR `pad` (one block): the start of an HMAC pass.
  MdCtxPtr keyed(const unsigned char* key, std::size_t key_len, unsigned char pad) noexcept {
    unsigned char block[64] = {};
    unsigned char hashed[32];
    if (key_len > sizeof block) {  // HMAC: keys longer than a block are hashed first
      if (!digest({reinterpret_cast<const char*>(key), key_len}, hashed)) return nullptr;
      key = hashed;
      key_len = sizeof hashed;
    }
    std::memcpy(block, key, key_len);
    for (auto& b : block) b ^= pad;
    MdCtxPtr c(EVP_MD_CTX_new());
    bool good = c && EVP_DigestInit_ex2(c.get(), md_.get(), nullptr) == 1 &&
                EVP_DigestUpdate(c.get(), block, sizeof block) == 1;
    OPENSSL_cleanse(block, sizeof block);
    OPENSSL_cleanse(hashed, sizeof hashed);
    return good ? std::move(c) : nullptr;
  }

  // HMAC from precomputed inner/outer states.
  bool hmac(EVP_MD_CTX* inner, EVP_MD_CTX* outer, std::string_view data, unsigned char (&out)[32]) noexcept {
    unsigned char mid[32];
    unsigned int len = 0;
    bool good = EVP_MD_CTX_copy_ex(ctx_.get(), inner) == 1 &&
                EVP_DigestUpdate(ctx_.get(), data.data(), data.size()) == 1 &&
                EVP_DigestFinal_ex(ctx_.get(), mid, &len) == 1 && EVP_MD_CTX_copy_ex(ctx_.get(), outer) == 1 &&
                EVP_DigestUpdate(ctx_.get(), mid, sizeof mid) == 1 && EVP_DigestFinal_ex(ctx_.get(), out, &len) == 1;
    OPENSSL_cleanse(mid, sizeof mid);
    return good;
  }

  bool hmac(const unsigned char* key, std::size_t key_len, std::string_view data, unsigned char (&out)[32]) noexcept {
    auto inner = keyed(key, key_len, 0x36), outer = keyed(key, key_len, 0x5c);
    return inner && outer && hmac(inner.get(), outer.get(), data, out);
  }

 private:
  MdPtr md_;
  MdCtxPtr ctx_;
};

// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
inline bool derive_signing_key(Sha256& sha, std::string_view secret, std::string_view date8, std::string_view region,
                               std::string_view service, unsigned char (&out)[32]) {
  std::string k_secret;
  k_secret.reserve(4 + secret.size());
  k_secret += "AWS4";
  k_secret += secret;
  unsigned char a[32], b[32];
  bool good = sha.hmac(reinterpret_cast<const unsigned char*>(k_secret.data()), k_secret.size(), date8, a) &&
              sha.hmac(a, sizeof a, region, b) && sha.hmac(b, sizeof b, service, a) &&
              sha.hmac(a, sizeof a, "aws4_request", out);
  OPENSSL_cleanse(k_secret.data(), k_secret.size());
  OPENSSL_cleanse(a, sizeof a);
  OPENSSL_cleanse(b, sizeof b);
  return good;
}

}  // namespace detail::sigv4

// The SigV4 signing key for a day, region and service (kSigning in the AWS docs).
[[nodiscard]] inline std::expected<SigningKey, SignErrc> signing_key(std::string_view secret_access_key,
                                                                     std::chrono::sys_days day, std::string_view region,
                                                                     std::string_view service) {
  char date[16];
  if (!detail::sigv4::format_amz_date(std::chrono::sys_seconds(day), date))
    return std::unexpected(SignErrc::TimeOutOfRange);
  detail::sigv4::Sha256 sha;
  unsigned char key[32];
  if (!sha.ok() || !detail::sigv4::derive_signing_key(sha, secret_access_key, {date, 8}, region, service, key))
    return std::unexpected(SignErrc::CryptoFailure);
  SigningKey out;
  std::memcpy(out.data(), key, sizeof key);
  OPENSSL_cleanse(key, sizeof key);
  return out;
}

// Signs requests with one set of credentials. It keeps the signing keys of the last few
// (date, region, service) scopes, so a day of requests to one region costs one key derivation,
// and reuses its buffers, so signing allocates only the headers it adds. Not thread-safe: use
// one Signer per thread. Move-only.
class Signer {
 public:
  explicit Signer(const Credentials& credentials, SigningOptions options = {})
      : access_key_id_(credentials.access_key_id),
        secret_(credentials.secret_access_key),
        token_(credentials.session_token),
        options_(options) {
    canonical_.text.reserve(1024);
    string_to_sign_.reserve(160);
  }
  Signer(Signer&&) noexcept = default;
  Signer& operator=(Signer&&) noexcept = default;
  Signer(const Signer&) = delete;
  Signer& operator=(const Signer&) = delete;

  // New credentials (e.g. refreshed session credentials); forgets the cached keys.
  void set_credentials(const Credentials& credentials) {
    access_key_id_ = credentials.access_key_id;
    secret_ = credentials.secret_access_key;
    token_ = credentials.session_token;
    for (auto& e : cache_) e = CacheEntry{};
  }

  // Signs `request` in place for `region` and `service` ("sqs") at `time`: removes any old
  // authorization/x-amz-date/date headers and adds x-amz-date, x-amz-security-token (session
  // credentials), host (if missing), x-amz-content-sha256 (see SigningOptions) and
  // authorization. Header names are lower-cased. On error no header is added or removed.
  [[nodiscard]] std::expected<void, SignErrc> sign(HttpRequest& request, std::string_view region,
                                                   std::string_view service, std::chrono::sys_seconds time) {
    namespace s4 = detail::sigv4;
    char amz_date[16];
    if (!s4::format_amz_date(time, amz_date)) return std::unexpected(SignErrc::TimeOutOfRange);
    const std::string_view date_time(amz_date, 16), date(amz_date, 8);
    if (!sha_.ok()) return std::unexpected(SignErrc::CryptoFailure);
    const CacheEntry* key = key_for(date, region, service);
    if (!key) return std::unexpected(SignErrc::CryptoFailure);

    auto& headers = request.headers;
    for (auto& h : headers)
      for (char& c : h.name) c = detail::to_lower(c);
    auto replaced = [&](std::string_view name) {
      return name == "authorization" || name == "x-amz-date" || name == "date" ||
             (!token_.empty() && name == "x-amz-security-token");
    };

    // The headers as they will be once signed, as views: existing ones, then the added ones.
    entries_.clear();
    bool has_host = false, given_hash = false;
    std::string_view payload_hash;
    for (const auto& h : headers) {
      if (replaced(h.name)) continue;
      entries_.push_back({h.name, h.value});
      has_host = has_host || h.name == "host";
      if (!given_hash && h.name == "x-amz-content-sha256") {  // its value is the payload hash
        payload_hash = h.value;
        given_hash = true;
      }
    }
    char payload_hex[64];
    if (!given_hash) {
      unsigned char digest[32];
      if (!sha_.digest(request.body, digest)) return std::unexpected(SignErrc::CryptoFailure);
      for (int i = 0; i < 32; ++i) {
        payload_hex[2 * i] = detail::hex_lower[digest[i] >> 4];
        payload_hex[2 * i + 1] = detail::hex_lower[digest[i] & 0xF];
      }
      payload_hash = {payload_hex, 64};
    }
    if (!has_host) entries_.push_back({"host", request.host});
    entries_.push_back({"x-amz-date", date_time});
    if (!token_.empty()) entries_.push_back({"x-amz-security-token", token_.reveal()});
    const bool add_hash = !given_hash && options_.add_content_sha256;
    if (add_hash) entries_.push_back({"x-amz-content-sha256", payload_hash});

    // Canonical request, in a buffer large enough from the start: growing it would free a copy of
    // the session token without wiping it. Each byte of the path and query becomes at most 3.
    std::size_t size_bound = request.method.size() + 3 * request.path.size() + payload_hash.size() + 16;
    for (const auto& e : entries_) size_bound += 2 * e.name.size() + e.value.size() + 3;
    std::string& cr = canonical_.text;
    OPENSSL_cleanse(cr.data(), cr.size());  // bytes past size() were wiped by earlier calls
    cr.clear();
    cr.reserve(size_bound);
    cr += request.method;
    cr += '\n';
    std::string_view path = request.path, query;
    if (auto q = path.find('?'); q != std::string_view::npos) {
      query = path.substr(q + 1);
      path = path.substr(0, q);
    }
    s4::append_canonical_path(cr, path, marks_);
    cr += '\n';
    s4::append_canonical_query(cr, query);
    cr += '\n';

    std::erase_if(entries_, [](const Entry& e) { return s4::is_unsignable(e.name); });
    // By name; repeated names keep their order (std::sort on (name, position) needs no buffer).
    for (std::size_t i = 0; i < entries_.size(); ++i) entries_[i].position = static_cast<std::uint32_t>(i);
    std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
      return a.name != b.name ? a.name < b.name : a.position < b.position;
    });
    signed_headers_.clear();
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      const auto& [name, value, position] = entries_[i];
      if (i > 0 && entries_[i - 1].name == name) {  // a repeated header: values joined by ','
        cr += ',';
      } else {
        if (i > 0) {
          cr += '\n';
          signed_headers_ += ';';
        }
        cr += name;
        cr += ':';
        signed_headers_ += name;
      }
      s4::append_canonical_value(cr, value);
    }
    cr += "\n\n";
    cr += signed_headers_;
    cr += '\n';
    cr += payload_hash;

    // String to sign.
    unsigned char digest[32];
    if (!sha_.digest(cr, digest)) return std::unexpected(SignErrc::CryptoFailure);
    std::string& sts = string_to_sign_;
    sts.clear();
    sts += s4::algorithm;
    sts += '\n';
    sts += date_time;
    sts += '\n';
    const std::size_t scope_at = sts.size();
    sts += date;
    sts += '/';
    sts += region;
    sts += '/';
    sts += service;
    sts += "/aws4_request";
    const std::size_t scope_len = sts.size() - scope_at;
    sts += '\n';
    s4::append_hex(sts, digest, sizeof digest);

    unsigned char signature[32];
    if (!sha_.hmac(key->inner.get(), key->outer.get(), sts, signature))
      return std::unexpected(SignErrc::CryptoFailure);

    std::string auth;
    auth.reserve(s4::algorithm.size() + access_key_id_.size() + scope_len + signed_headers_.size() + 100);
    auth += s4::algorithm;
    auth += " Credential=";
    auth += access_key_id_;
    auth += '/';
    auth.append(sts, scope_at, scope_len);
    auth += ", SignedHeaders=";
    auth += signed_headers_;
    auth += ", Signature=";
    s4::append_hex(auth, signature, sizeof signature);

    // Only now change the request (entries_ views die here).
    std::string hash_value = add_hash ? std::string(payload_hash) : std::string();
    entries_.clear();
    std::erase_if(headers, [&](const Header& h) { return replaced(h.name); });
    headers.reserve(headers.size() + 5);
    if (!has_host) headers.push_back({"host", request.host});
    headers.push_back({"x-amz-date", std::string(date_time)});
    if (!token_.empty()) headers.push_back({"x-amz-security-token", std::string(token_.reveal())});
    if (add_hash) headers.push_back({"x-amz-content-sha256", std::move(hash_value)});
    headers.push_back({"authorization", std::move(auth)});
    return {};
  }

  // The canonical request and string to sign of the last successful sign() (for tests and
  // debugging; the canonical request contains x-amz-security-token, if any).
  [[nodiscard]] std::string_view canonical_request() const noexcept REDRIVE_LIFETIME_BOUND { return canonical_.text; }
  [[nodiscard]] std::string_view string_to_sign() const noexcept REDRIVE_LIFETIME_BOUND { return string_to_sign_; }

 private:
  struct CacheEntry {
    char date[8] = {};
    std::string region, service;
    detail::sigv4::MdCtxPtr inner, outer;  // HMAC states keyed with kSigning
  };
  static constexpr std::size_t cache_size = 4;

  const CacheEntry* key_for(std::string_view date, std::string_view region, std::string_view service) {
    for (const auto& e : cache_)
      if (e.inner && std::string_view(e.date, 8) == date && e.region == region && e.service == service) return &e;
    CacheEntry& e = cache_[next_];
    unsigned char k[32];
    if (!detail::sigv4::derive_signing_key(sha_, secret_.reveal(), date, region, service, k)) return nullptr;
    e.inner = sha_.keyed(k, sizeof k, 0x36);
    e.outer = sha_.keyed(k, sizeof k, 0x5c);
    OPENSSL_cleanse(k, sizeof k);
    if (!e.inner || !e.outer) {
      e = CacheEntry{};
      return nullptr;
    }
    std::memcpy(e.date, date.data(), 8);
    e.region.assign(region);
    e.service.assign(service);
    next_ = (next_ + 1) % cache_size;
    return &e;
  }

  std::string access_key_id_;
  SecretString secret_, token_;
  SigningOptions options_;
  detail::sigv4::Sha256 sha_;
  std::array<CacheEntry, cache_size> cache_{};
  std::size_t next_ = 0;
  detail::WipedString canonical_;  // holds x-amz-security-token
  std::string string_to_sign_, signed_headers_;
  struct Entry {
    std::string_view name, value;
    std::uint32_t position = 0;
  };
  std::vector<Entry> entries_;
  std::vector<std::size_t> marks_;
};

// One-off signing (derives the key every time; keep a Signer to sign many requests).
[[nodiscard]] inline std::expected<void, SignErrc> sign(HttpRequest& request, const Credentials& credentials,
                                                        std::string_view region, std::string_view service,
                                                        std::chrono::sys_seconds time, SigningOptions options = {}) {
  return Signer(credentials, options).sign(request, region, service, time);
}

}  // namespace redrive
