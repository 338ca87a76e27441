#!/usr/bin/env bash
# End-to-end tests: drives the real redrive CLI (libcurl transport) and the examples against the
# local SQS-compatible endpoint tests/e2e/server.js.
# Usage: bash tests/e2e/run.sh <builddir>      (the CLI is <builddir>/redrive)
# Prints "ok NAME" / "FAIL NAME: why" per test, then "N passed, N failed"; exits 1 on a failure.
# A test also fails when a command it ran printed a sanitizer report, whatever its exit code. With
# CI=true, an example that was not built is a failure, not a skip.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:?usage: tests/e2e/run.sh <builddir>}
BUILD=$(cd "$BUILD" && pwd)
CLI=$BUILD/redrive
[ -x "$CLI" ] || { echo "no CLI at $CLI" >&2; exit 2; }

TMP=$(mktemp -d)
SERVER_PID=""
HELPER_PIDS=()  # the TLS proxy, the port that never accepts
cleanup() {
  local pid
  for pid in "$SERVER_PID" "${HELPER_PIDS[@]}"; do
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
  done
  rm -rf "$TMP"
}
trap cleanup EXIT

# ---- the server -------------------------------------------------------------------------------
export E2E_RATE_MULTIPLIER=${E2E_RATE_MULTIPLIER:-10}
node "$ROOT/tests/e2e/server.js" --port 0 >"$TMP/server.out" 2>"$TMP/server.log" &
SERVER_PID=$!
for _ in $(seq 100); do
  grep -q '^listening ' "$TMP/server.out" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || break
  sleep 0.1
done
PORT=$(sed -n 's/^listening \([0-9]*\)$/\1/p' "$TMP/server.out")
if [ -z "$PORT" ]; then
  echo "the test server did not start:" >&2
  cat "$TMP/server.log" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
URL=http://127.0.0.1:$PORT

# ---- environment: only what each test sets ------------------------------------------------------
KEY_ID=AKIDEXAMPLE
SECRET='wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'
unset AWS_SESSION_TOKEN AWS_PROFILE AWS_DEFAULT_PROFILE AWS_REGION AWS_DEFAULT_REGION AWS_ENDPOINT_URL
unset AWS_CONTAINER_CREDENTIALS_RELATIVE_URI AWS_CONTAINER_CREDENTIALS_FULL_URI AWS_WEB_IDENTITY_TOKEN_FILE
export AWS_ACCESS_KEY_ID=$KEY_ID AWS_SECRET_ACCESS_KEY=$SECRET
export AWS_SHARED_CREDENTIALS_FILE=$TMP/no-credentials AWS_CONFIG_FILE=$TMP/no-config
export HOME=$TMP/home  # no ~/.aws of the machine's user
mkdir -p "$HOME"

A=arn:aws:sqs:us-east-1:000000000000
DLQ=$A:orders-dlq
FAST="--interval 0.05"

# ---- helpers ----------------------------------------------------------------------------------
PASSED=0
FAILED=0
REASON=""
OUT=""
ERR=""
RC=0
SANITIZER=""  # the first sanitizer report line seen in the current test

# run CMD...: runs a command, keeps stdout in $OUT, stderr in $ERR, the exit code in $RC.
# A sanitizer report is remembered apart: a test expecting a failure must not swallow it.
run() {
  "$@" >"$TMP/out" 2>"$TMP/err"
  RC=$?
  OUT=$(cat "$TMP/out")
  ERR=$(cat "$TMP/err")
  local report
  report=$(grep -m 1 -E 'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:' "$TMP/err")
  if [ -n "$report" ] && [ -z "$SANITIZER" ]; then
    local cmd
    cmd="$(basename "$1") ${*:2}"
    SANITIZER="${cmd:0:160}: $report"
  fi
}
cli() { run "$CLI" "$@"; }

# in_background CMD...: starts a command with its output in files; finish_background then waits for
# it and sets $OUT, $ERR and $RC as run does (sanitizer reports included).
in_background() {
  "$@" >"$TMP/bg.out" 2>"$TMP/bg.err" &
  BG_PID=$!
}
finish_background() {
  wait "$BG_PID"
  local rc=$?
  run cat "$TMP/bg.out"
  local out=$OUT
  run cat "$TMP/bg.err"
  OUT=$out
  ERR=$(cat "$TMP/bg.err")
  RC=$rc
  local report
  report=$(grep -m 1 -E 'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:' "$TMP/bg.err")
  if [ -n "$report" ] && [ -z "$SANITIZER" ]; then SANITIZER="background command: $report"; fi
}

# need WHAT TEST...: if TEST fails, records WHAT as the reason (with the last command's output).
need() {
  local what=$1; shift
  REASON=""
  if "$@"; then return 0; fi
  REASON="$what${REASON:+ ($REASON)} [exit $RC; stdout: ${OUT:0:400}; stderr: ${ERR:0:400}]"
  return 1
}
has() { [[ $1 == *"$2"* ]]; }
lacks() { [[ $1 != *"$2"* ]]; }
matches() { [[ $1 =~ $2 ]]; }
equals() { [ "$1" = "$2" ]; }

# check NAME FUNCTION: runs a test function on a fresh server state.
check() {
  local name=$1; shift
  REASON=""
  SANITIZER=""
  admin POST /_admin/reset >/dev/null
  if "$@" && [ -z "$SANITIZER" ]; then
    echo "ok $name"; PASSED=$((PASSED + 1))
  else
    [ -n "$SANITIZER" ] && REASON="sanitizer report from $SANITIZER${REASON:+; $REASON}"
    echo "FAIL $name: ${REASON:-failed}"; FAILED=$((FAILED + 1))
  fi
}
skip() {
  if [ "${CI:-}" = true ]; then echo "FAIL $1: $2 (a skip is a failure under CI)"; FAILED=$((FAILED + 1))
  else echo "skip $1: $2"; fi
}

