# The e2e cases of `redrive discover`, `preflight` and `fleet`; sourced by run.sh, whose helpers
# (cli, need, admin, jsq, in_background, ...) they use.

# fleet_queues N: the server gets appI (its RedrivePolicy names appI-dlq) and appI-dlq holding 10*I
# messages, for I = 1..N.
fleet_queues() {
  local json="" i
  for i in $(seq "$1"); do
    json+="${json:+,}{\"arn\":\"$A:app$i\",\"redrive_policy\":{\"deadLetterTargetArn\":\"$A:app$i-dlq\",\"maxReceiveCount\":3}}"
    json+=",{\"arn\":\"$A:app$i-dlq\",\"messages\":$((10 * i))}"
  done
  admin POST /_admin/queues "{\"queues\":[$json]}" >/dev/null
}

# server_tasks JS-FILTER-ON-t: how many of the server's tasks pass the filter.
server_tasks() { admin GET /_admin/state | jsq "d.tasks.filter(t => $1).length"; }

# over_limit_answers: how many StartMessageMoveTask requests the server refused with OverLimit.
over_limit_answers() {
  admin GET /_admin/requests | jsq "d.requests.filter(r => r.op === 'StartMessageMoveTask' && r.error === 'OverLimit').length"
}

# ---- discover ---------------------------------------------------------------------------------

t_discover_json() {
  cli discover --output json --endpoint-url "$URL"
  need "exit 0" equals "$RC" 0 || return 1
  local got
  got=$(printf '%s\n' "$OUT" | while read -r line; do
    printf '%s' "$line" | jsq '[d.dlq, d.fifo, d.messages, d.sources.join("+")].join(" ")'; echo; done)
  need "the two DLQs, fullest first (got '$got')" equals "$got" \
    "$DLQ false 25 $A:orders
$DLQ.fifo true 5 $A:orders.fifo"
}

t_discover_prefix() {
  fleet_queues 7
  cli discover --prefix app --endpoint-url "$URL"
  need "exit 0" equals "$RC" 0 || return 1
  need "7 lines" equals "$(printf '%s\n' "$OUT" | wc -l)" 7 || return 1
  need "app7-dlq first, with its 70 messages and its source" \
    matches "$(printf '%s' "$OUT" | head -n 1)" "^ *70 +$A:app7-dlq .*app7" || return 1
  need "app1-dlq last" matches "$(printf '%s' "$OUT" | tail -n 1)" "^ *10 +$A:app1-dlq" || return 1
  need "no queue of another prefix" lacks "$OUT" orders
}

t_discover_none() {
  cli discover --prefix nothing-here --endpoint-url "$URL"
  need "exit 0" equals "$RC" 0 || return 1
  need "nothing on stdout" equals "$OUT" "" || return 1
  need "says so on stderr" has "$ERR" "no dead-letter queue"
}

# ---- preflight --------------------------------------------------------------------------------

# preflight_results ARGS...: runs preflight --output json and sets $GOT to "check=result ..." lines.
preflight_results() {
  cli preflight "$@" --output json --endpoint-url "$URL"
  GOT=$(printf '%s\n' "$OUT" | while read -r line; do
    [ -n "$line" ] && printf '%s' "$line" | jsq 'd.check + "=" + d.result + (typeof d.detail === "string" && d.detail ? "" : "(no detail)")'; echo; done | tr '\n' ' ')
}

t_preflight_pass() {
  preflight_results --source "$DLQ" --destination "$A:orders" --rate 10
  need "exit 0" equals "$RC" 0 || return 1
  need "seven checks, all passing (got '$GOT')" equals "$GOT" \
    "source-exists=pass source-is-dlq=pass destination-exists=pass same-queue-type=pass no-active-task=pass messages=pass duration=pass "
}

t_preflight_text() {
  cli preflight --source "$DLQ" --endpoint-url "$URL"
  need "exit 0" equals "$RC" 0 || return 1
  need "a line per check" equals "$(printf '%s\n' "$OUT" | wc -l)" 7 || return 1
  need "result, name and reason" matches "$(printf '%s' "$OUT" | head -n 1)" '^pass +source-exists +[A-Z]'
}

t_preflight_not_dlq() {
  preflight_results --source "$A:plain"
  need "exit 1" equals "$RC" 1 || return 1
  need "source-is-dlq fails (got '$GOT')" has "$GOT" "source-is-dlq=fail"
}

t_preflight_missing_queues() {
  preflight_results --source "$A:no-such-dlq"
  need "exit 1" equals "$RC" 1 || return 1
  need "source-exists fails (got '$GOT')" has "$GOT" "source-exists=fail" || return 1
  preflight_results --source "$DLQ" --destination "$A:no-such-queue"
  need "exit 1" equals "$RC" 1 || return 1
  need "destination-exists fails (got '$GOT')" has "$GOT" "destination-exists=fail" || return 1
  need "the source's checks still pass" has "$GOT" "source-exists=pass source-is-dlq=pass"
}

