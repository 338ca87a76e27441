#include <doctest/doctest.h>

#include <redrive/credentials.hpp>

#include <algorithm>
#include <concepts>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

using namespace redrive;

namespace {

// A fake environment for the GetEnv parameter.
struct Env {
  std::map<std::string, std::string, std::less<>> vars;
  GetEnv get() const {
    return [this](const char* name) -> const char* {
      auto it = vars.find(std::string_view(name));
      return it == vars.end() ? nullptr : it->second.c_str();
    };
  }
};

// A directory with the shared files, removed afterwards.
struct TempHome {
  std::filesystem::path dir;
  explicit TempHome(std::string_view name) {
    dir = std::filesystem::temp_directory_path() / ("redrive-test-" + std::string(name));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir / ".aws");
  }
  ~TempHome() { std::filesystem::remove_all(dir); }
  void write(std::string_view file, std::string_view text) const {
    std::ofstream(dir / ".aws" / std::string(file), std::ios::binary) << text;
  }
};

template <class T>
concept Streamable = requires(std::ostream& os, const T& t) { os << t; };

}  // namespace

static_assert(!Streamable<SecretString>, "a secret must not be printable");
static_assert(!std::is_convertible_v<SecretString, std::string_view>);
static_assert(!std::is_convertible_v<std::string_view, SecretString>);
static_assert(std::is_nothrow_move_constructible_v<SecretString> && std::is_nothrow_move_assignable_v<SecretString>);

TEST_CASE("SecretString: copies, moves and assignments keep the value") {
  SecretString a("s3cr3t-that-is-longer-than-the-small-string-buffer");
  SecretString b = a;
  CHECK(b.reveal() == a.reveal());
  SecretString c = std::move(b);
  CHECK(c.reveal() == a.reveal());
  SecretString d("short");
  d = c;
  CHECK(d.reveal() == a.reveal());
  SecretString e("x");
  e = std::move(d);
  CHECK(e.reveal() == a.reveal());
  CHECK(SecretString().empty());
}

// The buffers stay owned by the strings after clear() and swap(), so reading them is safe here.
TEST_CASE("wiping zeroes the bytes a string held, also when a WipedString is overwritten") {
  auto zeroed = [](const char* p, std::size_t n) { return std::all_of(p, p + n, [](char c) { return c == '\0'; }); };
  std::string s = "wipe me please, I am long enough for the heap";
  const char* buffer = s.data();
  const std::size_t n = s.size();
  detail::wipe_string(s);
  CHECK(s.empty());
  CHECK(s.data() == buffer);
  CHECK(zeroed(buffer, n));

  detail::WipedString a("the first secret, long enough for the heap");
  detail::WipedString b("the second secret, long enough for the heap");
  const char* b_buffer = b.text.data();
  const std::size_t b_size = b.text.size();
  b = std::move(a);
  CHECK(b.text == "the first secret, long enough for the heap");
  CHECK(a.text.data() == b_buffer);  // `a` now owns b's old buffer, wiped
  CHECK(zeroed(b_buffer, b_size));
}

// ---- the file format --------------------------------------------------------------------------
TEST_CASE("credentials file: profiles, comments, spacing, line endings") {
  const std::string_view file =
      "\xEF\xBB\xBF# a comment\n"
      "[default]\r\n"
      "aws_access_key_id = AKIDDEFAULT ; an inline comment\r\n"
      "aws_secret_access_key=secret#with-hash\r\n"
      "\n"
      "  [ spaced ]  \n"
      "aws_access_key_id = X\n"
      "[dev]\n"
      "; comment line\n"
      "aws_access_key_id\t=\tAKIDDEV\n"
      "aws_secret_access_key = dev secret with spaces\n"
      "aws_session_token = token==\n"
      "[profile dev]\n"  // not a profile in the credentials file
      "aws_access_key_id = WRONG\n";
  auto d = credentials_from_profile(file, "", "default");
  REQUIRE(d);
  CHECK(d->access_key_id == "AKIDDEFAULT");
  CHECK(d->secret_access_key.reveal() == "secret#with-hash");
  CHECK(d->session_token.empty());
  auto dev = credentials_from_profile(file, "", "dev");
  REQUIRE(dev);
  CHECK(dev->access_key_id == "AKIDDEV");
  CHECK(dev->secret_access_key.reveal() == "dev secret with spaces");
  CHECK(dev->session_token.reveal() == "token==");
  CHECK(credentials_from_profile(file, "", " spaced ").error().code == CredentialsErrc::MissingSecretAccessKey);
  CHECK(credentials_from_profile(file, "", "spaced").error().code == CredentialsErrc::ProfileNotFound);
}

