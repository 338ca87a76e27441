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
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <expected>
#include <memory>
#include <span>
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

// Writes `s` at `out` (the caller has made room) and returns the end.
inline char* put(char* out, std::string_view s) noexcept {
  if (!s.empty()) std::memcpy(out, s.data(), s.size());
  return out + s.size();
}

// A header value in canonical form: CR and LF count as spaces, runs of spaces and tabs become
// one space, and the value is trimmed. Writes at most v.size() bytes.
inline char* put_canonical_value(char* out, std::string_view v) noexcept {
  // A value without a byte <= ' ' (no space, no control byte) is its own canonical form. Eight
  // bytes at a time: (x - 0x21..) & ~x & 0x80.. is nonzero iff some byte of x is below 0x21.
  std::uint64_t low = 0;
  std::size_t i = 0;
  auto below_0x21 = [&](std::size_t at) {
    std::uint64_t x;
    std::memcpy(&x, v.data() + at, 8);
    return (x - 0x2121212121212121u) & ~x & 0x8080808080808080u;
  };
  if (v.size() >= 8) {
    for (; i + 8 <= v.size(); i += 8) low |= below_0x21(i);
    low |= below_0x21(v.size() - 8);  // the last bytes, overlapping
  } else {
    for (char c : v) low |= static_cast<unsigned char>(c) <= ' ';
  }
  if (low == 0) return put(out, v);
  auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  i = 0;
  bool first = true;
  while (true) {
    while (i < v.size() && ws(v[i])) ++i;
    if (i == v.size()) return out;
    std::size_t end = i;
    while (end < v.size() && !ws(v[end])) ++end;
    if (!first) *out++ = ' ';
    out = put(out, v.substr(i, end - i));
    first = false;
    i = end;
  }
}

#if !defined(OPENSSL_NO_DEPRECATED_3_0)
// SHA-256 through OpenSSL's low-level functions: deprecated since OpenSSL 3, but its cheapest
// interface (no provider dispatch, no allocation; SHA extensions are used where the CPU has them),
// and the state is a plain struct, so the HMAC states of a cached key are copied by value.
// Where the deprecated API is compiled out (OPENSSL_NO_DEPRECATED), EVP below does the same.
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#endif
class Sha256 {
 public:
  Sha256() noexcept { SHA256_Init(&ctx_); }
  bool ok() const noexcept { return true; }
  void wipe() noexcept { OPENSSL_cleanse(&ctx_, sizeof ctx_); }  // after it absorbed key material
  bool update(const void* data, std::size_t size) noexcept { return SHA256_Update(&ctx_, data, size) == 1; }
  bool final(unsigned char (&out)[32]) noexcept { return SHA256_Final(out, &ctx_) == 1; }

 private:
  SHA256_CTX ctx_;
};
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
#else
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* p) const noexcept { EVP_MD_CTX_free(p); }  // providers clear their state
};
class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new()) {
    if (ctx_ && EVP_DigestInit_ex2(ctx_.get(), EVP_sha256(), nullptr) != 1) ctx_.reset();
  }
  Sha256(const Sha256& other) : ctx_(other.ctx_ ? EVP_MD_CTX_new() : nullptr) {
    if (ctx_ && EVP_MD_CTX_copy_ex(ctx_.get(), other.ctx_.get()) != 1) ctx_.reset();
  }
  Sha256& operator=(const Sha256& other) {
    Sha256 copy(other);
    ctx_.swap(copy.ctx_);
    return *this;
  }
  Sha256(Sha256&&) noexcept = default;
  Sha256& operator=(Sha256&&) noexcept = default;
  ~Sha256() = default;
  bool ok() const noexcept { return ctx_ != nullptr; }
  void wipe() noexcept {}  // EVP_MD_CTX_free has the provider clear its state
  bool update(const void* data, std::size_t size) noexcept {
    return ctx_ && EVP_DigestUpdate(ctx_.get(), data, size) == 1;
  }
  bool final(unsigned char (&out)[32]) noexcept {
    unsigned int len = 0;
    return ctx_ && EVP_DigestFinal_ex(ctx_.get(), out, &len) == 1;
  }

 private:
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx_;
};
#endif

