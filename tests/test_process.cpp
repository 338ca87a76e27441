#include <doctest/doctest.h>

#include <redrive/credentials.hpp>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

using namespace redrive;
using Words = std::vector<std::string>;

namespace {

Words split(std::string_view line) {
  auto w = split_command_line(line);
  REQUIRE_MESSAGE(w.has_value(), w.error());
  return *w;
}

std::string split_error(std::string_view line) {
  auto w = split_command_line(line);
  REQUIRE_FALSE(w.has_value());
  return w.error();
}

std::string parse_error(std::string_view json) {
  auto c = parse_process_output(json);
  REQUIRE_FALSE(c.has_value());
  return c.error();
}

const CallTime noon = CallTime{std::chrono::sys_days{std::chrono::year{2026} / 12 / 1}} + std::chrono::hours{12};

// A shell script in a temporary directory that acts as a credential_process in several ways.
struct Script {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("redrive-test-process-" + std::to_string(::getpid()));
  std::filesystem::path path = dir / "creds.sh";
  Script() {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::ofstream(path) << R"(#!/bin/sh
case "$1" in
  ok) printf '{"Version": 1, "AccessKeyId": "AKIDPROCESS", "SecretAccessKey": "proc-secret", "SessionToken": "proc-token", "Expiration": "2026-12-01T13:00:00Z"}\n' ;;
  args) shift; for a in "$@"; do printf '[%s]' "$a"; done ;;
  fail) echo "creds.sh: no session" >&2; exit 3 ;;
  kill) kill -9 $$ ;;
  exact) head -c 65536 /dev/zero | tr '\0' ' ' ;;
  big) head -c 70000 /dev/zero | tr '\0' ' ' ;;
  bigstall) head -c 70000 /dev/zero | tr '\0' ' '; exec sleep 30 ;;
  stderr) echo "creds.sh: a note for the user" >&2; printf '{"Version":1,"AccessKeyId":"AKIDERR","SecretAccessKey":"x"}' ;;
  notjson) printf 'SECRET-IN-GARBAGE' ;;
esac
)";
    std::filesystem::permissions(path, std::filesystem::perms::owner_all);
  }
  ~Script() { std::filesystem::remove_all(dir); }
  std::string command(std::string_view mode) const { return "'" + path.string() + "' " + std::string(mode); }
  Words argv(std::string_view mode) const { return {path.string(), std::string(mode)}; }
};

std::size_t open_fds() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

// Descriptors of this process that a program it starts inherits (no close-on-exec), 0-2 included.
std::size_t inheritable_fds() {
  std::size_t n = 0;
  for (const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) {
    const int fd = std::stoi(e.path().filename().string());
    const int flags = ::fcntl(fd, F_GETFD);
    if (flags >= 0 && !(flags & FD_CLOEXEC)) ++n;
  }
  return n;  // the directory iterator's own descriptor is close-on-exec
}

// Whether a child of this process is left (a zombie included).
bool any_child_left() {
  int status = 0;
  return ::waitpid(-1, &status, WNOHANG) != -1 || errno != ECHILD;
}

// Runs `f` with this process's stderr going to a file, and returns what was written there.
template <class F>
std::string capture_stderr(F&& f) {
  const std::string file = (std::filesystem::temp_directory_path() / ("redrive-test-stderr-" + std::to_string(::getpid()))).string();
  const int saved = ::dup(STDERR_FILENO);
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  REQUIRE(saved >= 0);
  REQUIRE(fd >= 0);
  ::dup2(fd, STDERR_FILENO);
  ::close(fd);
  f();
  ::dup2(saved, STDERR_FILENO);
  ::close(saved);
  std::ifstream in(file);
  std::string text{std::istreambuf_iterator<char>(in), {}};
  std::filesystem::remove(file);
  return text;
}

}  // namespace

