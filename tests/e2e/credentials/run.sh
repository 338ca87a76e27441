#!/usr/bin/env bash
# End-to-end credentials suite: for each scenario (a scratch HOME with ~/.aws files, a clean
# environment pointing every credential service at the local fakes of fakes.js), runs the AWS SDK
# for JavaScript v3 with its default chain (oracle.js) and the redrive CLI, and requires both to
# sign their SQS request with the same access key id and session token — the one the scenario
# table expects — or both to fail (the CLI with exit 4 and a message naming the cause).
# Usage: bash tests/e2e/credentials/run.sh <builddir>     (the CLI is <builddir>/redrive)
#        bash tests/e2e/credentials/run.sh --oracle-only  (checks the table against the SDK only)
# Prints "PASS NAME" / "FAIL NAME: why" per scenario, then "N passed, N failed"; exits 1 on a failure.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
HERE=$ROOT/tests/e2e/credentials
ORACLE_ONLY=false
BUILD=""
for arg in "$@"; do
  case "$arg" in
    --oracle-only) ORACLE_ONLY=true ;;
    -*) echo "unknown option $arg" >&2; exit 2 ;;
    *) BUILD=$arg ;;
  esac
done
if ! $ORACLE_ONLY; then
  [ -n "$BUILD" ] || { echo "usage: tests/e2e/credentials/run.sh <builddir> | --oracle-only" >&2; exit 2; }
  CLI=$(cd "$BUILD" && pwd)/redrive
  [ -x "$CLI" ] || { echo "no CLI at $CLI" >&2; exit 2; }
fi
[ -d "$ROOT/tests/conformance/node_modules/@aws-sdk/client-sqs" ] ||
  { echo "run (cd tests/conformance && npm ci) first" >&2; exit 2; }

TMP=$(mktemp -d)
FAKES_PID=""
cleanup() {
  exec 9>&- 2>/dev/null  # the fakes end when their stdin closes, even if this script is killed
  if [ -n "$FAKES_PID" ]; then kill "$FAKES_PID" 2>/dev/null; wait "$FAKES_PID" 2>/dev/null; fi
  rm -rf "$TMP"
}
trap cleanup EXIT

# ---- the fakes ---------------------------------------------------------------------------------
mkfifo "$TMP/fakes.in"
node "$HERE/fakes.js" --max-seconds 900 <"$TMP/fakes.in" >"$TMP/fakes.out" 2>"$TMP/fakes.log" &
FAKES_PID=$!
exec 9>"$TMP/fakes.in"
for _ in $(seq 100); do
  [ -s "$TMP/fakes.out" ] && break
  kill -0 "$FAKES_PID" 2>/dev/null || break
  sleep 0.1
