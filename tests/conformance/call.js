#!/usr/bin/env node
// Differential test of the call path (retries, the retry quota's attempt header, clock-skew
// correction) against the AWS SDK for JavaScript v3 (@aws-sdk/client-sqs with its defaults).
// A local server answers from a script per scenario and records each request's
// amz-sdk-request header and x-amz-date; the SDK and redrive's CLI (which runs the library's
// call path) face the same script, and must send the same number of requests with the same
// attempt headers, sign at the same (skew-corrected) times to the minute, and end the same way.
// Backoff waits are random in both, so they are not compared.
// Usage: node tests/conformance/call.js <path to redrive>
// Ends with "N passed, N failed"; exits 1 on any failure.
'use strict';

const http = require('node:http');
const { spawn } = require('node:child_process');
const { SQSClient, ListMessageMoveTasksCommand, StartMessageMoveTaskCommand } = require('@aws-sdk/client-sqs');

const redrive = process.argv[2];
if (!redrive) {
  console.error('usage: node tests/conformance/call.js <path to redrive>');
  process.exit(2);
}

const SOURCE = 'arn:aws:sqs:us-east-1:111122223333:orders-dlq';
const KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const MINUTE = 60 * 1000;

// A scripted answer: status, an error name (for non-2xx), and the Date header's offset from the
// real clock in minutes (undefined: the real time).
const ok = (skew) => ({ status: 200, skew });
const fail = (status, name, skew, message = 'scripted') => ({ status, name, skew, message });
const reset = () => ({ reset: true });  // the connection is dropped without an answer

// Each scenario: the calls to make ('list', or 'start' then 'list') and the answers in order.
const SCENARIOS = [
  { name: 'success', calls: ['list'], script: [ok()] },
  { name: 'throttled then success', calls: ['list'], script: [fail(400, 'ThrottlingException'), ok()] },
  { name: '429 then success', calls: ['list'], script: [fail(429, 'TooManyRequestsException'), ok()] },
  { name: '500 then success', calls: ['list'], script: [fail(500, 'InternalError'), ok()] },
  { name: '3 x 503', calls: ['list'], script: [fail(503, 'ServiceUnavailable'), fail(503, 'ServiceUnavailable'), fail(503, 'ServiceUnavailable')] },
  { name: 'connection reset then success', calls: ['list'], script: [reset(), ok()] },
  { name: 'connection reset 3 times', calls: ['list'], script: [reset(), reset(), reset()] },
  { name: 'non-retryable 400', calls: ['list'], script: [fail(400, 'InvalidParameterValue')] },
  { name: 'access denied', calls: ['list'], script: [fail(403, 'AccessDenied')] },
  { name: 'skewed Date on a signature error', calls: ['list'], script: [fail(403, 'SignatureDoesNotMatch', 60), ok(60)] },
  { name: 'RequestTimeTooSkewed, server behind', calls: ['list'], script: [fail(403, 'RequestTimeTooSkewed', -45), ok(-45)] },
  { name: 'skewed Date on any error', calls: ['list'], script: [fail(400, 'InvalidParameterValue', 30), ok(30)] },
  { name: 'skew under 5 minutes', calls: ['list'], script: [fail(403, 'SignatureDoesNotMatch', 4)] },
  { name: 'skew corrected on success persists', calls: ['start', 'list'], script: [ok(-120), ok(-120)] },
  { name: 'skew then throttling', calls: ['list'], script: [fail(403, 'InvalidSignatureException', 90), fail(400, 'ThrottlingException', 90), ok(90)] },
];

