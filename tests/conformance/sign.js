#!/usr/bin/env node
// Differential test of `redrive sign` against @smithy/signature-v4, the SigV4 signer of the AWS
// SDK for JavaScript v3 (SignatureV4 with Sha256 from @aws-crypto/sha256-js).
// Generates requests (random bodies with Unicode, header values with odd spacing and case,
// unsignable headers, stale auth headers, paths with dot segments and escapes, query strings,
// session tokens, long secrets, times across midnight, every region), signs each with both, and
// compares authorization, x-amz-date, x-amz-security-token and x-amz-content-sha256 (redrive sign
// --show-secrets). Without --show-secrets each line must be the same with the session token's
// value "<redacted>".
// Usage: node tests/conformance/sign.js <path to redrive> [cases=500] [seed=20150830]
// Ends with "N passed, N failed"; exits 1 on any failure.
'use strict';

const { spawnSync } = require('node:child_process');
const { SignatureV4 } = require('@smithy/signature-v4');
const { Sha256 } = require('@aws-crypto/sha256-js');
const { HttpRequest } = require('@smithy/core/protocols');

const redrive = process.argv[2];
if (!redrive) {
  console.error('usage: node tests/conformance/sign.js <path to redrive> [cases] [seed]');
  process.exit(2);
}
const CASES = Number(process.argv[3] || 500);
const SEED = Number(process.argv[4] || 20150830);

// mulberry32: a small seeded generator, so a failure can be replayed with the same seed.
let state = SEED >>> 0;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n) => Math.floor(random() * n);
const pick = (list) => list[int(list.length)];
const chance = (p) => random() < p;

const REGIONS = [
  'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
  'ap-south-1', 'ap-south-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4',
  'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7', 'ca-central-1', 'ca-west-1', 'eu-central-1',
  'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3',
  'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1', 'sa-east-1', 'us-east-1', 'us-east-2',
  'us-west-1', 'us-west-2', 'cn-north-1', 'cn-northwest-1', 'us-gov-east-1', 'us-gov-west-1',
  'us-iso-east-1', 'us-iso-west-1', 'us-isob-east-1', 'us-isob-west-1', 'eu-isoe-west-1',
  'us-isof-east-1', 'us-isof-south-1', 'eusc-de-east-1',
];
const SUFFIX = (r) => r.startsWith('cn-') ? 'amazonaws.com.cn'
  : r.startsWith('us-isob-') ? 'sc2s.sgov.gov' : r.startsWith('us-isof-') ? 'csp.hci.ic.gov'
  : r.startsWith('us-iso-') ? 'c2s.ic.gov' : r.startsWith('eu-isoe-') ? 'cloud.adc-e.uk'
  : r.startsWith('eusc-') ? 'amazonaws.eu' : 'amazonaws.com';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64 = ALNUM + '+/';
const word = (alphabet, n) => Array.from({ length: n }, () => pick(alphabet)).join('');

// Text with the characters that trip signers: spaces and tabs in runs, quotes, escapes, percent
// signs, reserved URI characters, and non-ASCII from every UTF-8 length (no lone surrogates).
const ODD = [' ', '  ', '\t', ' \t ', '"', '\\', '%', '%20', '+', '&', '=', '/', '?', ':', ';', ',', '~', '*',
  "'", '(', ')', '!', '@', '#', '$', '[', ']', '{', '}', 'é', 'ß', 'Ω', 'ж', 'ह', '中文', '日本', '한',
  '€', '😀', '🚀', '\u0301', '\u00a0', '\u2028'];
function text(maxLen) {
  const n = int(maxLen + 1);
  let s = '';
  while (s.length < n) s += chance(0.7) ? word(ALNUM, 1 + int(6)) : pick(ODD);
  return s;
}

function headerName(name) {
  // Random letter case: the signer must lower-case names.
  return chance(0.5) ? name : name.split('-').map((p) => (chance(0.5) ? p[0].toUpperCase() + p.slice(1) : p.toUpperCase())).join('-');
}

function headerValue() {
  switch (int(6)) {
    case 0: return '';
    case 1: return '  leading and trailing  ';
    case 2: return 'a\t\tb   c \t d';
    case 3: return 'line one\r\nline two\nthree\r';
    case 4: return text(40);
    default: return word(ALNUM, 1 + int(20));
  }
}