done
PORTS=$(head -n 1 "$TMP/fakes.out" 2>/dev/null)
port() { printf '%s' "$PORTS" | sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"; }
IMDS_URL=http://127.0.0.1:$(port imds)
CONTAINER_URL=http://127.0.0.1:$(port container)
STS_URL=http://127.0.0.1:$(port sts)
SSO_URL=http://127.0.0.1:$(port sso)
SQS_URL=http://127.0.0.1:$(port sqs)
CLOSED_URL=http://127.0.0.1:$(port closed)
if [ "$SQS_URL" = "http://127.0.0.1:" ]; then
  echo "the fakes did not start:" >&2
  cat "$TMP/fakes.log" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

ARN=arn:aws:sqs:us-east-1:000000000000:orders-dlq

# ---- helpers -----------------------------------------------------------------------------------
# Every secret and session token of the suite is derived from its key id, as fakes.js derives them.
secret_for() { printf 'redrive-e2e-secret:%s' "$1" | sha256sum | cut -c1-40; }
token_for() { printf 'TOKEN_%s_%s' "$1" "$(printf 'redrive-e2e-token:%s' "$1" | sha256sum | cut -c1-24)"; }
static_keys() {  # the two lines of a profile with static keys KEY
  printf 'aws_access_key_id = %s\naws_secret_access_key = %s\n' "$1" "$(secret_for "$1")"
  [[ $1 == ASIA* ]] && printf 'aws_session_token = %s\n' "$(token_for "$1")"
  return 0
}
admin() {  # admin METHOD PATH [JSON]
  if [ $# -ge 3 ]; then curl -sS -X "$1" "$SQS_URL$2" -H 'content-type: application/json' -d "$3"
  else curl -sS -X "$1" "$SQS_URL$2"; fi
}
# log_since SEQ SERVICE FIELD,...: the fakes' requests to SERVICE after SEQ, one line each with
# the fields separated by spaces ("-" for none). (Plain text: a node start per query is slow.)
log_since() { admin GET "/_admin/requests?since=$1&service=$2&fields=$3"; }
last_seq() { local s; s=$(admin GET "/_admin/requests?fields=seq" | tail -n 1); printf '%s' "${s:-0}"; }
now_ms() { date +%s%3N; }

# Per scenario: HOME_DIR (a fresh scratch HOME), ENVV (its environment variables beyond the base),
# FAKE_CONFIG (JSON for /_admin/config), MODE (list or watch) and EXTRA (a check function run after
# each tool: EXTRA TOOL SEQ, with $RC, $ERR and $ELAPSED_MS of that tool's run).
new_home() {
  HOME_DIR=$(mktemp -d "$TMP/home.XXXXXX")
  mkdir -p "$HOME_DIR/.aws"
}
config() { cat >>"$HOME_DIR/.aws/config"; }
credentials() { cat >>"$HOME_DIR/.aws/credentials"; }
env_keys() {  # env_keys KEY: AWS_ACCESS_KEY_ID and the rest from the environment
  ENVV+=(AWS_ACCESS_KEY_ID="$1" AWS_SECRET_ACCESS_KEY="$(secret_for "$1")")
  if [[ $1 == ASIA* ]]; then ENVV+=(AWS_SESSION_TOKEN="$(token_for "$1")"); fi
}
base_env() {
  BASE_ENV=(PATH="$PATH" HOME="$HOME_DIR"
    AWS_ENDPOINT_URL_SQS="$SQS_URL" AWS_ENDPOINT_URL_STS="$STS_URL" AWS_ENDPOINT_URL_SSO="$SSO_URL"
    AWS_EC2_METADATA_SERVICE_ENDPOINT="$BASE_ENV_IMDS")
  local v
  for v in ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS; do
    if [ -n "${!v:-}" ]; then BASE_ENV+=("$v=${!v}"); fi
  done
}

# in_scenario CMD...: runs CMD in the scenario's clean environment (at most 60 s); sets RC, OUT,
# ERR, ELAPSED_MS.
in_scenario() {
  local t0
  t0=$(now_ms)
  timeout 60 env -i "${BASE_ENV[@]}" "${ENVV[@]}" "$@" >"$TMP/out" 2>"$TMP/err"
  RC=$?
  ELAPSED_MS=$(( $(now_ms) - t0 ))
  OUT=$(cat "$TMP/out")
  ERR=$(cat "$TMP/err")
}

# signed_since SEQ: what the SQS fake saw since SEQ, as "COUNT FIRST_KEY FIRST_TOKEN LAST_KEY
# LAST_TOKEN ALL_SIGNATURES_OK" ("-" for none).
signed_since() {
  local lines n
  lines=$(log_since "$1" sqs keyId,sessionToken,signatureOk)
  n=$(grep -c . <<<"$lines")
  if [ "$n" = 0 ]; then echo "0 - - - - true"; return; fi
  local all=true
  grep -qv ' true$' <<<"$lines" && all=false
  echo "$n $(head -n 1 <<<"$lines" | cut -d' ' -f1,2) $(tail -n 1 <<<"$lines" | cut -d' ' -f1,2) $all"
}

short() { [ "$1" = - ] && printf 'none' || printf '%s' "${1:0:40}"; }

# ---- per-scenario extra checks -----------------------------------------------------------------
# Each: TOOL SEQ; returns 1 with $WHY set on a failure.
x_assume_role_params() {
  local got
  got=$(log_since "$2" sts action,roleArn,roleSessionName,externalId,durationSeconds | grep '^AssumeRole ')
  [ "$got" = "AssumeRole arn:aws:iam::111111111111:role/app-role e2e-session e2e-external-id 900" ] && return 0
  WHY="STS AssumeRole got '$got', expected the profile's role_arn, role_session_name, external_id, duration_seconds"
  return 1
}
x_web_identity_session() {
  local got
  got=$(log_since "$2" sts action,roleArn,roleSessionName,webIdentityTokenOk | grep '^AssumeRoleWithWebIdentity ')
  [ "$got" = "AssumeRoleWithWebIdentity arn:aws:iam::111111111111:role/irsa-role e2e-irsa-session true" ] && return 0
  WHY="STS AssumeRoleWithWebIdentity got '$got', expected AWS_ROLE_ARN, AWS_ROLE_SESSION_NAME and the token"
  return 1
}
x_container_authorized() {
  local got
  got=$(log_since "$2" container status,authorized | grep '^200 ')
  [ "$got" = "200 true" ] && return 0
  WHY="container requests answered 200 with the configured Authorization: '$got', expected exactly one"
  return 1
}
x_imds_v2_only() {
  local got
  got=$(log_since "$2" imds method,hasToken | grep -c '^GET false$')
  [ "$got" = 0 ] && return 0
  WHY="$got IMDS GET requests without a session token (IMDSv1)"
  return 1
}
x_within_5s() {
  [ "$ELAPSED_MS" -lt 5000 ] && return 0
  WHY="took ${ELAPSED_MS} ms, expected under 5 s"
  return 1
}
x_process_stderr_passed() {
  # The SDK keeps a failing process's stderr in its error; the CLI passes it through.
  [ "$1" = oracle ] && return 0
  [[ $ERR == *"e2e: the vault is locked"* ]] && return 0
  WHY="the credential_process stderr was not passed through"
  return 1
}
x_refreshed() {
  local fetched summary n first last ok
  fetched=$(log_since "$2" container status | grep -c '^200$')
  summary=$(signed_since "$2")
  read -r n first _ last _ ok <<<"$summary"
  if [ "$fetched" -lt 2 ]; then WHY="container credentials fetched $fetched time(s), expected a refresh"; return 1; fi
  if [ "$ok" != true ]; then WHY="an SQS request was not correctly signed"; return 1; fi
  if [ "$n" -lt 4 ]; then WHY="only $n SQS requests, expected several polls"; return 1; fi
  if [[ $first != ASIACONTAINER_G1 || ! $last =~ ^ASIACONTAINER_G[2-9][0-9]*$ ]]; then
    WHY="first poll signed with $first, last with $last: expected G1, then a refreshed key"; return 1
  fi
  return 0
}

# ---- scenarios ---------------------------------------------------------------------------------
# Each s_NAME prepares HOME_DIR, ENVV, FAKE_CONFIG, MODE and EXTRA.
s_env() { env_keys AKIAENV; }
s_env_session() { env_keys ASIAENVSESSION; }
s_credentials_file() { { echo '[default]'; static_keys AKIACREDENTIALSFILE; } | credentials; }
s_config_file() { { echo '[default]'; static_keys AKIACONFIGFILE; } | config; }
s_credentials_over_config() { s_credentials_file; s_config_file; }
s_file_locations() {
  mkdir -p "$HOME_DIR/elsewhere"
  { echo '[default]'; static_keys AKIAHOMEFILE; } | credentials
  { echo '[profile ops]'; echo 'region = us-east-1'; } >"$HOME_DIR/elsewhere/config"
  { echo '[ops]'; static_keys AKIAELSEWHERE; } >"$HOME_DIR/elsewhere/credentials"
  ENVV+=(AWS_CONFIG_FILE="$HOME_DIR/elsewhere/config" AWS_SHARED_CREDENTIALS_FILE="$HOME_DIR/elsewhere/credentials" AWS_PROFILE=ops)
}
s_named_profile() {
  { echo '[default]'; static_keys AKIADEFAULT; echo '[profile dev]'; static_keys AKIADEV; } | config
  ENVV+=(AWS_PROFILE=dev)
}
s_assume_role() {
  config <<EOF
[default]
role_arn = arn:aws:iam::111111111111:role/app-role
source_profile = base
role_session_name = e2e-session
external_id = e2e-external-id
duration_seconds = 900
EOF
  { echo '[base]'; static_keys AKIABASE; } | credentials
  EXTRA=x_assume_role_params
}
s_assume_role_chained() {
  config <<EOF
[profile hop2]
role_arn = arn:aws:iam::222222222222:role/hop2
source_profile = hop1
[profile hop1]
role_arn = arn:aws:iam::111111111111:role/hop1
source_profile = base
EOF
  { echo '[base]'; static_keys AKIABASE; } | credentials
  ENVV+=(AWS_PROFILE=hop2)
}
s_source_profile_static_wins() {
  # A source profile with both static keys and a role_arn: its keys are used, its role is not assumed.
  config <<EOF
[profile top]
role_arn = arn:aws:iam::222222222222:role/top
source_profile = mid
[profile mid]
role_arn = arn:aws:iam::111111111111:role/mid
source_profile = base
EOF
  { echo '[mid]'; static_keys AKIAMID; echo '[base]'; static_keys AKIABASE; } | credentials
  ENVV+=(AWS_PROFILE=top)
}
s_credential_source_env() {
  printf '[profile cs]\nrole_arn = arn:aws:iam::111111111111:role/cs-env\ncredential_source = Environment\n' | config
  env_keys AKIAENV
  ENVV+=(AWS_PROFILE=cs)
}
s_credential_source_imds() {
  printf '[default]\nrole_arn = arn:aws:iam::111111111111:role/cs-imds\ncredential_source = Ec2InstanceMetadata\n' | config
}
s_credential_source_container() {
  printf '[default]\nrole_arn = arn:aws:iam::111111111111:role/cs-ecs\ncredential_source = EcsContainer\n' | config
  ENVV+=(AWS_CONTAINER_CREDENTIALS_FULL_URI="$CONTAINER_URL/v2/credentials/e2e")
}
web_identity_token_file() { printf '%s' e2e-web-identity-token >"$HOME_DIR/web-identity-token"; }
s_web_identity_env() {
  web_identity_token_file
  ENVV+=(AWS_WEB_IDENTITY_TOKEN_FILE="$HOME_DIR/web-identity-token"
    AWS_ROLE_ARN=arn:aws:iam::111111111111:role/irsa-role AWS_ROLE_SESSION_NAME=e2e-irsa-session)
  EXTRA=x_web_identity_session
}
s_web_identity_profile() {
  web_identity_token_file
  printf '[default]\nrole_arn = arn:aws:iam::111111111111:role/web-profile-role\nweb_identity_token_file = %s\n' \
    "$HOME_DIR/web-identity-token" | config
}
s_credential_process() {
  mkdir -p "$HOME_DIR/bin"
  cat >"$HOME_DIR/bin/e2e-creds" <<EOF
#!/bin/sh
[ "\$1" = --account ] && [ "\$2" = e2e ] || { echo "e2e-creds: unexpected arguments: \$*" >&2; exit 2; }
printf '{"Version": 1, "AccessKeyId": "ASIAPROCESS", "SecretAccessKey": "$(secret_for ASIAPROCESS)", "SessionToken": "$(token_for ASIAPROCESS)", "Expiration": "%s"}\n' "\$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)"
EOF
  chmod +x "$HOME_DIR/bin/e2e-creds"
  printf '[default]\ncredential_process = %s --account e2e\n' "$HOME_DIR/bin/e2e-creds" | config
}
s_credential_process_fails() {
  mkdir -p "$HOME_DIR/bin"
  printf '#!/bin/sh\necho "e2e: the vault is locked" >&2\nexit 1\n' >"$HOME_DIR/bin/e2e-creds"
  chmod +x "$HOME_DIR/bin/e2e-creds"
  printf '[default]\ncredential_process = %s\n' "$HOME_DIR/bin/e2e-creds" | config
  # The SDK goes on down the chain after a failing process: without IMDS, both must fail.
  ENVV+=(AWS_EC2_METADATA_DISABLED=true)
  EXTRA=x_process_stderr_passed
}
sso_cache() {  # sso_cache KEY EXPIRES_AT: the cached token of an sso-session name or a start URL
  mkdir -p "$HOME_DIR/.aws/sso/cache"
  local file
  file=$HOME_DIR/.aws/sso/cache/$(printf '%s' "$1" | sha1sum | cut -c1-40).json
  printf '{"startUrl": "https://e2e.awsapps.com/start", "region": "us-east-1", "accessToken": "e2e-sso-access-token", "expiresAt": "%s"}\n' "$2" >"$file"
}
s_sso_session() {
  config <<EOF
[default]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = ReadOnly
[sso-session corp]
sso_start_url = https://e2e.awsapps.com/start
sso_region = us-east-1
EOF
  sso_cache corp "$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)"
}
s_sso_legacy() {
  config <<EOF
[default]
sso_start_url = https://e2e.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111122223333
sso_role_name = LegacyAdmin
EOF
  sso_cache https://e2e.awsapps.com/start "$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)"
}
s_sso_expired() {
  s_sso_session
  sso_cache corp "$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)"
}
s_container() { ENVV+=(AWS_CONTAINER_CREDENTIALS_FULL_URI="$CONTAINER_URL/v2/credentials/e2e"); }
s_container_alone() { s_container; ENVV+=(AWS_EC2_METADATA_DISABLED=true); }
s_container_token() {
  s_container
  ENVV+=(AWS_CONTAINER_AUTHORIZATION_TOKEN=e2e-container-authorization)
  FAKE_CONFIG='{"container": {"authorization": "e2e-container-authorization"}}'
  EXTRA=x_container_authorized
}
s_container_token_file() {
  s_container
  printf '%s' e2e-container-authorization >"$HOME_DIR/container-token"
  ENVV+=(AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE="$HOME_DIR/container-token")
  FAKE_CONFIG='{"container": {"authorization": "e2e-container-authorization"}}'
  EXTRA=x_container_authorized
}
s_container_token_file_over_token() {
  s_container_token_file
  ENVV+=(AWS_CONTAINER_AUTHORIZATION_TOKEN=not-the-right-token)
}
s_imds() { EXTRA=x_imds_v2_only; }
s_env_over_files() { s_env; s_credentials_file; }
s_profile_hides_env() { s_named_profile; env_keys AKIAENV; }
s_files_over_remote() { s_credentials_file; s_container; }
s_files_over_web_identity() { s_credentials_file; s_web_identity_env; EXTRA=""; }
s_web_identity_over_container() { s_web_identity_env; s_container; }
s_container_over_imds() { s_container; }
s_imds_unreachable() {
  BASE_ENV_IMDS=$CLOSED_URL
  EXTRA=x_within_5s
}
s_imds_no_role() { FAKE_CONFIG='{"imds": {"role": null}}'; }
s_no_credentials() { ENVV+=(AWS_EC2_METADATA_DISABLED=true); }
s_refresh_during_watch() {
  # 302 s: inside the SDK's 5-minute refresh window about 2 s after each fetch.
  s_container
  FAKE_CONFIG='{"container": {"expirySeconds": 302, "rotate": true}, "sqs": {"runningPolls": 5}}'
  MODE=watch
  EXTRA=x_refreshed
}

# The table: name | expected access key id, or "error" (both fail; the CLI exits 4) | setup |
# for an error, what the CLI's message must match (extended regex, case-insensitive).
# The session token expected is the one of the key id (fakes.js) for an ASIA key, none for AKIA.
# IMDS is reachable (the fake, with a role) unless a scenario says otherwise.
SCENARIOS=(
  "env                               | AKIAENV                                        | s_env"
  "env-session-token                 | ASIAENVSESSION                                 | s_env_session"
  "credentials-file                  | AKIACREDENTIALSFILE                            | s_credentials_file"
  "config-file                       | AKIACONFIGFILE                                 | s_config_file"
  "credentials-file-over-config-file | AKIACREDENTIALSFILE                            | s_credentials_over_config"
  "file-locations-from-env           | AKIAELSEWHERE                                  | s_file_locations"
  "named-profile                     | AKIADEV                                        | s_named_profile"
  "assume-role-source-profile        | ASIASTS_APPROLE_FROM_AKIABASE                  | s_assume_role"
  "assume-role-chained-two-hops      | ASIASTS_HOP2_FROM_ASIASTS_HOP1_FROM_AKIABASE   | s_assume_role_chained"
  "source-profile-static-keys-win    | ASIASTS_TOP_FROM_AKIAMID                       | s_source_profile_static_wins"
  "credential-source-environment     | ASIASTS_CSENV_FROM_AKIAENV                     | s_credential_source_env"
  "credential-source-ec2-metadata    | ASIASTS_CSIMDS_FROM_ASIAIMDS                   | s_credential_source_imds"
  "credential-source-ecs-container   | ASIASTS_CSECS_FROM_ASIACONTAINER               | s_credential_source_container"
  "web-identity-env                  | ASIAWEBID_IRSAROLE                             | s_web_identity_env"
  "web-identity-profile              | ASIAWEBID_WEBPROFILEROLE                       | s_web_identity_profile"
  "credential-process                | ASIAPROCESS                                    | s_credential_process"
  "credential-process-fails          | error                                          | s_credential_process_fails | credential_process"
  "sso-session                       | ASIASSO_111122223333_READONLY                  | s_sso_session"
  "sso-legacy                        | ASIASSO_111122223333_LEGACYADMIN               | s_sso_legacy"
  "sso-expired-token                 | error                                          | s_sso_expired | sso login"
  "container-full-uri                | ASIACONTAINER                                  | s_container_alone"
  "container-authorization-token     | ASIACONTAINER                                  | s_container_token"
  "container-authorization-file      | ASIACONTAINER                                  | s_container_token_file"
  "container-token-file-over-token   | ASIACONTAINER                                  | s_container_token_file_over_token"
  "imds                              | ASIAIMDS                                       | s_imds"
  "env-over-files                    | AKIAENV                                        | s_env_over_files"
  "aws-profile-hides-env-keys        | AKIADEV                                        | s_profile_hides_env"
  "files-over-container-and-imds     | AKIACREDENTIALSFILE                            | s_files_over_remote"
  "files-over-web-identity-env       | AKIACREDENTIALSFILE                            | s_files_over_web_identity"
  "web-identity-env-over-container   | ASIAWEBID_IRSAROLE                             | s_web_identity_over_container"
  "container-over-imds               | ASIACONTAINER                                  | s_container_over_imds"
  "imds-unreachable                  | error                                          | s_imds_unreachable | credential"
  "imds-no-role                      | error                                          | s_imds_no_role | credential"
  "no-credentials                    | error                                          | s_no_credentials | credential"
  "credentials-refreshed-during-watch| ASIACONTAINER_G1                               | s_refresh_during_watch"
)

# ---- running a scenario ------------------------------------------------------------------------
trim() { local s=$1; s=${s#"${s%%[![:space:]]*}"}; printf '%s' "${s%"${s##*[![:space:]]}"}"; }

prepare() {  # prepare SETUP: a fresh HOME, environment and fake state for one tool's run
  new_home
  ENVV=()
  FAKE_CONFIG='{}'
  MODE=list
  EXTRA=""
  BASE_ENV_IMDS=$IMDS_URL
  "$1"
  base_env
  admin POST /_admin/reset >/dev/null
  admin POST /_admin/config "$FAKE_CONFIG" >/dev/null
}

# run_tool TOOL: runs the oracle or the CLI in the prepared scenario; sets SIGNED (signed_since's
# summary), SEQ0, RC, OUT, ERR, ELAPSED_MS.
run_tool() {
  SEQ0=$(last_seq)
  if [ "$1" = oracle ]; then
    if [ "$MODE" = watch ]; then in_scenario node "$HERE/oracle.js" --source "$ARN" --calls 6 --interval 1
    else in_scenario node "$HERE/oracle.js" --source "$ARN"; fi
  else
    if [ "$MODE" = watch ]; then in_scenario "$CLI" watch --source "$ARN" --interval 1 --output json --endpoint-url "$SQS_URL"
    else in_scenario "$CLI" list --source "$ARN" --output json --endpoint-url "$SQS_URL"; fi
  fi
  SIGNED=$(signed_since "$SEQ0")
}

# verdict TOOL EXPECTED MESSAGE_RE: checks the last run of TOOL against the scenario's expectation;
# returns 1 with $WHY set.
verdict() {
  local tool=$1 expected=$2 message=$3 n first ftoken last ltoken ok
  read -r n first ftoken last ltoken ok <<<"$SIGNED"
  WHY=""
  if [ "$tool" = cli ] && grep -qE 'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:' "$TMP/err"; then
    WHY="sanitizer report: $(grep -m 1 -E 'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:' "$TMP/err")"
    return 1
  fi
  if [ "$expected" = error ]; then
    if [ "$n" != 0 ]; then WHY="$tool signed with $first, expected no credentials"; return 1; fi
    if [ "$tool" = oracle ]; then
      if [[ $OUT != '{"ok":false,'* ]]; then WHY="oracle did not report a failure (rc $RC: ${OUT:0:200} ${ERR:0:200})"; return 1; fi
    else
      if [ "$RC" != 4 ]; then WHY="cli exit $RC, expected 4 (stderr: ${ERR:0:300})"; return 1; fi
      if ! grep -qiE -- "$message" <<<"$ERR"; then WHY="cli message does not match /$message/: ${ERR:0:300}"; return 1; fi
    fi
  else
    local want_token=-
    [[ $expected == ASIA* ]] && want_token=$(token_for "$expected")
    if [ "$n" = 0 ]; then
      local detail=${ERR:0:300}
      [ "$tool" = oracle ] && detail=${OUT:0:300}
      WHY="$tool sent no SQS request (exit $RC: ${detail:-${OUT:0:200}}), expected $expected"
      return 1
    fi
    if [ "$first" != "$expected" ]; then WHY="$tool signed with $first, expected $expected"; return 1; fi
    if [ "$ftoken" != "$want_token" ]; then
      WHY="$tool sent session token $(short "$ftoken"), expected $(short "$want_token")"; return 1
    fi
    if [ "$ok" != true ]; then WHY="the SQS fake rejected a signature of $tool"; return 1; fi
    if [ "$RC" != 0 ]; then WHY="$tool exit $RC (${ERR:0:300})"; return 1; fi
    if [ "$tool" = oracle ] && [[ $OUT != '{"ok":true,'* ]]; then
      WHY="oracle reported a failure: ${OUT:0:300}"; return 1
    fi
  fi
  if [ -n "$EXTRA" ] && ! "$EXTRA" "$tool" "$SEQ0"; then WHY="$tool: $WHY"; return 1; fi
  return 0
}

PASSED=0
FAILED=0
for row in "${SCENARIOS[@]}"; do
  IFS='|' read -r name expected setup message <<<"$row"
  name=$(trim "$name"); expected=$(trim "$expected"); setup=$(trim "$setup"); message=$(trim "${message:-}")
  result=PASS
  prepare "$setup"
  run_tool oracle
  if ! verdict oracle "$expected" "$message"; then
    result="FAIL"; WHY="oracle disagrees with the table: $WHY"
  elif ! $ORACLE_ONLY; then
    oracle_signed=$SIGNED
    prepare "$setup"
    run_tool cli
    if ! verdict cli "$expected" "$message"; then
      result=FAIL
    else
      # Both met the table; for a long watch both also start and end with the same keys.
      read -r _ of _ _ _ _ <<<"$oracle_signed"
      read -r _ cf _ _ _ _ <<<"$SIGNED"
      if [ "$of" != "$cf" ]; then result=FAIL; WHY="oracle signed first with $of, cli with $cf"; fi
    fi
  fi
  if [ "$result" = PASS ]; then echo "PASS $name"; PASSED=$((PASSED + 1))
  else echo "FAIL $name: $WHY"; FAILED=$((FAILED + 1)); fi
done

if [ "$FAILED" -gt 0 ] && [ -n "${E2E_VERBOSE:-}" ]; then echo "--- fakes log"; cat "$TMP/fakes.log"; fi
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