let script = [];
let seen = [];
let taskStarted;  // the scripted task's StartedTimestamp: when Start was answered, by the server's clock
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    const target = req.headers['x-amz-target'] || '';
    seen.push({ op: target.replace('AmazonSQS.', ''), attempt: req.headers['amz-sdk-request'] || '', date: req.headers['x-amz-date'] || '' });
    const answer = script.shift() || fail(500, 'ScriptEnded');
    if (answer.reset) {
      req.socket.destroy();
      return;
    }
    const headers = { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `req-${seen.length}` };
    if (answer.skew !== undefined) {
      res.sendDate = false;
      headers.date = new Date(Date.now() + answer.skew * MINUTE).toUTCString();
    }
    let out;
    const serverNow = Date.now() + (answer.skew || 0) * MINUTE;
    if (answer.status >= 200 && answer.status < 300 && target.endsWith('StartMessageMoveTask')) {
      taskStarted = serverNow - 5;
      out = JSON.stringify({ TaskHandle: 'handle-1' });
    } else if (answer.status >= 200 && answer.status < 300) {
      out = JSON.stringify({ Results: [{ Status: 'COMPLETED', SourceArn: SOURCE, ApproximateNumberOfMessagesMoved: 0, ApproximateNumberOfMessagesToMove: 0, StartedTimestamp: taskStarted ?? serverNow }] });
    } else {
      headers['x-amzn-query-error'] = `${answer.name};Sender`;
      out = JSON.stringify({ __type: `com.amazonaws.sqs#${answer.name}`, message: answer.message });
    }
    res.writeHead(answer.status, headers);
    res.end(out);
  });
});

// x-amz-date minus the real time when the request arrived, in whole minutes.
function skewOf(amzDate, arrived) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!m) return 'none';
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  return Math.round((t - arrived) / MINUTE);
}

async function withScript(answers, run) {
  script = answers.slice();
  seen = [];
  taskStarted = undefined;
  const started = Date.now();
  const outcome = await run();
  return { outcome, requests: seen.map((r) => ({ op: r.op, attempt: r.attempt, skew: skewOf(r.date, started) })) };
}

async function viaSdk(url, calls) {
  const client = new SQSClient({ region: 'us-east-1', endpoint: url, credentials: KEY });
  try {
    for (const call of calls) {
      if (call === 'start') await client.send(new StartMessageMoveTaskCommand({ SourceArn: SOURCE }));
      else await client.send(new ListMessageMoveTasksCommand({ SourceArn: SOURCE }));
    }
    return 'ok';
  } catch (e) {
    return e.$metadata && e.$metadata.httpStatusCode ? e.name : 'TransportError';
  } finally {
    client.destroy();
  }
}

function runCli(args) {
  return new Promise((resolve) => {
    const env = {
      PATH: process.env.PATH, HOME: '/nonexistent', AWS_ACCESS_KEY_ID: KEY.accessKeyId,
      AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey, AWS_CONFIG_FILE: '/nonexistent/config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
    };
    if (process.env.ASAN_OPTIONS) env.ASAN_OPTIONS = process.env.ASAN_OPTIONS;
    if (process.env.UBSAN_OPTIONS) env.UBSAN_OPTIONS = process.env.UBSAN_OPTIONS;
    const child = spawn(redrive, args, { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => { stdout += c; });
    child.stderr.on('data', (c) => { stderr += c; });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function viaRedrive(url, calls) {
  const common = ['--endpoint-url', url, '--output', 'json'];
  const args = calls.length === 2 ? ['start', '--source', SOURCE, '--wait', '--interval', '0.05', ...common]
    : ['list', '--source', SOURCE, ...common];
  const r = await runCli(args);
  if (r.code === 0) return 'ok';
  if (r.code === 3) return 'TransportError';
  const line = r.stdout.split('\n').find((l) => l.includes('"error"'));
  return line ? JSON.parse(line).error.code : `exit ${r.code}: ${r.stderr.trim()}`;
}

(async () => {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  const stop = setTimeout(() => { console.error('call.js: timed out'); process.exit(1); }, 5 * 60 * 1000);
  let passed = 0;
  let failed = 0;
  for (const s of SCENARIOS) {
    const sdk = await withScript(s.script, () => viaSdk(url, s.calls));
    const ours = await withScript(s.script, () => viaRedrive(url, s.calls));
    const a = JSON.stringify(sdk);
    const b = JSON.stringify(ours);
    if (a === b) {
      passed++;
      console.log(`ok ${s.name}: ${sdk.requests.length} requests, ${sdk.outcome}`);
    } else {
      failed++;
      console.log(`FAIL ${s.name}\n  sdk:     ${a}\n  redrive: ${b}`);
    }
  }
  clearTimeout(stop);
  server.close();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})();
