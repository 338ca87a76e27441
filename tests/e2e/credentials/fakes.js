#!/usr/bin/env node
// Local fakes of the credential services for the credentials end-to-end suite (run.sh), and a small
// SQS endpoint that records which credentials signed each request. Every server listens on
// 127.0.0.1 on its own ephemeral port:
//   imds       EC2 instance metadata, IMDSv2: PUT /latest/api/token, then
//              GET /latest/meta-data/iam/security-credentials/[<role>] with the token
//   container  the ECS/EKS container credentials endpoint: GET <any path>, Authorization checked
//              when one is configured
//   sts        STS query protocol: POST / with AssumeRole (SigV4-signed) or
//              AssumeRoleWithWebIdentity (unsigned, WebIdentityToken checked), XML answers
//   sso        the IAM Identity Center portal: GET /federation/credentials with x-amz-sso_bearer_token
//   sqs        AWS JSON 1.0 ListMessageMoveTasks, signature verified, signer recorded
// plus "closed": a port that was free when the fakes started and has no listener.
// When all listen, one JSON line with the ports goes to stdout. The process ends after
// --max-seconds (default 600), when stdin closes, or on SIGTERM/SIGINT.
//
// Credentials are recognisable and deterministic: the access key id says who issued it
// (ASIAIMDS, ASIACONTAINER, ASIASTS_<ROLE>_FROM_<caller key id>, ASIAWEBID_<ROLE>,
// ASIASSO_<ACCOUNT>_<ROLE>), the secret key is secretFor(keyId) and the session token
// tokenFor(keyId), so the STS and SQS fakes can verify signatures of any key they or a test issued
// (run.sh derives static keys' secrets the same way). An AKIA key must come without a session
// token, an ASIA key with its own. Unsigned admin API on every port:
//   GET  /_admin/requests[?since=SEQ][&service=NAME][&fields=a,b]  the requests seen, oldest first,
//        as JSON, or with fields as text lines for shell scripts (no secret keys are logged)
//   POST /_admin/config {service: {...}}  merges settings (see DEFAULT_CONFIG)
//   POST /_admin/reset                  default settings, empty log, counters back to 0
'use strict';

const crypto = require('node:crypto');
const http = require('node:http');
const path = require('node:path');

const MODULES = path.join(__dirname, '../../conformance/node_modules');
const { SignatureV4 } = require(path.join(MODULES, '@smithy/signature-v4'));
const { Sha256 } = require(path.join(MODULES, '@aws-crypto/sha256-js'));

const MAX_BODY_BYTES = 1 << 20;
const CLOCK_SKEW_MS = 15 * 60 * 1000;

// ---------------------------------------------------------------------------
// Deterministic credentials

function secretFor(keyId) {
  return crypto.createHash('sha256').update(`redrive-e2e-secret:${keyId}`).digest('hex').slice(0, 40);
}

function tokenFor(keyId) {
  return `TOKEN_${keyId}_${crypto.createHash('sha256').update(`redrive-e2e-token:${keyId}`).digest('hex').slice(0, 24)}`;
}

// A role ARN's name, as a key id part: "arn:aws:iam::1:role/team/app-role" -> "APPROLE".
function keyPart(text) {
  return String(text).split('/').pop().toUpperCase().replace(/[^A-Z0-9]/g, '');
}

function isoSeconds(ms) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// ---------------------------------------------------------------------------
// State

const DEFAULT_CONFIG = {
  // rotate: each fetch gets a new key id, suffixed _G<n> (n counts this service's issues).
  imds: { expirySeconds: 3600, rotate: false, role: 'e2e-instance-role' }, // role null: no role attached (404)
  container: { expirySeconds: 3600, rotate: false, authorization: null }, // authorization: required header value
  sts: { expirySeconds: 3600, webIdentityToken: 'e2e-web-identity-token' },
  sso: { expirySeconds: 3600, accessToken: 'e2e-sso-access-token' },
  // ListMessageMoveTasks answers a RUNNING task this many times, then COMPLETED.
  sqs: { runningPolls: 0 },
};