inline bool sha256(std::string_view data, unsigned char (&out)[32]) noexcept {
  Sha256 h;
  return h.update(data.data(), data.size()) && h.final(out);
}

// HMAC-SHA256 with a key absorbed once: the inner and outer states after the padded key's block,
// which each MAC copies.
class HmacSha256 {
 public:
  HmacSha256() = default;
  HmacSha256(const HmacSha256&) = default;
  HmacSha256(HmacSha256&&) noexcept = default;
  HmacSha256& operator=(const HmacSha256&) = default;
  HmacSha256& operator=(HmacSha256&&) noexcept = default;
  ~HmacSha256() {
    inner_.wipe();
    outer_.wipe();
  }
  HmacSha256(const unsigned char* key, std::size_t key_len) {
    unsigned char block[64] = {};
    unsigned char hashed[32];
    bool good = true;
    if (key_len > sizeof block) {  // HMAC: keys longer than a block are hashed first
      good = sha256({reinterpret_cast<const char*>(key), key_len}, hashed);
      key = hashed;
      key_len = sizeof hashed;
    }
    if (key_len) std::memcpy(block, key, key_len);
    for (auto& b : block) b ^= 0x36;
    good = good && inner_.update(block, sizeof block);
    for (auto& b : block) b ^= 0x36 ^ 0x5c;
    ok_ = good && outer_.update(block, sizeof block);
    OPENSSL_cleanse(block, sizeof block);
    OPENSSL_cleanse(hashed, sizeof hashed);
  }
  bool ok() const noexcept { return ok_; }

  // Nothing here needs wiping: finalized copies hold digests, past the key-equivalent states, and
  // `mid` is the inner digest, from which the key cannot be had.
  bool mac(std::string_view data, unsigned char (&out)[32]) const noexcept {
    unsigned char mid[32];
    Sha256 inner = inner_;
    bool good = ok_ && inner.update(data.data(), data.size()) && inner.final(mid);
    Sha256 outer = outer_;
    return good && outer.update(mid, sizeof mid) && outer.final(out);
  }

 private:
  Sha256 inner_, outer_;
  bool ok_ = false;
};

inline bool hmac(const unsigned char* key, std::size_t key_len, std::string_view data, unsigned char (&out)[32]) {
  return HmacSha256(key, key_len).mac(data, out);
}

// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
inline bool derive_signing_key(std::string_view secret, std::string_view date8, std::string_view region,
                               std::string_view service, unsigned char (&out)[32]) {
  std::string k_secret;
  k_secret.reserve(4 + secret.size());
  k_secret += "AWS4";
  k_secret += secret;
  unsigned char a[32], b[32];
  bool good = hmac(reinterpret_cast<const unsigned char*>(k_secret.data()), k_secret.size(), date8, a) &&
              hmac(a, sizeof a, region, b) && hmac(b, sizeof b, service, a) && hmac(a, sizeof a, "aws4_request", out);
  OPENSSL_cleanse(k_secret.data(), k_secret.size());
  OPENSSL_cleanse(a, sizeof a);
  OPENSSL_cleanse(b, sizeof b);
  return good;
}

// Writes the 64 lower-case hex digits of a SHA-256 digest (or signing key).
inline void put_hex(std::span<const unsigned char, 32> digest, char* out) noexcept {
  for (int i = 0; i < 32; ++i) {
    out[2 * i] = hex_lower[digest[i] >> 4];
    out[2 * i + 1] = hex_lower[digest[i] & 0xF];
  }
}

}  // namespace detail::sigv4

// The SigV4 signing key for a day, region and service (kSigning in the AWS docs).
[[nodiscard]] inline std::expected<SigningKey, SignErrc> signing_key(std::string_view secret_access_key,
                                                                     std::chrono::sys_days day, std::string_view region,
                                                                     std::string_view service) {
  char date[16];
  if (!detail::sigv4::format_amz_date(std::chrono::sys_seconds(day), date))
    return std::unexpected(SignErrc::TimeOutOfRange);
  unsigned char key[32];
  if (!detail::sigv4::derive_signing_key(secret_access_key, {date, 8}, region, service, key))
    return std::unexpected(SignErrc::CryptoFailure);
  SigningKey out;
  std::memcpy(out.data(), key, sizeof key);
  OPENSSL_cleanse(key, sizeof key);
  return out;
}