TEST_CASE("split_command_line: blanks separate words") {
  CHECK(split("aws-vault") == Words{"aws-vault"});
  CHECK(split("  a \t b\n c  ") == Words{"a", "b", "c"});
  CHECK(split("aws-vault export --format=json dev") == Words{"aws-vault", "export", "--format=json", "dev"});
}

TEST_CASE("split_command_line: quotes") {
  CHECK(split("'a b' \"c d\"") == Words{"a b", "c d"});
  CHECK(split("a'b'\"c\"d") == Words{"abcd"});
  CHECK(split("a \"\" b ''") == Words{"a", "", "b", ""});
  // Single quotes keep everything, backslashes and double quotes included.
  CHECK(split(R"('a\b "c"')") == Words{R"(a\b "c")"});
  // In double quotes a backslash escapes only " \ $ ` and a newline; elsewhere it stays.
  CHECK(split(R"("a\"b\\c\$d\`e\nf\'g")") == Words{R"(a"b\c$d`e\nf\'g)"});
  CHECK(split("\"a\\\nb\"") == Words{"ab"});
  CHECK(split("\"it's\"") == Words{"it's"});
  CHECK(split("'say \"hi\"'") == Words{"say \"hi\""});
}

TEST_CASE("split_command_line: backslashes outside quotes") {
  CHECK(split(R"(a\ b c)") == Words{"a b", "c"});
  CHECK(split(R"(\'x\")") == Words{"'x\""});
  CHECK(split(R"(a\\b)") == Words{R"(a\b)"});
  CHECK(split("a\\\nb") == Words{"ab"});
  CHECK(split("a \\\n b") == Words{"a", "b"});
}

TEST_CASE("split_command_line: no expansion, no operators") {
  CHECK(split("echo $HOME ~ *.txt | cat > out; x && y") ==
        Words{"echo", "$HOME", "~", "*.txt", "|", "cat", ">", "out;", "x", "&&", "y"});
}

TEST_CASE("split_command_line: errors") {
  CHECK(split_error("'abc") == "the command line has an unterminated single quote");
  CHECK(split_error("a \"b c") == "the command line has an unterminated double quote");
  CHECK(split_error(R"("abc\")") == "the command line has an unterminated double quote");
  CHECK(split_error(R"(abc\)") == "the command line ends with a backslash");
  CHECK(split_error("") == "the command line is empty");
  CHECK(split_error(" \t\n") == "the command line is empty");
}

TEST_CASE("parse_process_output: the fields") {
  auto c = parse_process_output(R"({"Version":1,"AccessKeyId":"AKID","SecretAccessKey":"sk"})");
  REQUIRE(c);
  CHECK(c->access_key_id == "AKID");
  CHECK(c->secret_access_key.reveal() == "sk");
  CHECK(c->session_token.empty());
  CHECK_FALSE(c->expiration.has_value());

  c = parse_process_output(R"(
    {"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "sk", "SessionToken": "tok",
     "Expiration": "2026-12-01T13:00:00.123Z", "AccountId": "123456789012", "CredentialScope": "x"}
  )");
  REQUIRE(c);
  CHECK(c->session_token.reveal() == "tok");
  REQUIRE(c->expiration.has_value());
  CHECK(*c->expiration == std::chrono::sys_days{std::chrono::year{2026} / 12 / 1} + std::chrono::hours{13});

  // null or "" is no session token / no expiration, as in the SDK.
  c = parse_process_output(R"({"Version":1,"AccessKeyId":"A","SecretAccessKey":"s","SessionToken":null,"Expiration":""})");
  REQUIRE(c);
  CHECK(c->session_token.empty());
  CHECK_FALSE(c->expiration.has_value());
  c = parse_process_output(R"({"Version":1,"AccessKeyId":"A","SecretAccessKey":"s","SessionToken":"","Expiration":null})");
  REQUIRE(c);
  CHECK(c->session_token.empty());

  // Version 1.0 is the number 1 (JSON.parse makes no difference); the last duplicate counts.
  c = parse_process_output(R"({"Version":1.0,"AccessKeyId":"A","SecretAccessKey":"s","AccessKeyId":"B"})");
  REQUIRE(c);
  CHECK(c->access_key_id == "B");
  // Escapes are decoded.
  c = parse_process_output(R"({"Version":1,"AccessKeyId":"A\u0042","SecretAccessKey":"s\/t"})");
  REQUIRE(c);
  CHECK(c->access_key_id == "AB");
  CHECK(c->secret_access_key.reveal() == "s/t");
}