const state = {
  config: null,
  requests: [],
  seq: 0,
  issued: { imds: 0, container: 0, sts: 0, sso: 0 },
  imdsTokens: new Set(),
  sqsPolls: 0,
  startedMs: 0,
};

function reset() {
  state.config = JSON.parse(JSON.stringify(DEFAULT_CONFIG));
  state.requests = [];
  state.seq = 0;
  state.issued = { imds: 0, container: 0, sts: 0, sso: 0 };
  state.imdsTokens = new Set();
  state.sqsPolls = 0;
  state.startedMs = Date.now();
}

function record(service, req, fields) {
  const entry = { seq: ++state.seq, time: new Date().toISOString(), service, method: req.method, path: req.url, status: null, ...fields };
  state.requests.push(entry);
  if (state.requests.length > 5000) state.requests.shift();
  return entry;
}

// Issues credentials for a service: { keyId, secret, token, expiration (ms) }.
function issue(service, baseKeyId) {
  const generation = ++state.issued[service];
  const cfg = state.config[service];
  const keyId = cfg.rotate ? `${baseKeyId}_G${generation}` : baseKeyId;
  return { keyId, secret: secretFor(keyId), token: tokenFor(keyId), expiration: Date.now() + cfg.expirySeconds * 1000 };
}

// ---------------------------------------------------------------------------
// HTTP helpers

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res, status, headers, text) {
  const body = Buffer.from(text, 'utf8');
  res.writeHead(status, { ...headers, 'Content-Length': body.length });
  res.end(body);
}

function sendJson(res, status, doc, headers = {}) {
  send(res, status, { 'Content-Type': 'application/json', ...headers }, JSON.stringify(doc));
}

function log(line) {
  process.stderr.write(`[e2e-cred-fakes ${new Date().toISOString()}] ${line}\n`);
}

// ---------------------------------------------------------------------------
// SigV4 verification (as tests/e2e/server.js does it, for any key the fakes can derive)

const AUTH_HEADER = /^AWS4-HMAC-SHA256 +Credential=([^,\s]+), *SignedHeaders=([a-z0-9;-]+), *Signature=([0-9a-f]{64})$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

class SigError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code; // AccessDenied | InvalidClientTokenId | SignatureDoesNotMatch
  }
}

function amzDateToDate(text) {
  const m = AMZ_DATE.exec(text);
  if (!m) return null;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  return Number.isNaN(d.getTime()) ? null : d;
}

function parseQuery(search) {
  const query = {};
  for (const [k, v] of new URLSearchParams(search)) {
    if (query[k] === undefined) query[k] = v;
    else if (Array.isArray(query[k])) query[k].push(v);
    else query[k] = [query[k], v];
  }
  return query;
}