TEST_CASE("credentials file: the last value wins, sections merge, sub-sections are skipped") {
  const std::string_view file =
      "[p]\n"
      "aws_access_key_id = first\n"
      "s3 =\n"
      "  aws_secret_access_key = nested, not top-level\n"
      "aws_access_key_id = second\n"
      "[other]\n"
      "aws_secret_access_key = other\n"
      "[p]\n"
      "aws_secret_access_key = merged\n"
      "aws_session_token =\n";  // an empty value opens a sub-section: no token
  auto p = credentials_from_profile(file, "", "p");
  REQUIRE(p);
  CHECK(p->access_key_id == "second");
  CHECK(p->secret_access_key.reveal() == "merged");
  CHECK(p->session_token.empty());
  CHECK(credentials_from_profile("[p]\ns3 =\n  aws_secret_access_key = nested\naws_access_key_id = k\n", "", "p")
            .error()
            .code == CredentialsErrc::MissingSecretAccessKey);
}

TEST_CASE("config file: [profile name], [default], and the credentials file winning per key") {
  const std::string_view config =
      "[default]\nregion = us-west-2\naws_access_key_id = CFGDEFAULT\naws_secret_access_key = cfg\n"
      "[profile dev]\naws_access_key_id = CFGDEV\naws_secret_access_key = cfgdev\nregion = eu-west-1\n"
      "[dev]\naws_access_key_id = NOT-A-PROFILE-IN-CONFIG\n"
      "[sso-session dev]\naws_access_key_id = NOR-THIS\n";
  auto dev = credentials_from_profile("", config, "dev");
  REQUIRE(dev);
  CHECK(dev->access_key_id == "CFGDEV");
  auto merged = credentials_from_profile("[dev]\naws_secret_access_key = from-credentials\n", config, "dev");
  REQUIRE(merged);
  CHECK(merged->access_key_id == "CFGDEV");
  CHECK(merged->secret_access_key.reveal() == "from-credentials");
  auto def = credentials_from_profile("", config, "default");
  REQUIRE(def);
  CHECK(def->access_key_id == "CFGDEFAULT");
  // [profile default] replaces [default] when both exist.
  auto both = credentials_from_profile(
      "", "[default]\naws_access_key_id = A\naws_secret_access_key = a\n[profile default]\naws_access_key_id = B\n",
      "default");
  CHECK(both.error().code == CredentialsErrc::MissingSecretAccessKey);
}

// ---- sections and profiles as the SDK keys them ---------------------------------------------
TEST_CASE("section headers: prefixes, quotes, the config file's dotted form, dropped sections") {
  using detail::IniFile;
  using detail::IniSectionType;
  auto is = [](std::string_view inner, IniFile file, IniSectionType type, std::string_view name) {
    auto s = detail::ini_section(inner, file);
    return s && s->type == type && s->name == name;
  };
  auto dropped = [](std::string_view inner, IniFile file) { return !detail::ini_section(inner, file); };
  CHECK(is("profile dev", IniFile::Config, IniSectionType::Profile, "dev"));
  CHECK(is("profile\tdev", IniFile::Config, IniSectionType::Profile, "dev"));
  CHECK(is("profile 'dev'", IniFile::Config, IniSectionType::Profile, "dev"));
  CHECK(is("profile \"a@b+c.d%e:f/g\"", IniFile::Config, IniSectionType::Profile, "a@b+c.d%e:f/g"));
  CHECK(is("sso-session my-sso", IniFile::Config, IniSectionType::SsoSession, "my-sso"));
  CHECK(is("services local", IniFile::Config, IniSectionType::Services, "local"));
  CHECK(is("default", IniFile::Config, IniSectionType::None, "default"));
  CHECK(is("profile.dev", IniFile::Config, IniSectionType::Profile, "dev"));  // the SDK's own key form
  CHECK(is("services.a.b", IniFile::Config, IniSectionType::Services, "a.b"));
  CHECK(dropped("dev", IniFile::Config));
  CHECK(dropped("foo bar", IniFile::Config));
  CHECK(dropped("foo bar", IniFile::Credentials));  // an unknown prefix drops the section in both files
  CHECK(dropped("profile \"dev'", IniFile::Config));
  CHECK(dropped("profile  dev", IniFile::Config));  // two spaces: not a prefixed header
  CHECK(dropped("foo.bar", IniFile::Config));
  CHECK(is("profile  dev", IniFile::Credentials, IniSectionType::None, "profile  dev"));
  CHECK(is("dev", IniFile::Credentials, IniSectionType::None, "dev"));
  CHECK(is("profile dev", IniFile::Credentials, IniSectionType::Profile, "dev"));
  // In the credentials file "[profile dev]" is the profile "profile.dev", not "dev".
  auto cred = *detail::ini_section("profile dev", IniFile::Credentials);
  CHECK(detail::ini_names_profile(cred, "profile.dev", IniFile::Credentials));
  CHECK(!detail::ini_names_profile(cred, "dev", IniFile::Credentials));
}