admin() {  # admin METHOD PATH [JSON]
  if [ $# -ge 3 ]; then curl -sS -X "$1" "$URL$2" -H 'content-type: application/json' -d "$3"
  else curl -sS -X "$1" "$URL$2"; fi
}

# jsq JS-EXPRESSION: evaluates the expression with `d` = the JSON document on stdin.
jsq() {
  node -e 'const d = JSON.parse(require("fs").readFileSync(0, "utf8"));
const r = (0, eval)("(d) => (" + process.argv[1] + ")")(d);
process.stdout.write(typeof r === "string" ? r : JSON.stringify(r));' "$1"
}

# is_server_handle TEXT SOURCE: TEXT is the task handle of the source's newest task on the server.
is_server_handle() {
  local kept
  kept=$(admin GET /_admin/state | jsq "(d.tasks.filter(t => t.sourceArn === '$2').pop() || {}).taskHandle || ''")
  [ -n "$kept" ] && [ "$1" = "$kept" ] && return 0
  REASON="'$1' is not the server's handle '$kept'"
  return 1
}

# Polls the server until the source's newest task has a status matching the regex STATUS (~5 s).
wait_status() {
  local source=$1 status=$2 got=""
  for _ in $(seq 100); do
    got=$(admin GET /_admin/state | jsq "(d.tasks.filter(t => t.sourceArn === '$source').pop() || {}).status || ''")
    [[ $got =~ ^($status)$ ]] && return 0
    sleep 0.05
  done
  REASON="task of $source is '$got', expected $status"
  return 1
}

requests() { admin GET /_admin/requests; }

UUID_RE='[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'

# ---- tests: the CLI ---------------------------------------------------------------------------

t_start() {
  cli start --source "$DLQ" --destination "$A:orders" --rate 1 --endpoint-url "$URL"
  need "exit 0" equals "$RC" 0 || return 1
  need "a base64 task handle on stdout" matches "$OUT" '^[A-Za-z0-9+/]+={0,2}$' || return 1
  local decoded
  decoded=$(printf '%s' "$OUT" | base64 -d 2>/dev/null)
  need "the handle decodes to the source ARN" has "$decoded" "\"sourceArn\":\"$DLQ\"" || return 1
  need "a RUNNING task on the server" wait_status "$DLQ" RUNNING
}

t_start_json() {
  cli start --source "$DLQ" --endpoint-url "$URL" --output json
  need "exit 0" equals "$RC" 0 || return 1
  local handle
  handle=$(printf '%s' "$OUT" | jsq 'd.TaskHandle')
  need "JSON with the TaskHandle" matches "$handle" '^[A-Za-z0-9+/]+={0,2}$'
}

t_watch_completes() {
  cli start --source "$DLQ" --destination "$A:orders" --rate 100 --endpoint-url "$URL"
  need "start: exit 0" equals "$RC" 0 || return 1
  cli watch --source "$DLQ" $FAST --endpoint-url "$URL"
  need "watch: exit 0" equals "$RC" 0 || return 1
  need "watch: plain progress lines (not a TTY)" lacks "$OUT" $'\r' || return 1
  need "watch: ends with COMPLETED 25/25" matches "$(printf '%s' "$OUT" | tail -n 1)" '^COMPLETED 25/25' || return 1
  local moved
  moved=$(admin GET /_admin/state | jsq "d.queues.find(q => q.arn === '$A:orders').messages")
  need "25 messages in the destination (got $moved)" equals "$moved" 25
}

t_start_wait() {
  cli start --source "$DLQ" --rate 200 --wait $FAST --endpoint-url "$URL"
  need "exit 0" equals "$RC" 0 || return 1
  need "the handle first" matches "$(printf '%s' "$OUT" | head -n 1)" '^[A-Za-z0-9+/]+={0,2}$' || return 1
  need "then COMPLETED" has "$OUT" "COMPLETED 25/25"
}

t_watch_json() {
  cli start --source "$DLQ" --rate 100 --endpoint-url "$URL"
  cli watch --source "$DLQ" $FAST --output json --endpoint-url "$URL"
  need "exit 0" equals "$RC" 0 || return 1
  local last
  last=$(printf '%s' "$OUT" | tail -n 1 | jsq '[d.Status, d.ApproximateNumberOfMessagesMoved, d.ApproximateNumberOfMessagesToMove].join(" ")')
  need "last JSON line is COMPLETED 25 25 (got '$last')" equals "$last" "COMPLETED 25 25"
}

t_list_json() {
  cli start --source "$DLQ" --destination "$A:orders" --rate 100 --wait $FAST --endpoint-url "$URL"
  need "start --wait: exit 0" equals "$RC" 0 || return 1
  cli start --source "$DLQ" --destination "$A:orders" --rate 7 --endpoint-url "$URL"  # DLQ is empty now
  cli list --source "$DLQ" --max-results 10 --output json --endpoint-url "$URL"
  need "exit 0" equals "$RC" 0 || return 1
  local summary
  summary=$(printf '%s' "$OUT" | jsq 'd.Results.map(r => [r.Status, r.SourceArn, r.DestinationArn, r.MaxNumberOfMessagesPerSecond, r.ApproximateNumberOfMessagesMoved, r.ApproximateNumberOfMessagesToMove, typeof r.StartedTimestamp].join(",")).join(";")')
  need "two tasks, newest first (got '$summary')" equals "$summary" \
    "COMPLETED,$DLQ,$A:orders,7,0,0,number;COMPLETED,$DLQ,$A:orders,100,25,25,number"
}

t_list_text() {
  # At 1 msg/s (x E2E_RATE_MULTIPLIER) the 25 messages take seconds: the task is still RUNNING.
  cli start --source "$DLQ" --rate 1 --endpoint-url "$URL"
  need "start: exit 0" equals "$RC" 0 || return 1
  local handle=$OUT
  need "start printed the server's handle" is_server_handle "$handle" "$DLQ" || return 1
  cli list --source "$DLQ" --endpoint-url "$URL"
  need "exit 0" equals "$RC" 0 || return 1
  need "RUNNING, counts and source" matches "$OUT" "^RUNNING +[0-9]+/25 .*$DLQ" || return 1
  need "the rate" matches "$OUT" " 1 msg/s" || return 1
  need "the handle of the RUNNING task" has "$OUT" "handle $handle" || return 1
  need "the start time in UTC" matches "$OUT" 'started 20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}' || return 1
  cli list --source "$A:orders" --endpoint-url "$URL"
  need "no tasks: exit 0 and empty stdout" equals "$RC:$OUT" "0:"
}

t_cancel_running() {
  cli start --source "$DLQ" --rate 1 --endpoint-url "$URL"
  need "start: exit 0" equals "$RC" 0 || return 1
  local handle=$OUT
  cli cancel "$handle" --endpoint-url "$URL" --output json
  need "cancel: exit 0" equals "$RC" 0 || return 1
  local moved
  moved=$(printf '%s' "$OUT" | jsq 'd.ApproximateNumberOfMessagesMoved')
  need "cancel: ApproximateNumberOfMessagesMoved is a number (got '$moved')" matches "$moved" '^[0-9]+$' || return 1
  need "task CANCELLED on the server" wait_status "$DLQ" CANCELLED || return 1
  cli cancel "$handle" --endpoint-url "$URL"
  need "second cancel: exit 1" equals "$RC" 1 || return 1
  need "second cancel: InvalidParameterValue" has "$ERR" "InvalidParameterValue"
}

t_cancel_text() {
  cli start --source "$DLQ" --rate 1 --endpoint-url "$URL"
  cli cancel --task-handle "$OUT" --endpoint-url "$URL"
  need "exit 0" equals "$RC" 0 || return 1
  need "says how many moved" matches "$OUT" 'messages moved'
}

t_watch_cancelled() {
  cli start --source "$DLQ" --rate 1 --endpoint-url "$URL"
  local handle=$OUT
  cli cancel "$handle" --endpoint-url "$URL"
  cli watch --source "$DLQ" $FAST --endpoint-url "$URL"
  need "exit 1" equals "$RC" 1 || return 1
  need "CANCELLED reported" has "$OUT$ERR" "CANCELLED"
}

# Two tasks one after the other on one queue: the first (5 messages) completes while a second
# starts; following the first must report the first, not the newer one (COMPLETED 0/0).
overlapping_second_task() {
  local fifo=$1
  need "first task completes" wait_status "$fifo" COMPLETED || return 1
  cli start --source "$fifo" --endpoint-url "$URL"
  need "second start: exit 0" equals "$RC" 0
}
followed_first_task() {
  local last
  last=$(printf '%s\n' "$OUT" | grep '"Status"' | tail -n 1)
  need "exit 0" equals "$RC" 0 || return 1
  need "the last line is the first task, COMPLETED 5/5 (got '$last')" \
    matches "$last" '"Status":"COMPLETED".*"ApproximateNumberOfMessagesMoved":5,"ApproximateNumberOfMessagesToMove":5' || return 1
  local tasks
  tasks=$(admin GET /_admin/state | jsq "d.tasks.filter(t => t.sourceArn === '$1').length")
  need "the server has two tasks" equals "$tasks" 2
}

t_watch_overlapping() {
  local fifo=$A:orders-dlq.fifo
  cli start --source "$fifo" --rate 1 --endpoint-url "$URL"
  need "first start: exit 0" equals "$RC" 0 || return 1
  in_background "$CLI" watch --source "$fifo" --interval 1.5 --output json --endpoint-url "$URL"
  sleep 0.3
  overlapping_second_task "$fifo" || { finish_background; return 1; }
  finish_background
  followed_first_task "$fifo"
}

t_start_wait_overlapping() {
  local fifo=$A:orders-dlq.fifo
  in_background "$CLI" start --source "$fifo" --rate 1 --wait --interval 1.5 --output json --endpoint-url "$URL"
  overlapping_second_task "$fifo" || { finish_background; return 1; }
  finish_background
  followed_first_task "$fifo" || return 1
  need "prints the first task's handle first" matches "$(printf '%s\n' "$OUT" | head -n 1)" '^\{"TaskHandle":"'
}

t_watch_failed() {
  cli start --source "$DLQ" --rate 1 --endpoint-url "$URL"
  need "start: exit 0" equals "$RC" 0 || return 1
  admin POST /_admin/fail-task "{\"source\":\"$DLQ\",\"reason\":\"AWS.SimpleQueueService.NonExistentQueue\"}" >/dev/null
  cli watch --source "$DLQ" $FAST --endpoint-url "$URL"
  need "exit 1" equals "$RC" 1 || return 1
  need "FAILED with the FailureReason" has "$OUT$ERR" "AWS.SimpleQueueService.NonExistentQueue" || return 1
  need "FAILED status" has "$OUT$ERR" "FAILED"
}

t_watch_no_task() {
  cli watch --source "$DLQ" $FAST --endpoint-url "$URL"
  need "exit 1" equals "$RC" 1 || return 1
  need "says there is no task" has "$ERR" "no message move task"
}

t_throttle_retried() {
  admin POST /_admin/throttle '{"count":1}' >/dev/null
  cli list --source "$DLQ" --endpoint-url "$URL"
  need "exit 0" equals "$RC" 0 || return 1
  local log
  log=$(requests | jsq 'd.requests.map(r => [r.op, r.status, r.injected, r.attempt].join(",")).join(";")')
  need "two attempts: throttled then ok (log '$log')" matches "$log" \
    '^ListMessageMoveTasks,403,throttle,attempt=1; max=[0-9]+;ListMessageMoveTasks,200,,attempt=2; max=[0-9]+$'
}

t_503_retried() {
  admin POST /_admin/fail '{"status":503,"count":2}' >/dev/null
  cli start --source "$DLQ" --endpoint-url "$URL"
  need "exit 0" equals "$RC" 0 || return 1
  local log
  log=$(requests | jsq 'd.requests.map(r => [r.status, r.error].join(",")).join(";")')
  need "two 503s then ok (log '$log')" equals "$log" "503,ServiceUnavailable;503,ServiceUnavailable;200,"
}

t_retries_exhausted() {
  admin POST /_admin/throttle '{"count":5}' >/dev/null
  cli list --source "$DLQ" --max-attempts 2 --endpoint-url "$URL"
  need "exit 1" equals "$RC" 1 || return 1
  need "RequestThrottled printed" has "$ERR" "RequestThrottled" || return 1
  local n
  n=$(requests | jsq 'd.requests.length')
  need "exactly 2 attempts (got $n)" equals "$n" 2
}

t_not_retried() {
  cli start --source "$A:plain" --endpoint-url "$URL"
  need "exit 1" equals "$RC" 1 || return 1
  need "InvalidParameterValue with the message" has "$ERR" "Source queue must be configured as a Dead Letter Queue." || return 1
  local n
  n=$(requests | jsq 'd.requests.length')
  need "a client error is not retried (got $n requests)" equals "$n" 1
}

t_bad_signature() {
  AWS_SECRET_ACCESS_KEY=wrong-secret cli list --source "$DLQ" --endpoint-url "$URL"
  need "exit 1" equals "$RC" 1 || return 1
  need "SignatureDoesNotMatch printed" has "$ERR" "SignatureDoesNotMatch" || return 1
  need "HTTP status printed" has "$ERR" "403" || return 1
  need "request id printed" matches "$ERR" "request id $UUID_RE"
}

t_bad_signature_json() {
  AWS_SECRET_ACCESS_KEY=wrong-secret cli list --source "$DLQ" --endpoint-url "$URL" --output json
  need "exit 1" equals "$RC" 1 || return 1
  local got
  got=$(printf '%s' "$OUT" | jsq '[d.error.code, d.error.http_status, /^[0-9a-f-]{36}$/.test(d.error.request_id)].join(",")')
  need "JSON error object (got '$got')" equals "$got" "SignatureDoesNotMatch,403,true"
}

t_unknown_key() {
  AWS_ACCESS_KEY_ID=AKIDWRONG cli list --source "$DLQ" --endpoint-url "$URL"
  need "exit 1" equals "$RC" 1 || return 1
  need "InvalidClientTokenId printed" has "$ERR" "InvalidClientTokenId"
}

t_missing_queue() {
  cli list --source "$A:no-such-queue" --endpoint-url "$URL"
  need "exit 1" equals "$RC" 1 || return 1
  need "ResourceNotFoundException" has "$ERR" "ResourceNotFoundException" || return 1
  need "the service's message" has "$ERR" "The resource that you specified for the SourceArn parameter doesn't exist." || return 1
  need "request id printed" matches "$ERR" "request id $UUID_RE" || return 1
  local logged
  logged=$(requests | jsq 'd.requests[0].requestId')
  need "the server's request id ($logged)" has "$ERR" "$logged"
}

t_missing_destination_warns() {
  cli start --source "$DLQ" --destination "arn:aws:sqs:us-west-2:111111111111:elsewhere" --endpoint-url "$URL"
  need "exit 1" equals "$RC" 1 || return 1
  need "warning about the other account" has "$ERR" "warning: the destination is in account 111111111111" || return 1
  need "warning about the other region" has "$ERR" "region us-west-2" || return 1
  need "ResourceNotFoundException for the destination" has "$ERR" "DestinationArn parameter doesn't exist"
}

t_same_queue_warns() {
  cli start --source "$DLQ" --destination "$DLQ" --dry-run
  need "exit 0" equals "$RC" 0 || return 1
  need "warning: destination equals source" has "$ERR" "warning: the destination is the source queue"
}

t_profile() {
  cat >"$TMP/credentials" <<EOF
[default]
aws_access_key_id = AKIDWRONG
aws_secret_access_key = nope

[e2e]
aws_access_key_id = $KEY_ID
aws_secret_access_key = $SECRET
EOF
  AWS_SHARED_CREDENTIALS_FILE=$TMP/credentials run env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY \
    "$CLI" list --source "$DLQ" --profile e2e --endpoint-url "$URL"
  need "--profile e2e: exit 0" equals "$RC" 0 || return 1
  AWS_SHARED_CREDENTIALS_FILE=$TMP/credentials AWS_PROFILE=e2e run env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY \
    "$CLI" list --source "$DLQ" --endpoint-url "$URL"
  need "AWS_PROFILE=e2e: exit 0" equals "$RC" 0 || return 1
  AWS_SHARED_CREDENTIALS_FILE=$TMP/credentials run env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY \
    "$CLI" list --source "$DLQ" --endpoint-url "$URL"
  need "default profile (wrong key): exit 1" equals "$RC" 1 || return 1
  need "default profile: InvalidClientTokenId" has "$ERR" "InvalidClientTokenId" || return 1
  AWS_SHARED_CREDENTIALS_FILE=$TMP/credentials run env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY \
    "$CLI" list --source "$DLQ" --profile missing --endpoint-url "$URL"
  need "unknown profile: exit 4" equals "$RC" 4
}

t_no_credentials() {
  run env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY "$CLI" list --source "$DLQ" --endpoint-url "$URL"
  need "exit 4" equals "$RC" 4 || return 1
  need "says credentials are missing" has "$ERR" "credentials" || return 1
  local n
  n=$(requests | jsq 'd.requests.length')
  need "nothing sent (got $n requests)" equals "$n" 0
}

t_transport_error() {
  cli list --source "$DLQ" --endpoint-url "http://127.0.0.1:1" --max-attempts 1
  need "exit 3" equals "$RC" 3 || return 1
  need "names the endpoint" has "$ERR" "127.0.0.1:1"
}

t_usage_errors() {
  cli start --source "arn:aws:sqs:us-east-1:12345:dlq" --dry-run
  need "bad ARN: exit 2" equals "$RC" 2 || return 1
  need "bad ARN: field, sentence and caret" has "$ERR" "SourceArn: The account ID must be exactly 12 decimal digits" || return 1
  need "bad ARN: caret line" matches "$ERR" $'\n *\\^' || return 1
  cli start --source "$DLQ" --rate 501 --dry-run
  need "rate 501: exit 2" equals "$RC" 2 || return 1
  need "rate 501: names the member" has "$ERR" "MaxNumberOfMessagesPerSecond" || return 1
  cli start --source "$A:orders-dlq.fifo" --destination "$A:orders" --dry-run
  need "FIFO to standard: exit 2" equals "$RC" 2 || return 1
  cli start --dry-run
  need "missing --source: exit 2" equals "$RC" 2 || return 1
  cli list --source "$DLQ" --max-results 11 --dry-run
  need "max-results 11: exit 2" equals "$RC" 2 || return 1
  cli watch --source "$DLQ" --interval 0 --dry-run
  need "interval 0: exit 2" equals "$RC" 2 || return 1
  cli list --source "$DLQ" --bogus
  need "unknown option: exit 2" equals "$RC" 2 || return 1
  cli cancel
  need "cancel without a handle: exit 2" equals "$RC" 2 || return 1
  cli list --source "$DLQ" --endpoint-url "ftp://x" --dry-run
  need "bad endpoint: exit 2" equals "$RC" 2 || return 1
  local n
  n=$(requests | jsq 'd.requests.length')
  need "nothing sent (got $n requests)" equals "$n" 0
}

t_help() {
  cli --help
  need "exit 0" equals "$RC" 0 || return 1
  for c in start cancel list watch; do need "lists $c" has "$OUT" "  $c " || return 1; done
  cli start --help
  need "start --help: exit 0" equals "$RC" 0 || return 1
  need "documents exit codes" has "$OUT" "exit codes" || return 1
  need "documents --dry-run" has "$OUT" "--dry-run" || return 1
  cli --version
  local version
  version=$(sed -n "s/^[[:space:]]*version:[[:space:]]*'\([^']*\)'.*/\1/p" "$ROOT/meson.build" | head -n 1)
  need "--version: exit 0" equals "$RC" 0 || return 1
  need "--version prints meson.build's version" equals "$OUT" "redrive $version"
}

t_dry_run_unsigned() {
  run env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY "$CLI" start --source "$DLQ" --destination "$A:orders" \
    --rate 50 --region us-east-1 --dry-run
  need "exit 0" equals "$RC" 0 || return 1
  need "says unsigned" has "$OUT$ERR" "unsigned" || return 1
  need "request line" has "$OUT" "POST / HTTP/1.1" || return 1
  need "AWS host" has "$OUT" "host: sqs.us-east-1.amazonaws.com" || return 1
  need "target header" has "$OUT" "x-amz-target: AmazonSQS.StartMessageMoveTask" || return 1
  need "exact body" has "$OUT" "{\"SourceArn\":\"$DLQ\",\"DestinationArn\":\"$A:orders\",\"MaxNumberOfMessagesPerSecond\":50}" || return 1
  need "no Authorization" lacks "$OUT" "authorization:" || return 1
  local n
  n=$(requests | jsq 'd.requests.length')
  need "nothing sent (got $n requests)" equals "$n" 0
}

t_dry_run_signed() {
  cli list --source "$DLQ" --max-results 3 --dry-run
  need "exit 0" equals "$RC" 0 || return 1
  need "Authorization header" matches "$OUT" "authorization: AWS4-HMAC-SHA256 Credential=$KEY_ID/[0-9]{8}/us-east-1/sqs/aws4_request" || return 1
  need "x-amz-date header" matches "$OUT" 'x-amz-date: [0-9]{8}T[0-9]{6}Z' || return 1
  need "body" has "$OUT" "{\"SourceArn\":\"$DLQ\",\"MaxResults\":3}"
}

t_dry_run_curl() {
  cli start --source "$DLQ" --destination "$A:orders" --rate 1 --endpoint-url "$URL" --dry-run=curl
  need "exit 0" equals "$RC" 0 || return 1
  need "a curl command" matches "$OUT" '^curl ' || return 1
  local n
  n=$(requests | jsq 'd.requests.length')
  need "dry run sends nothing (got $n requests)" equals "$n" 0 || return 1
  printf '%s\n' "$OUT" >"$TMP/cmd.sh"
  run bash "$TMP/cmd.sh"
  need "the curl command succeeds" equals "$RC" 0 || return 1
  need "and starts a task" has "$OUT" '"TaskHandle":' || return 1
  need "a RUNNING task on the server" wait_status "$DLQ" RUNNING || return 1
  local log
  log=$(requests | jsq 'd.requests.map(r => [r.op, r.status, r.signatureOk].join(",")).join(";")')
  need "one signed request (log '$log')" equals "$log" "StartMessageMoveTask,200,true"
}

t_dry_run_curl_unsigned() {
  run env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY "$CLI" cancel 'abc' --region eu-west-1 --dry-run=curl
  need "exit 0" equals "$RC" 0 || return 1
  need "a curl command" matches "$OUT" $'(^|\n)curl ' || return 1
  need "says unsigned" has "$OUT$ERR" "unsigned" || return 1
  need "eu-west-1 endpoint" has "$OUT" "https://sqs.eu-west-1.amazonaws.com/" || return 1
  need "JSON body" has "$OUT" '{"TaskHandle":"abc"}'
}

t_dry_run_json() {
  cli list --source "$DLQ" --dry-run --output json
  need "exit 0" equals "$RC" 0 || return 1
  local got
  got=$(printf '%s' "$OUT" | jsq '[d.method, d.url, d.body, d.signed].join(" ")')
  need "request as JSON (got '$got')" equals "$got" "POST https://sqs.us-east-1.amazonaws.com/ {\"SourceArn\":\"$DLQ\"} true"
}

t_region_from_arn() {
  cli list --source "arn:aws-cn:sqs:cn-north-1:123456789012:dlq" --dry-run
  need "exit 0" equals "$RC" 0 || return 1
  need "China endpoint" has "$OUT" "host: sqs.cn-north-1.amazonaws.com.cn" || return 1
  need "scope region" has "$OUT" "/cn-north-1/sqs/aws4_request" || return 1
  cli list --source "$DLQ" --region us-west-2 --dry-run
  need "--region wins" has "$OUT" "host: sqs.us-west-2.amazonaws.com" || return 1
  need "warns about the region mismatch" has "$ERR" "warning:" || return 1
  cli list --source "$DLQ" --fips --dry-run
  need "--fips" has "$OUT" "host: sqs-fips.us-east-1.amazonaws.com"
}

# ---- tests: secrets -----------------------------------------------------------------------------

TOKEN='FwoGZXIvYXdzEe2eSessionTokenNeverPrinted+/AbC=='
# tok ARGS...: runs the CLI with session credentials (the test server accepts any signed token).
tok() { run env AWS_SESSION_TOKEN="$TOKEN" "$CLI" "$@"; }
# tok_in INPUT ARGS...: the same, with the line INPUT on stdin.
tok_in() {
  local input=$1
  shift
  printf '%s\n' "$input" >"$TMP/in"
  run env AWS_SESSION_TOKEN="$TOKEN" "$CLI" "$@" <"$TMP/in"
}
no_token() { lacks "$OUT$ERR" "$TOKEN"; }
# A sign line with the session token (and the secret key) in it.
sign_line() {
  printf '{"request":{"method":"POST","host":"h","path":"/"},"region":"us-east-1","credentials":{"access_key_id":"ASIAEXAMPLE","secret_access_key":"%s","session_token":"%s"},"time":0}' \
    "$SECRET" "$TOKEN"
}

# A second test server that takes the session token (the first rejects any); sets TOKEN_URL.
TOKEN_URL=""
start_token_server() {
  [ -n "$TOKEN_URL" ] && return 0
  E2E_SESSION_TOKEN=$TOKEN node "$ROOT/tests/e2e/server.js" --port 0 >"$TMP/token-server.out" 2>"$TMP/token-server.log" &
  HELPER_PIDS+=($!)
  local port=""
  for _ in $(seq 100); do
    port=$(sed -n 's/^listening \([0-9]*\)$/\1/p' "$TMP/token-server.out")
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || return 1
  TOKEN_URL=http://127.0.0.1:$port
}

t_secrets_never_printed() {
  need "a server that takes the session token" start_token_server || return 1
  local URL=$TOKEN_URL  # admin and requests talk to it too
  admin POST /_admin/reset >/dev/null
  # Every command and output form, succeeding and failing: "exit code|arguments".
  local commands=(
    "0|list --source $DLQ --endpoint-url $URL"
    "0|list --source $DLQ --endpoint-url $URL --output json"
    "0|start --source $DLQ --rate 200 --wait $FAST --endpoint-url $URL"
    "0|start --source $A:orders-dlq.fifo --rate 200 --wait $FAST --endpoint-url $URL --output json"
    "0|watch --source $DLQ $FAST --endpoint-url $URL"
    "0|watch --source $DLQ $FAST --endpoint-url $URL --output json"
    "1|cancel bogus-handle --endpoint-url $URL"
    "1|cancel bogus-handle --endpoint-url $URL --output json"
    "1|list --source $A:no-such-queue --endpoint-url $URL --output json"
    "3|list --source $DLQ --endpoint-url http://127.0.0.1:1 --max-attempts 1"
    "0|list --source $DLQ --dry-run"
    "0|list --source $DLQ --dry-run=http"
    "0|list --source $DLQ --dry-run=curl"
    "0|list --source $DLQ --dry-run --output json"
    "0|list --source $DLQ --dry-run=curl --output json"
    "2|start --source $DLQ --dry-run=curl --show-secrets --output json"
    "2|start --source $DLQ --show-secrets --endpoint-url $URL"
    "2|list --source $DLQ --dry-run --show-secrets"
    "2|list --source $DLQ --bogus"
    "0|list --help"
    "0|check $DLQ"
  )
  local entry
  for entry in "${commands[@]}"; do
    # shellcheck disable=SC2086
    tok ${entry#*|}
    need "exit ${entry%%|*}: ${entry#*|}" equals "$RC" "${entry%%|*}" || return 1
    need "no token in the output of: ${entry#*|}" no_token || return 1
  done
  # A password in an endpoint URL is refused, and masked where the URL is shown.
  tok list --source "$DLQ" --endpoint-url "http://user:e2ePasswordNeverPrinted@127.0.0.1:1" --dry-run
  need "user info: exit 2" equals "$RC" 2 || return 1
  need "user info: the password masked" has "$ERR" "http://user:***********************@127.0.0.1:1" || return 1
  run env AWS_SESSION_TOKEN="$TOKEN" AWS_SECRET_ACCESS_KEY=wrong-secret "$CLI" list --source "$DLQ" --endpoint-url "$URL" --output json
  need "bad signature: exit 1" equals "$RC" 1 || return 1
  need "bad signature: SignatureDoesNotMatch" has "$OUT" SignatureDoesNotMatch || return 1
  need "bad signature: no token" no_token || return 1
  # The machine-readable commands, with the token in their input.
  tok_in "$(sign_line)" sign
  need "sign: exit 0" equals "$RC" 0 || return 1
  need "sign: no token" no_token || return 1
  need "sign: the token's header, redacted" has "$OUT" '"x-amz-security-token":"<redacted>"' || return 1
  need "sign: no secret key" lacks "$OUT$ERR" "$SECRET" || return 1
  tok_in "{\"op\":\"StartMessageMoveTask\",\"region\":\"us-east-1\",\"input\":{\"SourceArn\":\"$TOKEN\"}}" encode
  need "encode: exit 1" equals "$RC" 1 || return 1
  tok_in '{"op":"ListMessageMoveTasks","status":403,"headers":{},"body":"{}"}' decode
  need "decode: no token" no_token || return 1
  # The dry-run forms show where the token goes.
  tok list --source "$DLQ" --dry-run
  need "http text: the header, redacted" has "$OUT" "x-amz-security-token: <redacted>" || return 1
  tok list --source "$DLQ" --dry-run --output json
  need "JSON: the header, redacted" has "$OUT" '"x-amz-security-token":"<redacted>"' || return 1
  tok list --source "$DLQ" --dry-run=curl
  need "curl: the header, redacted" has "$OUT" "x-amz-security-token: <redacted>" || return 1
  need "curl: says how to get a command that runs" has "$ERR" "--show-secrets" || return 1
  # Without a session token --show-secrets has nothing to show, and the secret key is never shown.
  run env -u AWS_SESSION_TOKEN "$CLI" list --source "$DLQ" --dry-run=curl --show-secrets
  need "no session token: no x-amz-security-token" lacks "$OUT" "x-amz-security-token" || return 1
  need "no secret key" lacks "$OUT$ERR" "$SECRET"
}

t_show_secrets() {
  need "a server that takes the session token" start_token_server || return 1
  local URL=$TOKEN_URL  # admin and requests talk to it too
  admin POST /_admin/reset >/dev/null
  tok start --source "$DLQ" --destination "$A:orders" --rate 1 --endpoint-url "$URL" --dry-run=curl --show-secrets
  need "exit 0" equals "$RC" 0 || return 1
  need "the real token" has "$OUT" "x-amz-security-token: $TOKEN" || return 1
  need "no secret key" lacks "$OUT$ERR" "$SECRET" || return 1
  printf '%s\n' "$OUT" >"$TMP/cmd.sh"
  run bash "$TMP/cmd.sh"
  need "the curl command succeeds" equals "$RC" 0 || return 1
  need "and starts a task" has "$OUT" '"TaskHandle":' || return 1
  local log
  log=$(requests | jsq 'd.requests.map(r => [r.op, r.status, r.signatureOk].join(",")).join(";")')
  need "one signed request (log '$log')" equals "$log" "StartMessageMoveTask,200,true" || return 1
  local opts
  for opts in "" "--dry-run" "--dry-run=http" "--dry-run=curl --output json" "--output json"; do
    # shellcheck disable=SC2086
    tok list --source "$DLQ" --endpoint-url "$URL" --show-secrets $opts
    need "--show-secrets $opts: exit 2" equals "$RC" 2 || return 1
    need "--show-secrets $opts: says why" has "$ERR" "--show-secrets works only with --dry-run=curl" || return 1
  done
  local n
  n=$(requests | jsq 'd.requests.length')
  need "nothing more sent (got $n requests)" equals "$n" 1 || return 1
  tok_in "$(sign_line)" sign --show-secrets
  need "sign --show-secrets: the token" has "$OUT" "\"x-amz-security-token\":\"$TOKEN\"" || return 1
  tok_in "$(sign_line)" sign --bogus
  need "sign --bogus: exit 2" equals "$RC" 2
}

# ---- tests: transport and retry settings ---------------------------------------------------------

# gap_ms: milliseconds between the arrivals of the server's first two logged requests.
gap_ms() { requests | jsq 'Date.parse(d.requests[1].time) - Date.parse(d.requests[0].time)'; }

t_retry_mode() {
  cli list --source "$DLQ" --retry-mode sometimes --dry-run
  need "bad --retry-mode: exit 2" equals "$RC" 2 || return 1
  # Adaptive: the throttle turns the client's rate limiter on; having measured one request at
  # most, it refills at 0.5 to 1.12 tokens a second, so the retry waits 0.89 s or more for a
  # token, then its backoff.
  local how gap
  for how in env flag; do
    admin POST /_admin/reset >/dev/null
    admin POST /_admin/throttle '{"count":1}' >/dev/null
    if [ "$how" = env ]; then AWS_RETRY_MODE=adaptive cli list --source "$DLQ" --endpoint-url "$URL"
    else cli list --source "$DLQ" --endpoint-url "$URL" --retry-mode adaptive; fi
    need "adaptive ($how): exit 0" equals "$RC" 0 || return 1
    gap=$(gap_ms)
    need "adaptive ($how): the retry waited for a token (gap $gap ms)" test "$gap" -ge 890 || return 1
  done
  # The flag wins over the environment; standard mode waits the backoff alone (under 1 s).
  admin POST /_admin/reset >/dev/null
  admin POST /_admin/throttle '{"count":1}' >/dev/null
  AWS_RETRY_MODE=adaptive cli list --source "$DLQ" --endpoint-url "$URL" --retry-mode standard
  need "standard: exit 0" equals "$RC" 0 || return 1
  gap=$(gap_ms)
  need "standard: the backoff alone (gap $gap ms)" test "$gap" -lt 1800 || return 1
  AWS_RETRY_MODE=legacy cli list --source "$DLQ" --endpoint-url "$URL"
  need "AWS_RETRY_MODE=legacy: standard" equals "$RC" 0 || return 1
  AWS_RETRY_MODE=sometimes cli list --source "$DLQ" --endpoint-url "$URL"
  need "AWS_RETRY_MODE=sometimes: a usage error naming the variable" has "$RC $ERR" "2 redrive: AWS_RETRY_MODE"
}

# A port whose listen queue is full: a connection to it hangs (its SYN is dropped). Prints the port.
STUCK_PORT_PY='
import socket, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(0)
port = s.getsockname()[1]
fill = []
for _ in range(4):
    c = socket.socket(); c.setblocking(False)
    try: c.connect(("127.0.0.1", port))
    except BlockingIOError: pass
    fill.append(c)
print(port, flush=True)
time.sleep(120)'

t_connect_timeout() {
  cli list --source "$DLQ" --connect-timeout 0 --dry-run
  need "--connect-timeout 0: exit 2" equals "$RC" 2 || return 1
  python3 -c "$STUCK_PORT_PY" >"$TMP/stuck.port" &
  HELPER_PIDS+=($!)
  local port=""
  for _ in $(seq 50); do port=$(cat "$TMP/stuck.port"); [ -n "$port" ] && break; sleep 0.1; done
  need "the stuck port is up" test -n "$port" || return 1
  local start end
  start=$(date +%s%N)
  cli list --source "$DLQ" --endpoint-url "http://127.0.0.1:$port" --connect-timeout 0.3 --timeout 30 --max-attempts 1
  end=$(date +%s%N)
  need "exit 3" equals "$RC" 3 || return 1
  need "a timeout" matches "$ERR" '[Tt]ime' || return 1
  local ms=$(((end - start) / 1000000))
  need "ends after the 0.3 s connect timeout, not the default 10 s ($ms ms)" test "$ms" -lt 3000
}

# A TLS proxy on 127.0.0.1 in front of the test server, with a self-signed certificate for
# 127.0.0.1; sets TLS_URL and TLS_CERT.
TLS_PROXY_JS='
const https = require("node:https"), http = require("node:http"), fs = require("node:fs");
const [key, cert, port] = process.argv.slice(1);
const s = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
  const up = http.request({ host: "127.0.0.1", port, method: req.method, path: req.url, headers: req.headers }, (r) => {
    res.writeHead(r.statusCode, r.headers);
    r.pipe(res);
  });
  up.on("error", () => { res.writeHead(502); res.end(); });
  req.pipe(up);
});
s.listen(0, "127.0.0.1", () => console.log(s.address().port));'