// Fills entry.keyId / entry.sessionToken / entry.signatureOk; throws a SigError when the request
// is not signed for `service` with the secret and session token of its key id.
async function verifySignature(req, body, service, entry) {
  const authorization = req.headers.authorization;
  if (authorization === undefined) throw new SigError('AccessDenied', 'The request carries no Authorization header.');
  const m = AUTH_HEADER.exec(authorization.trim());
  if (!m) throw new SigError('SignatureDoesNotMatch', 'The Authorization header is not a well-formed AWS4-HMAC-SHA256 header.');
  const [, credential, signedHeaderList, signature] = m;
  const scope = credential.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request') throw new SigError('SignatureDoesNotMatch', 'Malformed Credential.');
  const [keyId, scopeDate, region, scopeService] = scope;
  const token = req.headers['x-amz-security-token'];
  entry.keyId = keyId;
  entry.sessionToken = token ?? null;
  entry.region = region;
  if (scopeService !== service) throw new SigError('SignatureDoesNotMatch', `Credential should be scoped to correct service: '${service}'.`);
  if (keyId.startsWith('ASIA')) {
    if (token !== tokenFor(keyId)) throw new SigError('InvalidClientTokenId', 'The security token included in the request is invalid.');
  } else if (keyId.startsWith('AKIA')) {
    if (token !== undefined) throw new SigError('InvalidClientTokenId', 'The security token included in the request is invalid.');
  } else {
    throw new SigError('InvalidClientTokenId', 'The security token included in the request is invalid.');
  }
  const amzDate = req.headers['x-amz-date'];
  const signingDate = amzDate && amzDateToDate(amzDate);
  if (!signingDate || amzDate.slice(0, 8) !== scopeDate) throw new SigError('SignatureDoesNotMatch', 'Bad or mismatched X-Amz-Date.');
  if (Math.abs(signingDate.getTime() - Date.now()) > CLOCK_SKEW_MS) throw new SigError('SignatureDoesNotMatch', 'Signature expired.');
  const signedHeaders = signedHeaderList.split(';');
  if (!signedHeaders.includes('host')) throw new SigError('SignatureDoesNotMatch', 'The host header must be signed.');
  const headers = {};
  for (const name of signedHeaders) {
    const value = req.headers[name];
    if (value === undefined) throw new SigError('SignatureDoesNotMatch', `Signed header ${name} is missing.`);
    headers[name] = Array.isArray(value) ? value.join(',') : String(value);
  }
  const bodyHash = crypto.createHash('sha256').update(body).digest('hex');
  const claimed = req.headers['x-amz-content-sha256'];
  if (claimed !== undefined && claimed !== bodyHash) throw new SigError('SignatureDoesNotMatch', 'x-amz-content-sha256 does not match the body.');
  const url = new URL(req.url, 'http://placeholder');
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: keyId,
      secretAccessKey: secretFor(keyId),
      sessionToken: signedHeaders.includes('x-amz-security-token') ? token : undefined,
    },
    region,
    service,
    sha256: Sha256,
    uriEscapePath: true,
    applyChecksum: false,
  });
  const expected = await signer.sign(
    { method: req.method, protocol: 'http:', hostname: 'unused', path: url.pathname, query: parseQuery(url.search), headers, body },
    { signingDate, signingRegion: region, signingService: service, signableHeaders: new Set(signedHeaders) },
  );
  const em = AUTH_HEADER.exec(expected.headers.authorization);
  const same = em && em[2] === signedHeaderList &&
    crypto.timingSafeEqual(Buffer.from(em[3], 'hex'), Buffer.from(signature, 'hex'));
  if (!same) throw new SigError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
  entry.signatureOk = true;
}

// ---------------------------------------------------------------------------
// IMDS (IMDSv2 only: a request without a valid token gets 401, as on an instance requiring v2)

const IMDS_CREDS = '/latest/meta-data/iam/security-credentials/';

async function handleImds(req, res) {
  const entry = record('imds', req, { hasToken: req.headers['x-aws-ec2-metadata-token'] !== undefined });
  await readBody(req);
  const answer = (status, text, type = 'text/plain') => {
    entry.status = status;
    send(res, status, { 'Content-Type': type }, text);
  };
  const url = new URL(req.url, 'http://x');
  const cfg = state.config.imds;
  if (url.pathname === '/latest/api/token') {
    if (req.method !== 'PUT') return answer(405, '');
    const ttl = Number(req.headers['x-aws-ec2-metadata-token-ttl-seconds']);
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > 21600) return answer(400, '');
    entry.action = 'token';
    const token = `imds-token-${crypto.randomBytes(12).toString('hex')}`;
    state.imdsTokens.add(token);
    entry.status = 200;
    return send(res, 200, { 'Content-Type': 'text/plain', 'x-aws-ec2-metadata-token-ttl-seconds': String(ttl) }, token);
  }
  if (req.method !== 'GET') return answer(405, '');
  if (!state.imdsTokens.has(req.headers['x-aws-ec2-metadata-token'])) return answer(401, '');
  if (!url.pathname.startsWith(IMDS_CREDS)) return answer(404, '');
  const role = url.pathname.slice(IMDS_CREDS.length);
  if (role === '') {
    entry.action = 'role';
    return cfg.role ? answer(200, cfg.role) : answer(404, '');
  }
  if (!cfg.role || role !== cfg.role) return answer(404, '');
  const c = issue('imds', 'ASIAIMDS');
  entry.action = 'credentials';
  entry.issued = c.keyId;
  return answer(200, JSON.stringify({
    Code: 'Success',
    LastUpdated: isoSeconds(Date.now()),
    Type: 'AWS-HMAC',
    AccessKeyId: c.keyId,
    SecretAccessKey: c.secret,
    Token: c.token,
    Expiration: isoSeconds(c.expiration),
  }), 'application/json');
}