function path() {
  if (chance(0.6)) return '/';
  const segments = [];
  for (let i = 0, n = 1 + int(5); i < n; i++) {
    segments.push(pick(['.', '..', '', 'queue', 'a b', '%2F', '%41', 'ünï', '😀', "it's", 'x*y', word(ALNUM, 1 + int(8)),
      text(10).replace(/[?#/]/g, '')]));
  }
  return '/' + segments.join('/') + (chance(0.3) ? '/' : '');
}

// Query parameters as @smithy's HttpRequest takes them (a value or a list of values per key),
// and the same as a raw query string for redrive's path.
function query() {
  const q = {};
  const raw = [];
  for (let i = 0, n = 1 + int(4); i < n; i++) {
    const key = pick(['Action', 'Version', 'a', 'A', 'b-c', 'x_y', 'ключ', 'k e y', text(8)]) || 'k';
    const values = Array.from({ length: chance(0.2) ? 2 + int(2) : 1 }, () => (chance(0.2) ? '' : text(12)));
    for (const v of values) raw.push(`${encodeURIComponent(key)}=${encodeURIComponent(v)}`);
    if (q[key] === undefined) q[key] = values.length === 1 ? values[0] : values;
    else q[key] = [].concat(q[key], values);
  }
  return { q, raw: raw.join('&') };
}

function time() {
  const day = int(47482) * 86400; // 1970-01-01 .. 2099-12-31
  switch (int(5)) {
    case 0: return { seconds: day + 86399 }; // one second before midnight
    case 1: return { seconds: day }; // midnight
    case 2: return { seconds: day + int(86400), fraction: String(int(1000)).padStart(3, '0') };
    case 3: return { seconds: pick([951782400, 1709164800, 946684799, 946684800, 1440938160, 0, 4102444799]) };
    default: return { seconds: day + int(86400) };
  }
}

function makeCase(i) {
  const region = pick(REGIONS);
  const service = chance(0.9) ? 'sqs' : pick(['service', 'iam', 'execute-api']);
  const host = chance(0.85) ? `sqs.${region}.${SUFFIX(region)}` : pick(['localhost:4566', 'example.amazonaws.com', '127.0.0.1:9324']);
  const method = chance(0.85) ? 'POST' : pick(['GET', 'PUT', 'DELETE']);
  const headers = {};
  const add = (name, value) => { headers[headerName(name)] = value; };
  if (chance(0.9)) {
    add('content-type', 'application/x-amz-json-1.0');
    add('x-amz-target', pick(['AmazonSQS.StartMessageMoveTask', 'AmazonSQS.CancelMessageMoveTask', 'AmazonSQS.ListMessageMoveTasks']));
    add('x-amzn-query-mode', 'true');
  }
  if (chance(0.5)) add('host', host);
  const extras = ['x-custom-header', 'my-header1', 'x-amz-meta-note', 'amz-sdk-invocation-id', 'amz-sdk-request',
    'x-amz-user-agent', 'user-agent', 'connection', 'expect', 'proxy-authorization', 'sec-fetch-mode',
    'x-amzn-trace-id', 'cache-control', 'te', 'date', 'x-amz-date', 'authorization', 'content-encoding'];
  for (let k = int(5); k > 0; k--) {
    const name = pick(extras);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === name)) add(name, headerValue());
  }
  const body = pick(['', '{}', '{"SourceArn":"arn:aws:sqs:us-east-1:123456789012:dlq"}', text(60), text(2000), '😀'.repeat(1 + int(20))]);
  if (method !== 'GET' && chance(0.7)) add('content-length', String(Buffer.byteLength(body)));
  const explicitHash = chance(0.1) ? pick(['UNSIGNED-PAYLOAD', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', '']) : undefined;
  if (explicitHash !== undefined) add('x-amz-content-sha256', explicitHash);

  const session = chance(0.5);
  const credentials = {
    access_key_id: (session ? 'ASIA' : 'AKIA') + word('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16),
    secret_access_key: word(B64, pick([40, 40, 40, 1, 59, 60, 61, 64, 100])),
  };
  if (session) credentials.session_token = word(B64, 100 + int(700)) + pick(['', '==', '=']);
  else if (chance(0.05)) add('x-amz-security-token', 'a token the caller set');

  const p = path();
  const qs = chance(0.15) ? query() : null;
  const t = time();
  const iso = new Date(t.seconds * 1000).toISOString().replace('.000Z', t.fraction ? `.${t.fraction}Z` : 'Z');
  const applyChecksum = chance(0.75);
  return {
    i, region, service, credentials, applyChecksum, body, headers, host, method,
    path: p, query: qs ? qs.q : {},
    line: {
      request: { method, host, path: qs ? `${p}?${qs.raw}` : p, headers, body },
      region, service, credentials,
      time: chance(0.15) && !t.fraction ? t.seconds : iso,
      content_sha256: applyChecksum,
    },
    signingDate: new Date(iso),
  };
}

async function expected(c) {
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: c.credentials.access_key_id,
      secretAccessKey: c.credentials.secret_access_key,
      ...(c.credentials.session_token && { sessionToken: c.credentials.session_token }),
    },
    region: c.region,
    service: c.service,
    sha256: Sha256,
    applyChecksum: c.applyChecksum,
  });
  const headers = { ...c.headers };
  // @smithy signs the headers it is given; the SDK's request always carries host.
  if (!Object.keys(headers).some((h) => h.toLowerCase() === 'host')) headers.host = c.host;
  const request = new HttpRequest({ method: c.method, protocol: 'https:', hostname: c.host, path: c.path, query: c.query, headers, body: c.body });
  const signed = await signer.sign(request, { signingDate: c.signingDate });
  const out = {};
  for (const [name, value] of Object.entries(signed.headers)) {
    const lower = name.toLowerCase();
    if (['authorization', 'x-amz-date', 'x-amz-content-sha256'].includes(lower)) out[lower] = value;
    if (lower === 'x-amz-security-token' && c.credentials.session_token) out[lower] = value;
  }
  return out;
}

(async () => {
  const cases = Array.from({ length: CASES }, (_, i) => makeCase(i));
  const input = cases.map((c) => JSON.stringify(c.line)).join('\n') + '\n';
  const sign = (args) => spawnSync(redrive, ['sign', ...args], { input, encoding: 'utf8', maxBuffer: 1 << 28 });
  const run = sign(['--show-secrets']);
  const redactedRun = sign([]);
  for (const r of [run, redactedRun]) {
    if (r.error) {
      console.error(`cannot run ${redrive}: ${r.error.message}`);
      console.log(`0 passed, ${CASES} failed`);
      process.exit(1);
    }
  }
  const lines = run.stdout.split('\n').filter((l) => l.length > 0);
  const redactedLines = redactedRun.stdout.split('\n').filter((l) => l.length > 0);
  let passed = 0;
  let failed = 0;
  for (const c of cases) {
    const want = await expected(c);
    let got;
    try {
      got = JSON.parse(lines[c.i]).headers;
    } catch (e) {
      got = undefined;
    }
    const same = got && JSON.stringify(Object.entries(got).sort()) === JSON.stringify(Object.entries(want).sort());
    let redacted;
    try {
      redacted = JSON.parse(redactedLines[c.i]).headers;
    } catch (e) {
      redacted = undefined;
    }
    const wantRedacted = { ...want };
    if (wantRedacted['x-amz-security-token'] !== undefined) wantRedacted['x-amz-security-token'] = '<redacted>';
    const sameRedacted = redacted && JSON.stringify(Object.entries(redacted).sort()) === JSON.stringify(Object.entries(wantRedacted).sort());
    if (same && sameRedacted) {
      passed++;
      continue;
    }
    failed++;
    if (failed <= 10) {
      console.log(`case ${c.i} differs (seed ${SEED})`);
      console.log(`  input:    ${JSON.stringify(c.line)}`);
      console.log(`  smithy:   ${JSON.stringify(want)}`);
      console.log(`  redrive:  ${lines[c.i]}`);
      console.log(`  redacted: ${redactedLines[c.i]}`);
    }
  }
  if (lines.length !== cases.length) console.log(`redrive printed ${lines.length} lines for ${cases.length} cases`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && lines.length === cases.length ? 0 : 1);
})().catch((e) => {
  console.error(e);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