start_tls_proxy() {
  TLS_CERT=$TMP/tls-cert.pem
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$TMP/tls-key.pem" -out "$TLS_CERT" >/dev/null 2>&1 || return 1
  node -e "$TLS_PROXY_JS" "$TMP/tls-key.pem" "$TLS_CERT" "$PORT" >"$TMP/tls.port" 2>"$TMP/tls.log" &
  HELPER_PIDS+=($!)
  local port=""
  for _ in $(seq 100); do port=$(cat "$TMP/tls.port"); [ -n "$port" ] && break; sleep 0.05; done
  [ -n "$port" ] || return 1
  TLS_URL=https://127.0.0.1:$port
}

t_ca_bundle() {
  need "a TLS proxy with a self-signed certificate" start_tls_proxy || return 1
  cli list --source "$DLQ" --endpoint-url "$TLS_URL" --max-attempts 1
  need "the system's CAs do not trust it: exit 3" equals "$RC" 3 || return 1
  cli list --source "$DLQ" --endpoint-url "$TLS_URL" --ca-bundle "$TLS_CERT"
  need "--ca-bundle: exit 0" equals "$RC" 0 || return 1
  AWS_CA_BUNDLE=$TLS_CERT cli list --source "$DLQ" --endpoint-url "$TLS_URL"
  need "AWS_CA_BUNDLE: exit 0" equals "$RC" 0 || return 1
  AWS_CA_BUNDLE=$TMP/missing.pem cli list --source "$DLQ" --endpoint-url "$TLS_URL" --ca-bundle "$TLS_CERT"
  need "--ca-bundle wins over AWS_CA_BUNDLE: exit 0" equals "$RC" 0 || return 1
  local log
  log=$(requests | jsq 'd.requests.map(r => [r.op, r.status, r.signatureOk].join(",")).join(";")')
  need "three signed requests through TLS (log '$log')" equals "$log" \
    "ListMessageMoveTasks,200,true;ListMessageMoveTasks,200,true;ListMessageMoveTasks,200,true" || return 1
  cli list --source "$DLQ" --endpoint-url "$TLS_URL" --ca-bundle "$TMP/missing.pem"
  need "unreadable --ca-bundle: exit 2" equals "$RC" 2 || return 1
  need "names the file" has "$ERR" "--ca-bundle: cannot read the CA bundle $TMP/missing.pem" || return 1
  AWS_CA_BUNDLE=$TMP/missing.pem cli list --source "$DLQ" --endpoint-url "$TLS_URL"
  need "unreadable AWS_CA_BUNDLE: exit 2" equals "$RC" 2 || return 1
  need "names the variable" has "$ERR" "AWS_CA_BUNDLE: cannot read"
}

