// credential_process: a command whose standard output is a JSON document with credentials
// (Version 1). The command line is split as a POSIX shell splits words, but no shell runs it: no
// variables, globs, pipes or redirections (write `sh -c '...'` for those). Its standard error and
// standard input are the caller's; its standard output is read, up to max_process_output bytes.
// POSIX only (posix_spawnp, waitpid). No libcrypto needed.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstddef>
#include <expected>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "redrive/credentials/error.hpp"
#include "redrive/credentials/provider.hpp"
#include "redrive/credentials/timestamp.hpp"
#include "redrive/secret.hpp"

extern char** environ;  // POSIX: the process environment, passed on to the command

namespace redrive {

// The words of a command line, split as a POSIX shell splits them (without any expansion):
// blanks (space, tab, newline) separate words; '...' keeps everything literally; "..." keeps
// everything but a backslash before " \ $ ` (which it escapes) or before a newline (both removed);
// outside quotes a backslash escapes the next character (a newline: both removed). Quotes may
// join parts of one word (a'b'"c" is abc) and "" is an empty word. An unterminated quote, a
// backslash at the end, or no word at all is an error (a sentence saying which).
[[nodiscard]] inline std::expected<std::vector<std::string>, std::string> split_command_line(std::string_view line) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;  // a word has started (it may still be empty: "")
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else if (c == '\'') {
      const std::size_t close = line.find('\'', i + 1);
      if (close == std::string_view::npos) return std::unexpected("the command line has an unterminated single quote");
      word.append(line.substr(i + 1, close - i - 1));
      in_word = true;
      i = close;
    } else if (c == '"') {
      in_word = true;
      for (++i;; ++i) {
        if (i >= line.size()) return std::unexpected("the command line has an unterminated double quote");
        const char d = line[i];
        if (d == '"') break;
        if (d == '\\' && i + 1 < line.size()) {
          const char e = line[i + 1];
          if (e == '"' || e == '\\' || e == '$' || e == '`') {
            word += e;
            ++i;
            continue;
          }
          if (e == '\n') {
            ++i;
            continue;
          }
        }
        word += d;
      }
    } else if (c == '\\') {
      if (i + 1 >= line.size()) return std::unexpected("the command line ends with a backslash");
      ++i;
      if (line[i] != '\n') {
        word += line[i];
        in_word = true;
      }
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(std::move(word));
  if (words.empty()) return std::unexpected("the command line is empty");
  return words;
}

// Runs argv (argv[0] looked up in PATH) and returns what it printed on standard output, or why
// it failed: it could not be started, exited with a non-zero status, was killed by a signal, or
// printed more than this many bytes.
inline constexpr std::size_t max_process_output = 64 * 1024;
using ProcessRunner = std::function<std::expected<std::string, std::string>(const std::vector<std::string>& argv)>;

namespace detail {

constexpr std::string_view signal_name(int sig) noexcept {
  switch (sig) {
    case SIGHUP: return "SIGHUP";
    case SIGINT: return "SIGINT";
    case SIGQUIT: return "SIGQUIT";
    case SIGILL: return "SIGILL";
    case SIGABRT: return "SIGABRT";
    case SIGFPE: return "SIGFPE";
    case SIGKILL: return "SIGKILL";
    case SIGBUS: return "SIGBUS";
    case SIGSEGV: return "SIGSEGV";
    case SIGPIPE: return "SIGPIPE";
    case SIGALRM: return "SIGALRM";
    case SIGTERM: return "SIGTERM";
    default: return {};
  }
}

// Closes a file descriptor once, whatever the path out.
struct FdCloser {
  int fd = -1;
  void close() noexcept {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
  ~FdCloser() { close(); }
};

// Both ends close on exec, so no other child started meanwhile inherits them.
inline int make_pipe(int (&fds)[2]) noexcept {
#if defined(__linux__)
  return ::pipe2(fds, O_CLOEXEC);
#else
  if (::pipe(fds) != 0) return -1;
  ::fcntl(fds[0], F_SETFD, FD_CLOEXEC);
  ::fcntl(fds[1], F_SETFD, FD_CLOEXEC);
  return 0;
#endif
}

inline pid_t wait_for(pid_t pid, int& status) noexcept {
  pid_t r;
  do r = ::waitpid(pid, &status, 0);
  while (r < 0 && errno == EINTR);
  return r;
}

}  // namespace detail

[[nodiscard]] inline std::expected<std::string, std::string> run_process(const std::vector<std::string>& argv) {
  if (argv.empty()) return std::unexpected("no command to run");
  const std::string& name = argv[0];
  auto fail = [&](std::string_view what, int err) {
    return std::unexpected("'" + name + "' " + std::string(what) + ": " + std::system_category().message(err));
  };
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  int fds[2];
  if (detail::make_pipe(fds) != 0) return fail("could not be started (pipe)", errno);
  detail::FdCloser read_end{fds[0]}, write_end{fds[1]};

  posix_spawn_file_actions_t actions;
  if (int e = posix_spawn_file_actions_init(&actions)) return fail("could not be started", e);
  std::unique_ptr<posix_spawn_file_actions_t, void (*)(posix_spawn_file_actions_t*)> actions_guard(
      &actions, [](posix_spawn_file_actions_t* a) { posix_spawn_file_actions_destroy(a); });
  posix_spawnattr_t attr;
  if (int e = posix_spawnattr_init(&attr)) return fail("could not be started", e);
  std::unique_ptr<posix_spawnattr_t, void (*)(posix_spawnattr_t*)> attr_guard(
      &attr, [](posix_spawnattr_t* a) { posix_spawnattr_destroy(a); });

  // The child's stdout is the pipe; dup2 clears close-on-exec on the copy.
  int e = posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  // No signal blocked, and SIGPIPE back to its default (a caller may ignore it; the child should not).
  sigset_t none, pipe_only;
  sigemptyset(&none);
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  if (!e) e = posix_spawnattr_setsigmask(&attr, &none);
  if (!e) e = posix_spawnattr_setsigdefault(&attr, &pipe_only);
  if (!e) e = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  if (e) return fail("could not be started", e);

  pid_t pid = 0;
  if (int err = posix_spawnp(&pid, name.c_str(), &actions, &attr, args.data(), environ))
    return fail("could not be started", err);
  write_end.close();

  std::string out;
  out.reserve(max_process_output);  // never reallocated, so no unwiped copy of a secret is left behind
  bool too_much = false;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(read_end.fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (out.size() + static_cast<std::size_t>(n) > max_process_output) {
      too_much = true;
      break;
    }
    out.append(buf, static_cast<std::size_t>(n));
  }
  detail::secure_wipe(buf, sizeof buf);
  read_end.close();
  if (too_much) ::kill(pid, SIGKILL);  // it may wait for a reader that is gone
  int status = 0;
  if (detail::wait_for(pid, status) < 0) {
    const int err = errno;
    detail::wipe_string(out);
    return fail("could not be waited for", err);
  }
  if (too_much) {
    detail::wipe_string(out);
    return std::unexpected("'" + name + "' printed more than " + std::to_string(max_process_output) + " bytes");
  }
  if (WIFSIGNALED(status)) {
    detail::wipe_string(out);
    const int sig = WTERMSIG(status);
    const std::string_view sig_name = detail::signal_name(sig);
    return std::unexpected("'" + name + "' was killed by signal " + std::to_string(sig) +
                           (sig_name.empty() ? std::string() : " (" + std::string(sig_name) + ")"));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    detail::wipe_string(out);
    return std::unexpected("'" + name + "' exited with status " + std::to_string(WEXITSTATUS(status)));
  }
  return out;
}

// The credentials in a credential_process output, checked as the AWS SDK for JavaScript v3 checks
// them: a JSON object with Version 1 (the number), AccessKeyId and SecretAccessKey (non-empty
// strings), and optionally SessionToken and Expiration (an ISO 8601 time); null or "" counts as
// absent for those two. Other members are ignored; of duplicate members the last counts. The
// error never quotes the output (it may hold secrets). Whether the credentials have expired is
// the caller's check (ProcessFetch does it).
[[nodiscard]] inline std::expected<Credentials, std::string> parse_process_output(std::string_view json) {
  simdjson::padded_string padded(json);
  struct Wipe {
    simdjson::padded_string& s;
    ~Wipe() { detail::secure_wipe(s.data(), s.size()); }
  } wipe{padded};
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(padded).get(doc)) return std::unexpected("the output is not valid JSON");
  simdjson::dom::object object;
  if (doc.get_object().get(object)) return std::unexpected("the output is not a JSON object");