// Signs requests with one set of credentials. It keeps the signing keys (as HMAC states) of the
// last few (date, region, service) scopes, so a day of requests to one region costs one key derivation,
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
    const CacheEntry* key = key_for(date, region, service);
    if (!key) return std::unexpected(SignErrc::CryptoFailure);

    auto& headers = request.headers;
    auto replaced = [&](std::string_view name) {
      return name == "authorization" || name == "x-amz-date" || name == "date" ||
             (!token_.empty() && name == "x-amz-security-token");
    };

    // The signed headers as they will be once signed, as views: existing ones (names lower-cased
    // in place), then the added ones.
    entries_.clear();
    bool has_host = false, given_hash = false;
    std::string_view payload_hash;
    for (auto& h : headers) {
      for (char& c : h.name) c = detail::to_lower(c);
      if (replaced(h.name)) continue;
      has_host = has_host || h.name == "host";
      if (!given_hash && h.name == "x-amz-content-sha256") {  // its value is the payload hash
        payload_hash = h.value;
        given_hash = true;
      }
      if (!s4::is_unsignable(h.name)) entries_.push_back({h.name, h.value});
    }
    char payload_hex[64];
    if (!given_hash) {
      unsigned char digest[32];
      if (!s4::sha256(request.body, digest)) return std::unexpected(SignErrc::CryptoFailure);
      s4::put_hex(digest, payload_hex);
      payload_hash = {payload_hex, 64};
    }
    if (!has_host) entries_.push_back({"host", request.host});
    entries_.push_back({"x-amz-date", date_time});
    if (!token_.empty()) entries_.push_back({"x-amz-security-token", token_.reveal()});
    const bool add_hash = !given_hash && options_.add_content_sha256;
    if (add_hash) entries_.push_back({"x-amz-content-sha256", payload_hash});

    // Canonical request, in a buffer large enough from the start: growing it would free a copy of
    // the session token without wiping it, so the old text is wiped before the buffer grows. Each
    // byte of the path and query becomes at most 3. Bytes past size() are kept wiped.
    std::size_t headers_bound = payload_hash.size() + 3;  // header lines, signed headers, payload hash
    for (const auto& e : entries_) headers_bound += 2 * e.name.size() + e.value.size() + 3;
    const std::size_t size_bound = request.method.size() + 3 * request.path.size() + 16 + headers_bound;
    std::string& cr = canonical_.text;
    std::size_t old_size = cr.size();
    if (size_bound > cr.capacity()) {
      OPENSSL_cleanse(cr.data(), old_size);
      old_size = 0;
    }
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

    // By name; repeated names keep their order (std::sort on (name, position) needs no buffer).
    for (std::size_t i = 0; i < entries_.size(); ++i) entries_[i].position = static_cast<std::uint32_t>(i);
    std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
      const int c = a.name.compare(b.name);
      return c != 0 ? c < 0 : a.position < b.position;
    });
    // The rest is written in place, within headers_bound.
    std::size_t signed_at = 0, signed_end = 0;
    const std::size_t headers_at = cr.size();
    // (libstdc++ 12 passes the new capacity as the second argument, not the size asked for.)
    cr.resize_and_overwrite(headers_at + headers_bound, [&](char* buf, std::size_t) {
      char* p = buf + headers_at;
      for (std::size_t i = 0; i < entries_.size(); ++i) {
        const auto& [name, value, position] = entries_[i];
        if (i > 0 && entries_[i - 1].name == name) {  // a repeated header: values joined by ','
          *p++ = ',';
        } else {
          if (i > 0) *p++ = '\n';
          p = s4::put(p, name);
          *p++ = ':';
        }
        p = s4::put_canonical_value(p, value);
      }
      *p++ = '\n';
      *p++ = '\n';
      signed_at = static_cast<std::size_t>(p - buf);
      for (std::size_t i = 0; i < entries_.size(); ++i) {
        if (i > 0 && entries_[i - 1].name == entries_[i].name) continue;
        if (i > 0) *p++ = ';';
        p = s4::put(p, entries_[i].name);
      }
      signed_end = static_cast<std::size_t>(p - buf);
      *p++ = '\n';
      p = s4::put(p, payload_hash);
      assert(static_cast<std::size_t>(p - buf) <= headers_at + headers_bound);
      return static_cast<std::size_t>(p - buf);
    });
    if (cr.size() < old_size) OPENSSL_cleanse(cr.data() + cr.size(), old_size - cr.size());  // the last one's tail
    const std::string_view signed_headers(cr.data() + signed_at, signed_end - signed_at);

    // String to sign.
    unsigned char digest[32];
    if (!s4::sha256(cr, digest)) return std::unexpected(SignErrc::CryptoFailure);
    std::string& sts = string_to_sign_;
    std::size_t scope_at = 0, scope_end = 0;
    sts.clear();
    const std::size_t sts_size =
        s4::algorithm.size() + date_time.size() + date.size() + region.size() + service.size() +
        std::string_view("\n\n//\n").size() + std::string_view("/aws4_request").size() + 64;
    sts.resize_and_overwrite(sts_size, [&](char* buf, std::size_t) {
      char* p = s4::put(buf, s4::algorithm);
      *p++ = '\n';
      p = s4::put(p, date_time);
      *p++ = '\n';
      scope_at = static_cast<std::size_t>(p - buf);
      p = s4::put(p, date);
      *p++ = '/';
      p = s4::put(p, region);
      *p++ = '/';
      p = s4::put(p, service);
      p = s4::put(p, "/aws4_request");
      scope_end = static_cast<std::size_t>(p - buf);
      *p++ = '\n';
      s4::put_hex(digest, p);
      assert(static_cast<std::size_t>(p + 64 - buf) == sts_size);
      return sts_size;
    });
    const std::string_view scope(sts.data() + scope_at, scope_end - scope_at);

    unsigned char signature[32];
    if (!key->hmac.mac(sts, signature)) return std::unexpected(SignErrc::CryptoFailure);

    std::string auth;
    const std::size_t auth_size =
        s4::algorithm.size() + access_key_id_.size() + scope.size() + signed_headers.size() +
        std::string_view(" Credential=/, SignedHeaders=, Signature=").size() + 64;
    auth.resize_and_overwrite(auth_size, [&](char* buf, std::size_t) {
      char* p = s4::put(buf, s4::algorithm);
      p = s4::put(p, " Credential=");
      p = s4::put(p, access_key_id_);
      *p++ = '/';
      p = s4::put(p, scope);
      p = s4::put(p, ", SignedHeaders=");
      p = s4::put(p, signed_headers);
      p = s4::put(p, ", Signature=");
      s4::put_hex(signature, p);
      assert(static_cast<std::size_t>(p + 64 - buf) == auth_size);
      return auth_size;
    });

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
    detail::sigv4::HmacSha256 hmac;  // keyed with kSigning
  };
  static constexpr std::size_t cache_size = 4;

  const CacheEntry* key_for(std::string_view date, std::string_view region, std::string_view service) {
    for (const auto& e : cache_)
      if (e.hmac.ok() && std::string_view(e.date, 8) == date && e.region == region && e.service == service) return &e;
    CacheEntry& e = cache_[next_];
    unsigned char k[32];
    if (!detail::sigv4::derive_signing_key(secret_.reveal(), date, region, service, k)) return nullptr;
    e.hmac = detail::sigv4::HmacSha256(k, sizeof k);
    OPENSSL_cleanse(k, sizeof k);
    if (!e.hmac.ok()) {
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
  std::array<CacheEntry, cache_size> cache_{};
  std::size_t next_ = 0;
  detail::WipedString canonical_;  // holds x-amz-security-token
  std::string string_to_sign_;
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