t_app_id() {
  local version
  version=$(sed -n "s/^[[:space:]]*version:[[:space:]]*'\([^']*\)'.*/\1/p" "$ROOT/meson.build" | head -n 1)
  cli list --source "$DLQ" --endpoint-url "$URL"
  AWS_SDK_UA_APP_ID='my app/é😀#1' cli list --source "$DLQ" --endpoint-url "$URL"
  need "exit 0" equals "$RC" 0 || return 1
  local agents
  agents=$(requests | jsq 'd.requests.map(r => r.userAgent).join(";")')
  # What @aws-sdk/client-sqs sends for the same id: app/my-app----#1.
  need "User-Agent without and with the app id (got '$agents')" equals "$agents" \
    "redrive/$version;redrive/$version app/my-app----#1"
}

t_configure_list() {
  AWS_SESSION_TOKEN=configure-list-token AWS_REGION=eu-west-1 AWS_MAX_ATTEMPTS=5 \
    cli configure list --output json
  need "exit 0" equals "$RC" 0 || return 1
  local rows
  rows=$(printf '%s' "$OUT" | jsq '["region","max_attempts","retry_mode","credentials","access_key"].map(k => [k, d[k].value, d[k].source].join("=")).join(";")')
  need "values and where they come from (got '$rows')" equals "$rows" \
    "region=eu-west-1=env AWS_REGION;max_attempts=5=env AWS_MAX_ATTEMPTS;retry_mode=standard=default;credentials=env=env AWS_ACCESS_KEY_ID;access_key=$(printf '%*s' $((${#KEY_ID} - 4)) '' | tr ' ' '*')${KEY_ID: -4}=env AWS_ACCESS_KEY_ID" || return 1
  need "no secret printed" lacks "$OUT$ERR" "$SECRET" || return 1
  need "no session token printed" lacks "$OUT$ERR" "configure-list-token" || return 1
  need "no full key id printed" lacks "$OUT$ERR" "$KEY_ID" || return 1
  AWS_EC2_METADATA_DISABLED=true run env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY "$CLI" configure list
  need "no credentials: exit 4" equals "$RC" 4 || return 1
  need "no credentials: the row says why" has "$OUT" "No AWS credentials found"
}