TEST_CASE("Profile: keys of both files, the credentials file winning, and the file each came from") {
  const std::string_view credentials =
      "[dev]\r\n"
      "aws_access_key_id = FROMCREDS\r\n"
      "region = eu-west-1 ; a comment\r\n";
  const std::string_view config =
      "# leading comment\n"
      "[profile dev]\n"
      "region = us-west-2\n"
      "aws_access_key_id = FROMCONFIG\n"
      "s3 =\n"
      "  max_concurrent_requests = 20\n"
      "\tsignature_version = s3v4\n"
      "output = json\n"
      "  indented_top = yes\n"  // the sub-section ended at "output": top-level again
      "[profile other]\n"
      "region = ap-south-1\n"
      "[profile dev]\n"  // a second section of the same profile merges, its keys later
      "output = text\n";
  Profile p = Profile::read("dev", credentials, config);
  CHECK(p.name() == "dev");
  CHECK(p.kind() == SectionKind::Profile);
  CHECK(p.exists());
  CHECK(p.get("aws_access_key_id") == "FROMCREDS");
  CHECK(p.get("region") == "eu-west-1");
  CHECK(p.find("region", ProfileFile::Config) == ProfileValue{"us-west-2", ProfileFile::Config});
  CHECK(p.find("region") == ProfileValue{"eu-west-1", ProfileFile::Credentials});
  CHECK(p.find("output", ProfileFile::Credentials) == ProfileValue{"text", ProfileFile::Config});
  CHECK(p.get("s3.max_concurrent_requests") == "20");
  CHECK(p.get("s3.signature_version") == "s3v4");
  CHECK(p.get("indented_top") == "yes");
  CHECK(!p.get("s3"));
  CHECK(!p.get("max_concurrent_requests"));
  CHECK(!p.get("missing"));
  std::vector<std::string> keys;
  p.for_each([&](std::string_view k, ProfileValue) { keys.emplace_back(k); });
  CHECK(keys == std::vector<std::string>{"aws_access_key_id", "region", "s3.max_concurrent_requests",
                                         "s3.signature_version", "output", "indented_top"});
  CHECK(Profile::read("other", credentials, config).get("region") == "ap-south-1");
  CHECK(!Profile::read("nope", credentials, config).exists());
  CHECK(!Profile().exists());
  // A section without keys is no profile to the SDK.
  CHECK(!Profile::read("empty", "[empty]\n; nothing\n", "").exists());
  CHECK(!Profile::read("empty", "[empty]\nkey =\n", "").exists());  // an empty value opens a sub-section
}

TEST_CASE("Profile: [profile default] replaces [default] in the config file only when it has keys") {
  const std::string_view both = "[default]\nregion = a\nx = 1\n[profile default]\nregion = b\n";
  Profile p = Profile::read("default", "", both);
  CHECK(p.get("region") == "b");
  CHECK(!p.get("x"));
  Profile q = Profile::read("default", "", "[default]\nregion = a\n[profile default]\n# no keys\n");
  CHECK(q.get("region") == "a");
  // In the credentials file "[profile default]" is not the default profile at all.
  CHECK(Profile::read("default", "[profile default]\nregion = c\n", "").exists() == false);
  CHECK(Profile::read("profile.default", "[profile default]\nregion = c\n", "").get("region") == "c");
}