// ---------------------------------------------------------------------------
// Container credentials endpoint

async function handleContainer(req, res) {
  const cfg = state.config.container;
  const given = req.headers.authorization;
  const entry = record('container', req, { hasAuthorization: given !== undefined });
  await readBody(req);
  if (req.method !== 'GET') {
    entry.status = 405;
    return sendJson(res, 405, { Code: 'MethodNotAllowed', Message: 'GET only' });
  }
  if (cfg.authorization !== null && given !== cfg.authorization) {
    entry.status = 401;
    entry.authorized = false;
    return sendJson(res, 401, { Code: 'AccessDenied', Message: 'Authorization header missing or wrong' });
  }
  entry.authorized = cfg.authorization !== null;
  const c = issue('container', 'ASIACONTAINER');
  entry.status = 200;
  entry.issued = c.keyId;
  return sendJson(res, 200, {
    RoleArn: 'arn:aws:iam::000000000000:role/e2e-task-role',
    AccessKeyId: c.keyId,
    SecretAccessKey: c.secret,
    Token: c.token,
    Expiration: isoSeconds(c.expiration),
  });
}

// ---------------------------------------------------------------------------
// STS (query protocol, XML)

const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

function xmlEscape(s) {
  return String(s).replace(/[<>&'"]/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' }[ch]));
}

function stsError(res, entry, status, code, message) {
  entry.status = status;
  entry.error = code;
  const requestId = crypto.randomUUID();
  send(res, status, { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId },
    `<ErrorResponse xmlns="${STS_NS}">\n  <Error>\n    <Type>Sender</Type>\n    <Code>${code}</Code>\n` +
    `    <Message>${xmlEscape(message)}</Message>\n  </Error>\n  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`);
}