# ---- tests: the examples ----------------------------------------------------------------------

t_example() {  # t_example BINARY
  admin POST /_admin/throttle '{"count":1}' >/dev/null
  run "$1" "$URL" "$DLQ"
  need "exit 0" equals "$RC" 0 || return 1
  need "a task on the server" wait_status "$DLQ" 'RUNNING|COMPLETED' || return 1
  need "prints the server's task handle" is_server_handle "${OUT%%$'\n'*}" "$DLQ" || return 1
  local log
  log=$(requests | jsq 'd.requests.filter(r => r.op === "StartMessageMoveTask").map(r => [r.op, r.status, r.signatureOk].join(",")).join(";")')
  need "throttled, retried, signed (log '$log')" equals "$log" \
    "StartMessageMoveTask,403,true;StartMessageMoveTask,200,true" || return 1
  run "$1" "$URL" "$A:no-such-queue"
  need "missing queue: exit 1" equals "$RC" 1 || return 1
  need "missing queue: error code" has "$ERR" "ResourceNotFoundException"
}

# ---- run ----------------------------------------------------------------------------------------
check start t_start
check start-json t_start_json
check watch-completes t_watch_completes
check start-wait t_start_wait
check watch-json t_watch_json
check list-json t_list_json
check list-text t_list_text
check cancel-running t_cancel_running
check cancel-text t_cancel_text
check watch-cancelled t_watch_cancelled
check watch-overlapping-tasks t_watch_overlapping
check start-wait-overlapping-tasks t_start_wait_overlapping
check watch-failed t_watch_failed
check watch-no-task t_watch_no_task
check throttle-retried t_throttle_retried
check 503-retried t_503_retried
check retries-exhausted t_retries_exhausted
check client-error-not-retried t_not_retried
check bad-signature t_bad_signature
check bad-signature-json t_bad_signature_json
check unknown-access-key t_unknown_key
check missing-queue t_missing_queue
check cross-account-region-warning t_missing_destination_warns
check same-queue-warning t_same_queue_warns
check profile t_profile
check no-credentials t_no_credentials
check transport-error t_transport_error
check usage-errors t_usage_errors
check help t_help
check dry-run-unsigned t_dry_run_unsigned
check dry-run-signed t_dry_run_signed
check dry-run-curl-runs t_dry_run_curl
check dry-run-curl-unsigned t_dry_run_curl_unsigned
check dry-run-json t_dry_run_json
check region-from-arn t_region_from_arn
check secrets-never-printed t_secrets_never_printed
check show-secrets t_show_secrets
check retry-mode t_retry_mode
check connect-timeout t_connect_timeout
if command -v openssl >/dev/null; then check ca-bundle t_ca_bundle
else skip ca-bundle "no openssl to make a certificate"; fi
check app-id t_app_id
check configure-list t_configure_list
source "$ROOT/tests/e2e/fleet_cases.sh"
fleet_checks
for ex in curl_start httplib_start; do
  if [ -x "$BUILD/examples/$ex" ]; then check "example-$ex" t_example "$BUILD/examples/$ex"
  else skip "example-$ex" "not built (its dependency was not found)"; fi
done

if [ "$FAILED" -gt 0 ] && [ -n "${E2E_VERBOSE:-}" ]; then echo "--- server log"; cat "$TMP/server.log"; fi
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