TEST_CASE("Profile: comments, whitespace, line endings, keys before any section, odd lines") {
  const std::string_view text =
      "orphan = before any section\n"
      "[p]   # a comment after the header\n"
      "a=1\n"
      "b = two words ; comment\n"
      "c = x;not-a-comment\n"
      "d = x#not-a-comment\n"
      "; e = commented\n"
      "  # f = commented\n"
      "= no key\n"
      "no equals sign\n"
      "g = = h\n"
      "i\t=\tj\r\n"
      "[unknown prefix]\n"
      "k = dropped with its section\n";
  Profile p = Profile::read("p", text, "");
  CHECK(!p.get("orphan"));
  CHECK(p.get("a") == "1");
  CHECK(p.get("b") == "two words");
  CHECK(p.get("c") == "x;not-a-comment");
  CHECK(p.get("d") == "x#not-a-comment");
  CHECK(!p.get("e"));
  CHECK(!p.get("f"));
  CHECK(p.get("g") == "= h");
  CHECK(p.get("i") == "j");
  CHECK(!p.get("k"));
  CHECK(!p.get(""));
}

TEST_CASE("a file with a [__proto__] section is read as empty, as the SDK refuses it") {
  CHECK(!Profile::read("p", "[p]\na = 1\n[__proto__]\nb = 2\n", "").exists());
  CHECK(!Profile::read("p", "", "[profile p]\na = 1\n[profile __proto__]\n").exists());
  CHECK(Profile::read("p", "[p]\na = 1\n", "[profile __proto__]\n").get("a") == "1");  // only that file
  CHECK(credentials_from_profile("[default]\naws_access_key_id = A\naws_secret_access_key = s\n[__proto__]\n", "",
                                 "default")
            .error()
            .code == CredentialsErrc::ProfileNotFound);
}

TEST_CASE("sso-session sections, with and without quotes") {
  const std::string_view config =
      "[profile dev]\n"
      "sso_session = my-sso\n"
      "sso_account_id = 111122223333\n"
      "[sso-session my-sso]\n"
      "sso_region = us-east-1\n"
      "sso_start_url = https://my-sso-portal.awsapps.com/start\n"
      "sso_registration_scopes = sso:account:access\n"
      "[sso-session 'quoted']\n"
      "sso_region = eu-west-1\n"
      "[sso-session \"double\"]\n"
      "sso_region = eu-north-1\n"
      "[sso-session my-sso]\n"
      "sso_region = us-east-2\n";  // merged; the last assignment wins
  Profile s = Profile::read_section(SectionKind::SsoSession, "my-sso", config);
  CHECK(s.kind() == SectionKind::SsoSession);
  CHECK(s.name() == "my-sso");
  CHECK(s.get("sso_region") == "us-east-2");
  CHECK(s.get("sso_start_url") == "https://my-sso-portal.awsapps.com/start");
  CHECK(s.get("sso_registration_scopes") == "sso:account:access");
  CHECK(s.find("sso_region") == ProfileValue{"us-east-2", ProfileFile::Config});
  CHECK(Profile::read_section(SectionKind::SsoSession, "quoted", config).get("sso_region") == "eu-west-1");
  CHECK(Profile::read_section(SectionKind::SsoSession, "double", config).get("sso_region") == "eu-north-1");
  CHECK(!Profile::read_section(SectionKind::SsoSession, "dev", config).exists());
  CHECK(!Profile::read_section(SectionKind::Services, "my-sso", config).exists());
  // The profile does not see the session's keys.
  CHECK(!Profile::read("dev", "", config).get("sso_region"));
  CHECK(Profile::read_section(SectionKind::Profile, "dev", config).get("sso_session") == "my-sso");
}

TEST_CASE("services sections: per-service sub-sections") {
  const std::string_view config =
      "[profile dev]\n"
      "services = local\n"
      "[services local]\n"
      "sqs =\n"
      "  endpoint_url = http://localhost:4566\n"
      "sts =\n"
      "\tendpoint_url = http://localhost:4567 # comment\n"
      "\n"
      "  region = not-a-top-level-key\n"  // a blank line does not close the sub-section
      "sso =\n"
      "endpoint_url = top-level, not sso's\n";  // not indented: closes the sub-section
  Profile s = Profile::read_section(SectionKind::Services, "local", config);
  CHECK(s.exists());
  CHECK(s.get("sqs.endpoint_url") == "http://localhost:4566");
  CHECK(s.get("sts.endpoint_url") == "http://localhost:4567");
  CHECK(s.get("sts.region") == "not-a-top-level-key");
  CHECK(!s.get("sso.endpoint_url"));
  CHECK(s.get("endpoint_url") == "top-level, not sso's");
}