function stsCredentialsXml(c, roleArn, sessionName) {
  const account = (/^arn:[^:]+:iam::(\d+):role\//.exec(roleArn) || [])[1] || '000000000000';
  const roleName = String(roleArn).split('/').pop();
  return `    <AssumedRoleUser>\n      <AssumedRoleId>AROAE2EFAKE${keyPart(roleName)}:${xmlEscape(sessionName)}</AssumedRoleId>\n` +
    `      <Arn>arn:aws:sts::${account}:assumed-role/${xmlEscape(roleName)}/${xmlEscape(sessionName)}</Arn>\n    </AssumedRoleUser>\n` +
    `    <Credentials>\n      <AccessKeyId>${c.keyId}</AccessKeyId>\n      <SecretAccessKey>${c.secret}</SecretAccessKey>\n` +
    `      <SessionToken>${c.token}</SessionToken>\n      <Expiration>${isoSeconds(c.expiration)}</Expiration>\n    </Credentials>\n`;
}

function stsAnswer(res, entry, action, inner) {
  entry.status = 200;
  const requestId = crypto.randomUUID();
  send(res, 200, { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId },
    `<${action}Response xmlns="${STS_NS}">\n  <${action}Result>\n${inner}  </${action}Result>\n` +
    `  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n</${action}Response>\n`);
}

async function handleSts(req, res) {
  const entry = record('sts', req, { action: null, keyId: null, sessionToken: null, signatureOk: false });
  const body = await readBody(req);
  if (body === null) return stsError(res, entry, 413, 'RequestEntityTooLarge', 'Request body too large.');
  if (req.method !== 'POST' || new URL(req.url, 'http://x').pathname !== '/') {
    return stsError(res, entry, 400, 'InvalidAction', 'Use POST / with a form body.');
  }
  const form = new URLSearchParams(body.toString('utf8'));
  const action = form.get('Action');
  entry.action = action;
  entry.version = form.get('Version');
  entry.roleArn = form.get('RoleArn');
  entry.roleSessionName = form.get('RoleSessionName');
  entry.externalId = form.get('ExternalId');
  entry.durationSeconds = form.get('DurationSeconds');
  if (entry.version !== '2011-06-15') return stsError(res, entry, 400, 'InvalidAction', 'Version must be 2011-06-15.');
  if (!entry.roleArn) return stsError(res, entry, 400, 'MissingParameter', 'RoleArn is required.');
  if (!entry.roleSessionName) return stsError(res, entry, 400, 'MissingParameter', 'RoleSessionName is required.');
  if (entry.durationSeconds !== null && !/^\d+$/.test(entry.durationSeconds)) {
    return stsError(res, entry, 400, 'ValidationError', 'DurationSeconds must be a number.');
  }
  const cfg = state.config.sts;
  if (action === 'AssumeRole') {
    try {
      await verifySignature(req, body, 'sts', entry);
    } catch (e) {
      if (!(e instanceof SigError)) throw e;
      return stsError(res, entry, 403, e.code, e.message);
    }
    const c = issue('sts', `ASIASTS_${keyPart(entry.roleArn)}_FROM_${entry.keyId}`);
    entry.issued = c.keyId;
    return stsAnswer(res, entry, 'AssumeRole', stsCredentialsXml(c, entry.roleArn, entry.roleSessionName) +
      '    <PackedPolicySize>6</PackedPolicySize>\n');
  }
  if (action === 'AssumeRoleWithWebIdentity') {
    entry.signed = req.headers.authorization !== undefined;
    const token = form.get('WebIdentityToken');
    entry.webIdentityTokenOk = token === cfg.webIdentityToken;
    if (!token) return stsError(res, entry, 400, 'MissingParameter', 'WebIdentityToken is required.');
    if (!entry.webIdentityTokenOk) return stsError(res, entry, 400, 'InvalidIdentityToken', 'The web identity token is not valid.');
    const c = issue('sts', `ASIAWEBID_${keyPart(entry.roleArn)}`);
    entry.issued = c.keyId;
    return stsAnswer(res, entry, 'AssumeRoleWithWebIdentity',
      '    <SubjectFromWebIdentityToken>system:serviceaccount:e2e:app</SubjectFromWebIdentityToken>\n' +
      '    <Audience>sts.amazonaws.com</Audience>\n' +
      stsCredentialsXml(c, entry.roleArn, entry.roleSessionName) +
      '    <Provider>arn:aws:iam::000000000000:oidc-provider/oidc.e2e.example</Provider>\n');
  }
  return stsError(res, entry, 400, 'InvalidAction', `Could not find operation ${action} for version 2011-06-15.`);
}

// ---------------------------------------------------------------------------
// SSO portal (GetRoleCredentials)

async function handleSso(req, res) {
  const url = new URL(req.url, 'http://x');
  const bearer = req.headers['x-amz-sso_bearer_token'];
  const entry = record('sso', req, {
    accountId: url.searchParams.get('account_id'),
    roleName: url.searchParams.get('role_name'),
    tokenOk: bearer === state.config.sso.accessToken,
  });
  await readBody(req);
  const error = (status, type, message) => {
    entry.status = status;
    entry.error = type;
    sendJson(res, status, { message }, { 'x-amzn-ErrorType': `${type}:http://internal.amazon.com/coral/com.amazonaws.switchboard.portal/` });
  };
  if (req.method !== 'GET' || url.pathname !== '/federation/credentials') return error(404, 'ResourceNotFoundException', 'No such resource.');
  if (!entry.accountId || !entry.roleName) return error(400, 'InvalidRequestException', 'account_id and role_name are required.');
  if (!entry.tokenOk) return error(401, 'UnauthorizedException', 'Session token not found or invalid');
  const c = issue('sso', `ASIASSO_${keyPart(entry.accountId)}_${keyPart(entry.roleName)}`);
  entry.status = 200;
  entry.issued = c.keyId;
  return sendJson(res, 200, {
    roleCredentials: { accessKeyId: c.keyId, secretAccessKey: c.secret, sessionToken: c.token, expiration: c.expiration },
  });
}

// ---------------------------------------------------------------------------
// SQS: ListMessageMoveTasks only, enough for `redrive list` and `redrive watch`

async function handleSqs(req, res) {
  const target = req.headers['x-amz-target'];
  const entry = record('sqs', req, { op: typeof target === 'string' ? target.replace(/^AmazonSQS\./, '') : null,
    keyId: null, sessionToken: null, signatureOk: false, userAgent: req.headers['user-agent'] ?? null });
  const requestId = crypto.randomUUID();
  const error = (status, type, code, message) => {
    entry.status = status;
    entry.error = code;
    send(res, status, { 'Content-Type': 'application/x-amz-json-1.0', 'x-amzn-RequestId': requestId,
      'x-amzn-query-error': `${code};Sender` }, JSON.stringify({ __type: type, message }));
  };
  const body = await readBody(req);
  if (body === null) return error(413, 'com.amazon.coral.service#RequestEntityTooLargeException', 'RequestEntityTooLarge', 'Too large.');
  try {
    await verifySignature(req, body, 'sqs', entry);
  } catch (e) {
    if (!(e instanceof SigError)) throw e;
    const types = {
      AccessDenied: 'com.amazon.coral.service#AccessDeniedException',
      InvalidClientTokenId: 'com.amazon.coral.service#UnrecognizedClientException',
      SignatureDoesNotMatch: 'com.amazon.coral.service#InvalidSignatureException',
    };
    return error(403, types[e.code], e.code, e.message);
  }
  if (entry.op !== 'ListMessageMoveTasks') {
    return error(400, 'com.amazonaws.sqs#UnsupportedOperation', 'AWS.SimpleQueueService.UnsupportedOperation',
      'Only ListMessageMoveTasks is served by this endpoint.');
  }
  let input;
  try {
    input = JSON.parse(body.toString('utf8') || '{}');
  } catch {
    return error(400, 'com.amazon.coral.service#SerializationException', 'MalformedInput', 'The body is not JSON.');
  }
  if (typeof input.SourceArn !== 'string') {
    return error(400, 'com.amazon.coral.service#MissingRequiredParameterException', 'MissingParameter', 'SourceArn is required.');
  }
  state.sqsPolls += 1;
  const running = state.sqsPolls <= state.config.sqs.runningPolls;
  const total = Math.max(1, state.config.sqs.runningPolls);
  const task = {};
  if (running) {
    task.TaskHandle = Buffer.from(`{"taskId":"00000000-0000-4000-8000-00000000e2e0","sourceArn":"${input.SourceArn}"}`).toString('base64');
  }
  Object.assign(task, {
    Status: running ? 'RUNNING' : 'COMPLETED',
    SourceArn: input.SourceArn,
    ApproximateNumberOfMessagesMoved: running ? state.sqsPolls - 1 : total,
    ApproximateNumberOfMessagesToMove: total,
    StartedTimestamp: state.startedMs,
  });
  entry.status = 200;
  send(res, 200, { 'Content-Type': 'application/x-amz-json-1.0', 'x-amzn-RequestId': requestId }, JSON.stringify({ Results: [task] }));
}

// ---------------------------------------------------------------------------
// Admin API

function mergeConfig(doc) {
  for (const [service, settings] of Object.entries(doc)) {
    if (!Object.hasOwn(DEFAULT_CONFIG, service) || settings === null || typeof settings !== 'object') {
      throw new Error(`unknown service ${JSON.stringify(service)}; one of ${Object.keys(DEFAULT_CONFIG).join(', ')}`);
    }
    for (const [key, value] of Object.entries(settings)) {
      if (!Object.hasOwn(DEFAULT_CONFIG[service], key)) throw new Error(`unknown setting ${service}.${key}`);
      state.config[service][key] = value;
    }
  }
}

async function handleAdmin(req, res) {
  const url = new URL(req.url, 'http://x');
  const body = await readBody(req);
  try {
    const route = `${req.method} ${url.pathname}`;
    if (route === 'GET /_admin/requests') {
      const since = Number(url.searchParams.get('since') ?? 0);
      const service = url.searchParams.get('service');
      const requests = state.requests.filter((r) => r.seq > since && (!service || r.service === service));
      const fields = url.searchParams.get('fields');
      if (!fields) return sendJson(res, 200, { requests, issued: state.issued });
      // Plain text for shell scripts: one line per request, the fields separated by spaces, "-" for none.
      const text = requests.map((r) => fields.split(',').map((f) => {
        const v = r[f];
        return v === undefined || v === null || v === '' ? '-' : String(v).replace(/\s/g, '_');
      }).join(' ')).join('\n');
      return send(res, 200, { 'Content-Type': 'text/plain' }, text ? `${text}\n` : '');
    }
    if (route === 'GET /_admin/config') return sendJson(res, 200, state.config);
    if (route === 'POST /_admin/reset') {
      reset();
      return sendJson(res, 200, { reset: true });
    }
    if (route === 'POST /_admin/config') {
      const doc = JSON.parse(body && body.length ? body.toString('utf8') : '{}');
      if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('body must be a JSON object');
      mergeConfig(doc);
      return sendJson(res, 200, state.config);
    }
    return sendJson(res, 404, { error: `no admin endpoint ${route}` });
  } catch (e) {
    return sendJson(res, 400, { error: e.message });
  }
}

// ---------------------------------------------------------------------------
// Main

const SERVICES = { imds: handleImds, container: handleContainer, sts: handleSts, sso: handleSso, sqs: handleSqs };

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server.address().port));
  });
}