t_preflight_queue_type() {
  preflight_results --source "$DLQ.fifo" --destination "$A:orders"
  need "exit 1" equals "$RC" 1 || return 1
  need "same-queue-type fails (got '$GOT')" has "$GOT" "same-queue-type=fail"
}

t_preflight_active_task() {
  cli start --source "$DLQ" --rate 1 --endpoint-url "$URL"
  need "start: exit 0" equals "$RC" 0 || return 1
  preflight_results --source "$DLQ"
  need "exit 1" equals "$RC" 1 || return 1
  need "no-active-task fails (got '$GOT')" has "$GOT" "no-active-task=fail"
}

t_preflight_warnings() {
  admin POST /_admin/queues "{\"queues\":[{\"arn\":\"$DLQ\",\"messages\":0},{\"arn\":\"$DLQ.fifo\",\"messages\":1000000}]}" >/dev/null
  preflight_results --source "$DLQ"
  need "an empty DLQ: exit 0" equals "$RC" 0 || return 1
  need "messages warns (got '$GOT')" has "$GOT" "messages=warn" || return 1
  preflight_results --source "$DLQ.fifo" --rate 1
  need "a million at 1/s: exit 0" equals "$RC" 0 || return 1
  need "duration warns (got '$GOT')" has "$GOT" "duration=warn" || return 1
  need "past 36 hours" has "$OUT" "36-hour"
}

# ---- fleet ------------------------------------------------------------------------------------

t_fleet_quota() {
  fleet_queues 7
  admin POST /_admin/config '{"max_active_tasks":3}' >/dev/null
  cli fleet --all --prefix app --rate 20 $FAST --journal "$TMP/quota.jsonl" --endpoint-url "$URL"
  need "exit 0" equals "$RC" 0 || return 1
  need "7 COMPLETED tasks on the server" equals "$(server_tasks "t.status === 'COMPLETED'")" 7 || return 1
  need "one task per DLQ" equals "$(server_tasks "true")" 7 || return 1
  need "the DLQs are empty" equals "$(admin GET /_admin/state | jsq "d.queues.filter(q => /app.-dlq/.test(q.arn) && q.messages > 0).length")" 0 || return 1
  need "the quota answer was met and waited out (OverLimit answers: $(over_limit_answers))" \
    matches "$(over_limit_answers)" '^[1-9]' || return 1
  need "a summary line" matches "$(printf '%s' "$OUT" | tail -n 1)" '7 completed'
}

t_fleet_max_active() {
  fleet_queues 5
  admin POST /_admin/config '{"max_active_tasks":2}' >/dev/null
  cli fleet --all --prefix app --rate 20 --max-active 2 $FAST --journal "$TMP/max.jsonl" --output json --endpoint-url "$URL"
  need "exit 0" equals "$RC" 0 || return 1
  need "never a third task at once: no OverLimit answer" equals "$(over_limit_answers)" 0 || return 1
  need "5 COMPLETED tasks" equals "$(server_tasks "t.status === 'COMPLETED'")" 5 || return 1
  local last
  last=$(printf '%s' "$OUT" | tail -n 1 | jsq '[d.fleet.completed, d.fleet.failed].join(" ")')
  need "the JSON summary counts 5 completed (got '$last')" equals "$last" "5 0"
}

t_fleet_sources_file() {
  printf '# DLQ and where its messages go\n%s %s\n\n%s\n' "$DLQ" "$A:plain" "$DLQ.fifo" >"$TMP/sources"
  cli fleet --sources "$TMP/sources" --rate 50 $FAST --journal "$TMP/sources.jsonl" --endpoint-url "$URL"
  need "exit 0" equals "$RC" 0 || return 1
  need "orders-dlq went to plain" equals "$(admin GET /_admin/state | jsq "d.queues.find(q => q.arn === '$A:plain').messages")" 28 || return 1
  need "orders-dlq.fifo went back to its source" equals "$(admin GET /_admin/state | jsq "d.queues.find(q => q.arn === '$A:orders.fifo').messages")" 5 || return 1
  need "the journal has a start and an end per DLQ" equals "$(grep -c . "$TMP/sources.jsonl")" 4 || return 1
  # Again minutes later with a new journal: the new tasks end before their first poll, next to the
  # earlier tasks, and are still told apart from them.
  admin POST /_admin/queues "{\"queues\":[{\"arn\":\"$DLQ\",\"messages\":10}]}" >/dev/null
  cli fleet --sources "$TMP/sources" --rate 500 --interval 1 --journal "$TMP/sources-again.jsonl" --endpoint-url "$URL"
  need "the second fleet: exit 0" equals "$RC" 0 || return 1
  need "two tasks per DLQ on the server" equals "$(server_tasks "t.status === 'COMPLETED'")" 4
}

t_fleet_failed_task() {
  fleet_queues 3
  admin POST /_admin/fail-task "{\"source\":\"$A:app2-dlq\",\"reason\":\"AWS.SimpleQueueService.NonExistentQueue\",\"at_moved\":0}" >/dev/null
  cli fleet --all --prefix app --rate 50 $FAST --journal "$TMP/failed.jsonl" --endpoint-url "$URL"
  need "exit 1" equals "$RC" 1 || return 1
  need "the failed DLQ and its reason are reported" matches "$OUT$ERR" "app2-dlq.*NonExistentQueue" || return 1
  need "the others completed" equals "$(server_tasks "t.status === 'COMPLETED'")" 2
}