TEST_CASE("parse_process_output: what is refused") {
  CHECK(parse_error("") == "the output is not valid JSON");
  CHECK(parse_error("not json") == "the output is not valid JSON");
  CHECK(parse_error(R"({"Version":1,"AccessKeyId":"A","SecretAccessKey":"s"} trailing)") == "the output is not valid JSON");
  CHECK(parse_error(R"({"Version":1,"AccessKeyId":"A","SecretAccessKey":"s",})") == "the output is not valid JSON");
  CHECK(parse_error(R"([1])") == "the output is not a JSON object");
  CHECK(parse_error(R"("text")") == "the output is not a JSON object");
  CHECK(parse_error(R"({"AccessKeyId":"A","SecretAccessKey":"s"})") == "the output does not have Version 1");
  CHECK(parse_error(R"({"Version":2,"AccessKeyId":"A","SecretAccessKey":"s"})") == "the output does not have Version 1");
  CHECK(parse_error(R"({"Version":"1","AccessKeyId":"A","SecretAccessKey":"s"})") == "the output does not have Version 1");
  CHECK(parse_error(R"({"Version":1.5,"AccessKeyId":"A","SecretAccessKey":"s"})") == "the output does not have Version 1");
  CHECK(parse_error(R"({"Version":1,"SecretAccessKey":"s"})") == "the output has no AccessKeyId");
  CHECK(parse_error(R"({"Version":1,"AccessKeyId":"","SecretAccessKey":"s"})") == "the output has no AccessKeyId");
  CHECK(parse_error(R"({"Version":1,"AccessKeyId":null,"SecretAccessKey":"s"})") == "the output has no AccessKeyId");
  CHECK(parse_error(R"({"Version":1,"AccessKeyId":12,"SecretAccessKey":"s"})") == "the output's AccessKeyId is not a string");
  CHECK(parse_error(R"({"Version":1,"AccessKeyId":"A"})") == "the output has no SecretAccessKey");
  CHECK(parse_error(R"({"Version":1,"AccessKeyId":"A","SecretAccessKey":{}})") ==
        "the output's SecretAccessKey is not a string");
  CHECK(parse_error(R"({"Version":1,"AccessKeyId":"A","SecretAccessKey":"s","SessionToken":5})") ==
        "the output's SessionToken is not a string");
  CHECK(parse_error(R"({"Version":1,"AccessKeyId":"A","SecretAccessKey":"s","Expiration":"tomorrow"})") ==
        "the output's Expiration is not an ISO 8601 time");
  CHECK(parse_error(R"({"Version":1,"AccessKeyId":"A","SecretAccessKey":"s","Expiration":1700000000})") ==
        "the output's Expiration is not a string");
}

TEST_CASE("parse_process_output: an error never quotes the output") {
  for (std::string_view json : {R"({"Version":2,"AccessKeyId":"A","SecretAccessKey":"TOPSECRET"})",
                                R"({"Version":1,"AccessKeyId":"A","SecretAccessKey":"TOPSECRET","Expiration":"TOPSECRET"})",
                                R"(TOPSECRET)", R"({"TOPSECRET":)"}) {
    auto c = parse_process_output(json);
    REQUIRE_FALSE(c);
    CHECK(c.error().find("TOPSECRET") == std::string::npos);
  }
}