  std::optional<simdjson::dom::element> version, key_id, secret, token, expiration;
  for (auto field : object) {
    if (field.key == "Version") version = field.value;
    else if (field.key == "AccessKeyId") key_id = field.value;
    else if (field.key == "SecretAccessKey") secret = field.value;
    else if (field.key == "SessionToken") token = field.value;
    else if (field.key == "Expiration") expiration = field.value;
  }
  auto is_one = [](simdjson::dom::element v) {
    std::int64_t i;
    double d;
    if (!v.get_int64().get(i)) return i == 1;
    if (v.is_double() && !v.get_double().get(d)) return d == 1.0;
    return false;
  };
  if (!version || !is_one(*version)) return std::unexpected("the output does not have Version 1");
  // A non-empty string, or none; `required` says which error "none" is.
  auto string_of = [](const std::optional<simdjson::dom::element>& v, std::string_view member,
                      bool required) -> std::expected<std::string_view, std::string> {
    std::string_view s;
    if (!v || v->is_null()) s = {};
    else if (v->get_string().get(s)) return std::unexpected("the output's " + std::string(member) + " is not a string");
    if (s.empty() && required) return std::unexpected("the output has no " + std::string(member));
    return s;
  };
  auto id = string_of(key_id, "AccessKeyId", true);
  if (!id) return std::unexpected(id.error());
  auto sk = string_of(secret, "SecretAccessKey", true);
  if (!sk) return std::unexpected(sk.error());
  auto st = string_of(token, "SessionToken", false);
  if (!st) return std::unexpected(st.error());
  auto ex = string_of(expiration, "Expiration", false);
  if (!ex) return std::unexpected(ex.error());
  Credentials c{std::string(*id), SecretString(*sk), SecretString(*st), std::nullopt};
  if (!ex->empty()) {
    c.expiration = parse_iso8601(*ex);
    if (!c.expiration) return std::unexpected("the output's Expiration is not an ISO 8601 time");
  }
  return c;
}

// Runs `command` on the first next() and gives the credentials it printed (source Process), or
// CredentialsErrc::ProcessFailed with a detail saying why: the command line could not be split,
// the command could not run, exited non-zero or was killed, printed no valid credentials, or
// printed credentials that expired before `now` (as the SDK refuses them). The detail never
// quotes the output.
class ProcessFetch final : public CredentialsFetch {
 public:
  explicit ProcessFetch(std::string command, ProcessRunner runner = run_process)
      : command_(std::move(command)), runner_(std::move(runner)) {}