TEST_CASE("profile errors name the problem, never the secret") {
  auto role = credentials_from_profile("", "[profile r]\nrole_arn = arn:aws:iam::123456789012:role/x\n", "r");
  CHECK(role.error().code == CredentialsErrc::UnsupportedProfile);
  CHECK(role.error().message().find("'r'") != std::string::npos);
  auto no_secret = credentials_from_profile("[k]\naws_access_key_id = AKID\n", "", "k");
  CHECK(no_secret.error().code == CredentialsErrc::MissingSecretAccessKey);
  CHECK(no_secret.error().message().find("aws_secret_access_key") != std::string::npos);
  auto no_key = credentials_from_profile("[k]\naws_secret_access_key = TOPSECRET\n", "", "k");
  CHECK(no_key.error().code == CredentialsErrc::MissingAccessKeyId);
  CHECK(no_key.error().message().find("TOPSECRET") == std::string::npos);
  CHECK(credentials_from_profile("[k]\n", "", "k").error().code == CredentialsErrc::MissingAccessKeyId);
  CHECK(credentials_from_profile("[k]\n", "", "nope").error().code == CredentialsErrc::ProfileNotFound);
}

TEST_CASE("the parser survives garbage") {
  std::uint64_t x = 0x9E3779B97F4A7C15ULL;
  auto next = [&] {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  };
  const std::string_view pieces[] = {"[", "]", "=", "\n", "\r\n", " ", "\t", "#", ";", "default", "profile ",
                                     "aws_access_key_id", "aws_secret_access_key", "aws_session_token", "\"", "'",
                                     "\xEF\xBB\xBF", "\xFF", std::string_view("\0", 1), "x", "role_arn"};
  int parsed = 0;
  for (int i = 0; i < 3000; ++i) {
    // Half the inputs start with a good profile "x", so some parse and the checks below run.
    std::string text = i % 2 ? "[x]\naws_access_key_id = K\naws_secret_access_key = S\n" : "";
    for (int n = static_cast<int>(next() % 40); n > 0; --n) {
      if (next() % 4 == 0) text += static_cast<char>(next() & 0xFF);
      else text += pieces[next() % std::size(pieces)];
    }
    for (std::string_view profile : {"default", "x", ""}) {
      auto a = credentials_from_profile(text, "", profile);
      auto b = credentials_from_profile("", text, profile);
      for (auto* r : {&a, &b}) {
        if (*r) {
          ++parsed;
          CHECK(!(*r)->access_key_id.empty());
          CHECK(!(*r)->secret_access_key.empty());
        } else {
          CHECK(r->error().profile == profile);
        }
      }
      auto again = credentials_from_profile(text, "", profile);  // deterministic
      CHECK(again.has_value() == a.has_value());
      // Profile agrees with the reader credentials_from_profile uses, and holds what it read.
      Profile p = Profile::read(profile, text, text);
      if (a) CHECK(p.find("aws_access_key_id") == ProfileValue{a->access_key_id, ProfileFile::Credentials});
      p.for_each([&](std::string_view k, ProfileValue v) {
        CHECK(!k.empty());
        CHECK(!v.value.empty());
        CHECK(p.get(k) == v.value);
      });
      for (SectionKind kind : {SectionKind::SsoSession, SectionKind::Services}) {
        Profile s = Profile::read_section(kind, profile, text);
        s.for_each([&](std::string_view k, ProfileValue v) { CHECK((!k.empty() && v.file == ProfileFile::Config)); });
      }
    }
  }
  CHECK(parsed > 100);
}

// ---- the provider chain -----------------------------------------------------------------------
TEST_CASE("environment credentials") {
  Env env;
  env.vars = {{"AWS_ACCESS_KEY_ID", "AKIDENV"}, {"AWS_SECRET_ACCESS_KEY", "envsecret"}, {"HOME", "/nonexistent"}};
  auto c = load_credentials(env.get());
  REQUIRE(c);
  CHECK(c->access_key_id == "AKIDENV");
  CHECK(c->secret_access_key.reveal() == "envsecret");
  CHECK(c->session_token.empty());
  env.vars["AWS_SESSION_TOKEN"] = "envtoken";
  CHECK(load_credentials(env.get())->session_token.reveal() == "envtoken");
  env.vars["AWS_SESSION_TOKEN"] = "";
  CHECK(load_credentials(env.get())->session_token.empty());
}