TEST_CASE("ProcessFetch: runs the split command once, on the first next()") {
  std::vector<Words> runs;
  ProcessRunner runner = [&](const Words& argv) -> std::expected<std::string, std::string> {
    runs.push_back(argv);
    return R"({"Version":1,"AccessKeyId":"AKIDRUN","SecretAccessKey":"sk","SessionToken":"st","Expiration":"2026-12-01T12:00:00Z"})";
  };
  ProcessFetch fetch("my-tool  'with space' --x", runner);
  CHECK(runs.empty());
  CHECK(fetch.next(noon).done());
  CHECK(fetch.next(noon).done());
  REQUIRE(runs.size() == 1);
  CHECK(runs[0] == Words{"my-tool", "with space", "--x"});
  REQUIRE(fetch.outcome());
  CHECK(fetch.outcome()->source == CredentialSource::Process);
  CHECK(fetch.outcome()->credentials.access_key_id == "AKIDRUN");
  CHECK(fetch.outcome()->credentials.session_token.reveal() == "st");
  // Expiring exactly now is still accepted (the SDK refuses only a time before now).
  CHECK(fetch.outcome()->credentials.expiration == std::chrono::floor<std::chrono::seconds>(noon));
}

TEST_CASE("ProcessFetch: failures are ProcessFailed and say why") {
  auto outcome_of = [](std::string command, std::expected<std::string, std::string> answer, int* calls = nullptr) {
    ProcessFetch fetch(std::move(command), [=](const Words&) {
      if (calls) ++*calls;
      return answer;
    });
    CHECK(fetch.next(noon).done());
    REQUIRE_FALSE(fetch.outcome());
    CHECK(fetch.outcome().error().code == CredentialsErrc::ProcessFailed);
    return fetch.outcome().error();
  };
  auto e = outcome_of("tool", std::unexpected(std::string("'tool' exited with status 3")));
  CHECK(e.detail == "'tool' exited with status 3");
  CHECK(e.message() == "credential_process failed: 'tool' exited with status 3");

  e = outcome_of("tool", std::string("TOPSECRET garbage"));
  CHECK(e.detail == "'tool': the output is not valid JSON");
  CHECK(e.message().find("TOPSECRET") == std::string::npos);

  e = outcome_of("tool", std::string(R"({"Version":1,"AccessKeyId":"A","SecretAccessKey":"s","Expiration":"2026-12-01T11:59:59Z"})"));
  CHECK(e.detail == "'tool' printed credentials that have already expired");

  int calls = 0;
  e = outcome_of("tool 'unterminated", std::string("{}"), &calls);
  CHECK(e.detail == "the command line has an unterminated single quote");
  CHECK(calls == 0);

  ProcessFetch no_runner("tool", ProcessRunner{});
  CHECK(no_runner.next(noon).done());
  CHECK(no_runner.outcome().error().detail == "no way to run a process");
}

TEST_CASE("ProcessProvider: a fresh run on every fetch") {
  int calls = 0;
  ProcessProvider provider("tool", [&](const Words&) -> std::expected<std::string, std::string> {
    ++calls;
    return R"({"Version":1,"AccessKeyId":"AKID)" + std::to_string(calls) + R"(","SecretAccessKey":"s"})";
  });
  for (int i = 1; i <= 2; ++i) {
    auto fetch = provider.fetch();
    CHECK(fetch->next(noon).done());
    REQUIRE(fetch->outcome());
    CHECK(fetch->outcome()->credentials.access_key_id == "AKID" + std::to_string(i));
  }
  CHECK(calls == 2);
}