t_fleet_skips_failing_preflight() {
  printf '%s\n%s\n' "$A:plain" "$DLQ" >"$TMP/sources"
  cli fleet --sources "$TMP/sources" --rate 100 $FAST --journal "$TMP/skip.jsonl" --endpoint-url "$URL"
  need "exit 1" equals "$RC" 1 || return 1
  need "no task for the queue that is not a DLQ" equals "$(server_tasks "t.sourceArn === '$A:plain'")" 0 || return 1
  need "the DLQ was drained" equals "$(server_tasks "t.sourceArn === '$DLQ' && t.status === 'COMPLETED'")" 1 || return 1
  need "the skip is reported with the failing check" matches "$OUT$ERR" "plain.*(skipped|source-is-dlq|dead-letter)"
}

t_fleet_resume() {
  fleet_queues 4
  admin POST /_admin/config '{"max_active_tasks":2}' >/dev/null
  in_background "$CLI" fleet --all --prefix app --rate 1 $FAST --journal "$TMP/resume.jsonl" --endpoint-url "$URL"
  local i
  for i in $(seq 100); do
    [ "$(cat "$TMP/resume.jsonl" 2>/dev/null | grep -c '"start"')" -ge 2 ] && break
    sleep 0.05
  done
  kill -9 "$BG_PID" 2>/dev/null
  wait "$BG_PID" 2>/dev/null
  need "two tasks started before the kill" equals "$(server_tasks "t.status === 'RUNNING'")" 2 || return 1
  printf '{"event":"start","sou' >>"$TMP/resume.jsonl"  # as if killed while writing a line
  # The rest at full speed: the server moves the running tasks faster too once they are resumed.
  cli fleet --all --prefix app --rate 100 $FAST --journal "$TMP/resume.jsonl" --endpoint-url "$URL"
  need "exit 0" equals "$RC" 0 || return 1
  local starts
  starts=$(admin GET /_admin/state | jsq "[1,2,3,4].map(i => d.tasks.filter(t => t.sourceArn === '$A:app' + i + '-dlq').length).join(' ')")
  need "one task per DLQ, none started twice (got '$starts')" equals "$starts" "1 1 1 1" || return 1
  need "all COMPLETED" equals "$(server_tasks "t.status === 'COMPLETED'")" 4 || return 1
  need "the cut line was reported" has "$ERR" "cut short" || return 1
  need "and dropped: every journal line is JSON" \
    node -e 'require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").forEach((l) => JSON.parse(l))' "$TMP/resume.jsonl"
}

t_fleet_interrupt() {
  fleet_queues 2
  admin POST /_admin/queues "{\"queues\":[{\"arn\":\"$A:app1-dlq\",\"messages\":1000},{\"arn\":\"$A:app2-dlq\",\"messages\":1000}]}" >/dev/null
  in_background "$CLI" fleet --all --prefix app --rate 1 $FAST --journal "$TMP/int.jsonl" --endpoint-url "$URL"
  local i
  for i in $(seq 100); do [ "$(server_tasks "t.status === 'RUNNING'")" = 2 ] && break; sleep 0.05; done
  kill -INT "$BG_PID"
  finish_background
  need "exit 1" equals "$RC" 1 || return 1
  need "says the tasks are left running" has "$ERR" "left running" || return 1
  need "the tasks still run" equals "$(server_tasks "t.status === 'RUNNING'")" 2 || return 1

  in_background "$CLI" fleet --all --prefix app --rate 1 $FAST --cancel-on-interrupt --journal "$TMP/int.jsonl" --endpoint-url "$URL"
  sleep 0.5
  kill -INT "$BG_PID"
  finish_background
  need "exit 1" equals "$RC" 1 || return 1
  need "the resumed tasks were cancelled" wait_status "$A:app1-dlq" "CANCELL(ING|ED)" || return 1
  need "both" wait_status "$A:app2-dlq" "CANCELL(ING|ED)" || return 1
  need "and not started twice" equals "$(server_tasks "true")" 2
}

fleet_checks() {
  check discover-json t_discover_json
  check discover-prefix t_discover_prefix
  check discover-none t_discover_none
  check preflight-pass t_preflight_pass
  check preflight-text t_preflight_text
  check preflight-not-dlq t_preflight_not_dlq
  check preflight-missing-queues t_preflight_missing_queues
  check preflight-queue-type t_preflight_queue_type
  check preflight-active-task t_preflight_active_task
  check preflight-warnings t_preflight_warnings
  check fleet-quota t_fleet_quota
  check fleet-max-active t_fleet_max_active
  check fleet-sources-file t_fleet_sources_file
  check fleet-failed-task t_fleet_failed_task
  check fleet-skips-failing-preflight t_fleet_skips_failing_preflight
  check fleet-resume t_fleet_resume
  check fleet-interrupt t_fleet_interrupt
}