  Step next(CallTime now) override {
    if (!ran_) {
      ran_ = true;
      outcome_ = run(std::chrono::floor<std::chrono::seconds>(now));
    }
    return {};
  }
  void on_response(const HttpResponse&, std::size_t, CallTime) override {}
  void on_transport_error(const TransportError&, CallTime) override {}
  const Outcome& outcome() const& noexcept override { return outcome_; }

 private:
  Outcome run(std::chrono::sys_seconds now) {
    auto fail = [](std::string detail) {
      return std::unexpected(CredentialsError{CredentialsErrc::ProcessFailed, {}, {}, {}, std::move(detail)});
    };
    auto argv = split_command_line(command_);
    if (!argv) return fail(argv.error());
    if (!runner_) return fail("no way to run a process");
    auto out = runner_(*argv);
    if (!out) return fail(out.error());
    auto credentials = parse_process_output(*out);
    detail::wipe_string(*out);
    if (!credentials) return fail("'" + argv->front() + "': " + credentials.error());
    if (credentials->expiration && *credentials->expiration < now)
      return fail("'" + argv->front() + "' printed credentials that have already expired");
    return ProvidedCredentials{std::move(*credentials), CredentialSource::Process};
  }

  std::string command_;
  ProcessRunner runner_;
  bool ran_ = false;
  Outcome outcome_ = std::unexpected(CredentialsError{CredentialsErrc::ProcessFailed, {}, {}, {}, "not run yet"});
};

// Makes a ProcessFetch for each refresh.
class ProcessProvider final : public CredentialsProvider {
 public:
  explicit ProcessProvider(std::string command, ProcessRunner runner = run_process)
      : command_(std::move(command)), runner_(std::move(runner)) {}
  std::unique_ptr<CredentialsFetch> fetch() override { return std::make_unique<ProcessFetch>(command_, runner_); }

 private:
  std::string command_;
  ProcessRunner runner_;
};

}  // namespace redrive