TEST_CASE("run_process: a real process, without a shell") {
  Script script;
  const std::size_t fds_before = open_fds();

  auto out = run_process(script.argv("ok"));
  REQUIRE_MESSAGE(out.has_value(), out.error());
  CHECK(out->starts_with(R"({"Version": 1, "AccessKeyId": "AKIDPROCESS")"));

  // Arguments arrive as they were split, spaces and quotes included; nothing is expanded.
  out = run_process({script.path.string(), "args", "a b", "c\"d", "$HOME", "*"});
  REQUIRE(out);
  CHECK(*out == "[a b][c\"d][$HOME][*]");

  // The whole fetch through a command line.
  ProcessFetch fetch(script.command("ok"));
  CHECK(fetch.next(noon).done());
  REQUIRE(fetch.outcome());
  CHECK(fetch.outcome()->credentials.access_key_id == "AKIDPROCESS");
  CHECK(fetch.outcome()->credentials.secret_access_key.reveal() == "proc-secret");

  // The program gets no descriptor of ours but those it should inherit: ls lists its own, which
  // are those plus the one it reads the directory with.
  out = run_process({"ls", "/proc/self/fd"});
  REQUIRE(out);
  CHECK(static_cast<std::size_t>(std::count(out->begin(), out->end(), '\n')) == inheritable_fds() + 1);

  // Exactly the limit is fine.
  out = run_process(script.argv("exact"));
  REQUIRE(out);
  CHECK(out->size() == max_process_output);

  CHECK(open_fds() == fds_before);
  CHECK_FALSE(any_child_left());
}

TEST_CASE("run_process: failures") {
  Script script;
  const std::size_t fds_before = open_fds();
  const std::string name = "'" + script.path.string() + "'";

  std::expected<std::string, std::string> out;
  const std::string err = capture_stderr([&] { out = run_process(script.argv("fail")); });
  REQUIRE_FALSE(out);
  CHECK(out.error() == name + " exited with status 3");
  CHECK(err == "creds.sh: no session\n");  // stderr is the caller's

  out = run_process(script.argv("kill"));
  REQUIRE_FALSE(out);
  CHECK(out.error() == name + " was killed by signal 9 (SIGKILL)");

  out = run_process(script.argv("big"));
  REQUIRE_FALSE(out);
  CHECK(out.error() == name + " printed more than 65536 bytes");

  // A command that keeps running after too much output is killed, not waited for. The script
  // execs its sleep: a child sleep would outlive the kill, holding the test's stderr open.
  const auto start = std::chrono::steady_clock::now();
  out = run_process(script.argv("bigstall"));
  REQUIRE_FALSE(out);
  CHECK(out.error() == name + " printed more than 65536 bytes");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));

  out = run_process({"/nonexistent/redrive-no-such-tool"});
  REQUIRE_FALSE(out);
  CHECK(out.error() == "'/nonexistent/redrive-no-such-tool' could not be started: No such file or directory");
  out = run_process({"redrive-no-such-tool-in-path"});
  REQUIRE_FALSE(out);
  CHECK(out.error() == "'redrive-no-such-tool-in-path' could not be started: No such file or directory");
  out = run_process({});
  REQUIRE_FALSE(out);
  CHECK(out.error() == "no command to run");

  CHECK(open_fds() == fds_before);
  CHECK_FALSE(any_child_left());
}

TEST_CASE("ProcessFetch: a real failing or talkative process") {
  Script script;
  // stderr passes through to the user; stdout alone is parsed.
  ProcessFetch talkative(script.command("stderr"));
  const std::string err = capture_stderr([&] { CHECK(talkative.next(noon).done()); });
  CHECK(err == "creds.sh: a note for the user\n");
  REQUIRE(talkative.outcome());
  CHECK(talkative.outcome()->credentials.access_key_id == "AKIDERR");

  ProcessFetch failing(script.command("fail"));
  capture_stderr([&] { CHECK(failing.next(noon).done()); });
  REQUIRE_FALSE(failing.outcome());
  CHECK(failing.outcome().error().message() ==
        "credential_process failed: '" + script.path.string() + "' exited with status 3");

  ProcessFetch garbage(script.command("notjson"));
  CHECK(garbage.next(noon).done());
  REQUIRE_FALSE(garbage.outcome());
  CHECK(garbage.outcome().error().detail == "'" + script.path.string() + "': the output is not valid JSON");
}