function usage(problem) {
  if (problem) process.stderr.write(`fakes.js: ${problem}\n`);
  process.stderr.write('usage: node tests/e2e/credentials/fakes.js [--max-seconds N]\n');
  process.exit(problem ? 2 : 0);
}

async function main() {
  let maxSeconds = 600;
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--max-seconds') {
      maxSeconds = Number(argv[++i]);
      if (!Number.isFinite(maxSeconds) || maxSeconds <= 0) usage('--max-seconds must be a positive number');
    } else if (argv[i] === '--help' || argv[i] === '-h') {
      usage();
    } else {
      usage(`unknown argument ${argv[i]}`);
    }
  }
  reset();
  const servers = [];
  const ports = {};
  for (const [name, handler] of Object.entries(SERVICES)) {
    const server = http.createServer((req, res) => {
      const h = req.url.startsWith('/_admin/') ? handleAdmin : handler;
      h(req, res).catch((e) => {
        log(`${name}: internal error: ${e.stack || e}`);
        if (!res.headersSent) send(res, 500, {}, '');
      });
    });
    servers.push(server);
    ports[name] = await listen(server);
  }
  // A port with no listener, for "unreachable": bound once to learn a free number, then closed.
  const probe = http.createServer();
  ports.closed = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));

  const stop = (why) => {
    log(`stopping: ${why}`);
    for (const s of servers) s.closeAllConnections();
    process.exit(0);
  };
  setTimeout(() => stop(`--max-seconds ${maxSeconds} reached`), maxSeconds * 1000).unref();
  process.stdin.on('end', () => stop('stdin closed'));
  process.stdin.on('error', () => stop('stdin error'));
  process.stdin.resume();
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.stdout.write(`${JSON.stringify(ports)}\n`);
  log(`listening on 127.0.0.1: ${JSON.stringify(ports)}`);
}

module.exports = { secretFor, tokenFor };
if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`fakes.js: ${e.stack || e}\n`);
    process.exit(1);
  });
}