TEST_CASE("half-set environment and no files: the error says which variable is missing") {
  Env env;
  env.vars = {{"AWS_ACCESS_KEY_ID", "AKIDENV"}, {"HOME", "/nonexistent"}};
  auto e = load_credentials(env.get());
  REQUIRE(!e);
  CHECK(e.error().code == CredentialsErrc::MissingSecretAccessKey);
  CHECK(e.error().message() == "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not.");
  env.vars = {{"AWS_SECRET_ACCESS_KEY", "shh"}, {"AWS_ACCESS_KEY_ID", ""}, {"HOME", "/nonexistent"}};
  CHECK(load_credentials(env.get()).error().code == CredentialsErrc::MissingAccessKeyId);
  env.vars = {{"HOME", "/nonexistent"}};
  auto none = load_credentials(env.get());
  CHECK(none.error().code == CredentialsErrc::NotFound);
  CHECK(none.error().message().find("/nonexistent/.aws/credentials") != std::string::npos);
  CHECK(load_credentials(Env{}.get()).error().code == CredentialsErrc::NotFound);  // not even a HOME
}

TEST_CASE("shared files: default profile, AWS_PROFILE, explicit profile, file variables") {
  TempHome home("creds");
  home.write("credentials", "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = filesecret\n"
                            "[work]\naws_access_key_id = AKIDWORK\naws_secret_access_key = worksecret\n");
  home.write("config", "[profile cfg]\naws_access_key_id = AKIDCFG\naws_secret_access_key = cfgsecret\n");
  Env env;
  env.vars = {{"HOME", home.dir.string()}};
  CHECK(load_credentials(env.get())->access_key_id == "AKIDFILE");
  CHECK(load_credentials("cfg", env.get())->access_key_id == "AKIDCFG");

  // A named profile wins over environment keys (as in the JS SDK).
  env.vars["AWS_ACCESS_KEY_ID"] = "AKIDENV";
  env.vars["AWS_SECRET_ACCESS_KEY"] = "envsecret";
  CHECK(load_credentials(env.get())->access_key_id == "AKIDENV");
  env.vars["AWS_PROFILE"] = "work";
  CHECK(load_credentials(env.get())->access_key_id == "AKIDWORK");
  CHECK(load_credentials("default", env.get())->access_key_id == "AKIDFILE");

  env.vars["AWS_PROFILE"] = "missing";
  auto e = load_credentials(env.get());
  REQUIRE(!e);
  CHECK(e.error().code == CredentialsErrc::ProfileNotFound);
  CHECK(e.error().profile == "missing");
  CHECK(e.error().credentials_file == (home.dir / ".aws" / "credentials").string());
  CHECK(e.error().message().find("'missing'") != std::string::npos);

  // AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE, with ~/ expanded.
  home.write("other", "[default]\naws_access_key_id = AKIDOTHER\naws_secret_access_key = o\n");
  env.vars = {{"HOME", home.dir.string()}, {"AWS_SHARED_CREDENTIALS_FILE", "~/.aws/other"},
              {"AWS_CONFIG_FILE", (home.dir / "nothing").string()}};
  CHECK(load_credentials(env.get())->access_key_id == "AKIDOTHER");
}

TEST_CASE("region: --region, AWS_REGION, AWS_DEFAULT_REGION, then the profile") {
  TempHome home("region");
  home.write("config", "[default]\nregion = us-west-2\n[profile eu]\nregion = eu-central-1\n");
  home.write("credentials", "[only-creds]\nregion = ap-south-1\n");
  Env env;
  env.vars = {{"HOME", home.dir.string()}};
  CHECK(resolve_region(std::nullopt, env.get()).value() == "us-west-2");
  CHECK(resolve_region(std::nullopt, env.get(), "eu").value() == "eu-central-1");
  CHECK(resolve_region(std::nullopt, env.get(), "only-creds").value() == "ap-south-1");
  env.vars["AWS_PROFILE"] = "eu";
  CHECK(resolve_region(std::nullopt, env.get()).value() == "eu-central-1");
  env.vars["AWS_DEFAULT_REGION"] = "sa-east-1";
  CHECK(resolve_region(std::nullopt, env.get()).value() == "sa-east-1");
  env.vars["AWS_REGION"] = "ca-central-1";
  CHECK(resolve_region(std::nullopt, env.get()).value() == "ca-central-1");
  CHECK(resolve_region("us-east-2", env.get()).value() == "us-east-2");
  CHECK(resolve_region("", env.get()).value() == "ca-central-1");  // empty counts as unset

  auto none = resolve_region(std::nullopt, Env{{{"HOME", home.dir.string()}, {"AWS_PROFILE", "nowhere"}}}.get());
  REQUIRE(!none);
  CHECK(none.error().code == CredentialsErrc::NoRegion);
  CHECK(none.error().message().find("AWS_REGION") != std::string::npos);
}
