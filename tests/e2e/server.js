#!/usr/bin/env node
// Local SQS-compatible endpoint for redrive's end-to-end tests.
//
// Speaks AWS JSON 1.0 (the protocol SQS uses today) for the three message
// move task operations, verifies every request's SigV4 signature, simulates
// move tasks with timers, and exposes an unsigned /_admin/ API for fault
// injection and assertions. See docs/e2e.md.
//
// Wire facts come from docs/wire.md (cited below by section). Where it has no
// source, the choice is marked "not sourced".
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

// Reuse the SDK packages installed for the conformance suite; this directory
// deliberately has no package.json of its own.
const MODULES = path.join(__dirname, '../conformance/node_modules');
const { SignatureV4 } = require(path.join(MODULES, '@smithy/signature-v4'));
const { Sha256 } = require(path.join(MODULES, '@aws-crypto/sha256-js'));

// ---------------------------------------------------------------------------
// Configuration

const ACCESS_KEY_ID = process.env.E2E_ACCESS_KEY_ID || 'AKIDEXAMPLE';
const SECRET_ACCESS_KEY = process.env.E2E_SECRET_ACCESS_KEY || 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const SESSION_TOKEN = process.env.E2E_SESSION_TOKEN || undefined;
const RATE_MULTIPLIER = positiveNumber(process.env.E2E_RATE_MULTIPLIER, 1, 'E2E_RATE_MULTIPLIER');
// Rate used when StartMessageMoveTask omits MaxNumberOfMessagesPerSecond
// (real SQS picks one from the backlog; any fixed value will do here).
const DEFAULT_RATE = positiveNumber(process.env.E2E_DEFAULT_RATE, 10, 'E2E_DEFAULT_RATE');
// How long a task stays CANCELLING before it becomes CANCELLED.
const CANCEL_DELAY_MS = positiveNumber(process.env.E2E_CANCEL_DELAY_MS, 300, 'E2E_CANCEL_DELAY_MS');
const TICK_MS = 50;
const MAX_BODY_BYTES = 1 << 20;
const MAX_LOGGED_REQUESTS = 5000;
const CLOCK_SKEW_MS = 15 * 60 * 1000;

function positiveNumber(text, fallback, name) {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) {
    process.stderr.write(`${name} must be a positive number, got ${JSON.stringify(text)}\n`);
    process.exit(2);
  }
  return n;
}

// ---------------------------------------------------------------------------
// Errors
//
// Each kind: [HTTP status, body __type, x-amzn-query-error code, fault].
// Sources:
//  * The five modeled errors of the move task operations: docs/wire.md#modeled-errors
//    (Smithy model httpError / awsQueryError).
//  * InvalidParameterValue is unmodeled (docs/wire.md#observed-server-behaviour: 400, query code
//    InvalidParameterValue, Sender). No public source records its raw __type
//    (same section). We send com.amazon.coral.service#InvalidParameterValueException,
//    the __type seen in AWS recordings of other SQS JSON operations
//    (SendMessage / ReceiveMessage validation failures) published by the
//    yavosh/pail project (test/diff/testdata/golden/sqs-errors.json). SDKs
//    resolve this error from the x-amzn-query-error header anyway (docs/wire.md#error-resolution).
//  * MissingParameter, MalformedInput and InvalidAction: same pail recordings
//    (send-empty-body, malformed-json, unknown-operation steps).
//  * Authentication errors: pail's AWS recordings in
//    test/diff/testdata/golden/sqs-auth-errors.json (AmazonSQS.ListQueues):
//    no credentials -> 403 AccessDeniedException / AccessDenied;
//    unknown key -> 403 UnrecognizedClientException / InvalidClientTokenId;
//    wrong signature and clock skew -> 403 InvalidSignatureException /
//    SignatureDoesNotMatch. Only __type, status and header were recorded;
//    the message texts below are ours.
//  * InternalFailure / ServiceUnavailable are only produced by fault
//    injection. Their __type and query codes are not sourced.
const ERRORS = {
  ResourceNotFoundException: [404, 'com.amazonaws.sqs#ResourceNotFoundException', 'ResourceNotFoundException', 'Sender'],
  RequestThrottled: [403, 'com.amazonaws.sqs#RequestThrottled', 'RequestThrottled', 'Sender'],
  InvalidAddress: [404, 'com.amazonaws.sqs#InvalidAddress', 'InvalidAddress', 'Sender'],
  InvalidSecurity: [403, 'com.amazonaws.sqs#InvalidSecurity', 'InvalidSecurity', 'Sender'],
  UnsupportedOperation: [400, 'com.amazonaws.sqs#UnsupportedOperation', 'AWS.SimpleQueueService.UnsupportedOperation', 'Sender'],
  InvalidParameterValue: [400, 'com.amazon.coral.service#InvalidParameterValueException', 'InvalidParameterValue', 'Sender'],
  MissingParameter: [400, 'com.amazon.coral.service#MissingRequiredParameterException', 'MissingParameter', 'Sender'],
  MalformedInput: [400, 'com.amazon.coral.service#SerializationException', 'MalformedInput', 'Sender'],
  InvalidAction: [400, 'com.amazon.coral.service#UnknownOperationException', 'InvalidAction', 'Sender'],
  RequestEntityTooLarge: [413, 'com.amazon.coral.service#RequestEntityTooLargeException', 'RequestEntityTooLarge', 'Sender'],
  AccessDenied: [403, 'com.amazon.coral.service#AccessDeniedException', 'AccessDenied', 'Sender'],
  InvalidClientTokenId: [403, 'com.amazon.coral.service#UnrecognizedClientException', 'InvalidClientTokenId', 'Sender'],
  SignatureDoesNotMatch: [403, 'com.amazon.coral.service#InvalidSignatureException', 'SignatureDoesNotMatch', 'Sender'],
  InternalFailure: [500, 'com.amazon.coral.service#InternalFailure', 'InternalFailure', 'Receiver'],
  ServiceUnavailable: [503, 'com.amazon.coral.service#ServiceUnavailableException', 'ServiceUnavailable', 'Receiver'],
};

// Verbatim server messages observed against AWS (docs/wire.md#observed-server-behaviour).
const MSG = {
  sourceMissing: "The resource that you specified for the SourceArn parameter doesn't exist.",
  destinationMissing: "The resource that you specified for the DestinationArn parameter doesn't exist.",
  notDlq: 'Source queue must be configured as a Dead Letter Queue.',
  alreadyRunning: 'There is already a task running. Only one active task is allowed for a source queue arn at a given time.',
  badHandle: 'Value for parameter TaskHandle is invalid.',
  unknownTask: 'Task does not exist.',
  badSignature: 'The request signature we calculated does not match the signature you provided. ' +
    'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  badToken: 'The security token included in the request is invalid.',
};

class ApiError extends Error {
  constructor(kind, message, status) {
    super(message);
    if (!ERRORS[kind]) throw new Error(`unknown error kind ${kind}`);
    this.kind = kind;
    this.status = status ?? ERRORS[kind][0];
  }
}

// ---------------------------------------------------------------------------
// State

const DEFAULT_STATE = (() => {
  const arn = (name) => `arn:aws:sqs:us-east-1:000000000000:${name}`;
  return {
    queues: [
      { arn: arn('orders'), messages: 0, dlq_of: [] },
      { arn: arn('orders-dlq'), messages: 25, dlq_of: [arn('orders')] },
      { arn: arn('orders.fifo'), messages: 0, dlq_of: [] },
      { arn: arn('orders-dlq.fifo'), messages: 5, dlq_of: [arn('orders.fifo')] },
      { arn: arn('plain'), messages: 3, dlq_of: [] },
    ],
  };
})();

// arn:<partition>:sqs:<region>:<12-digit account>:<queue name> (docs/wire.md#queue-arns).
const QUEUE_ARN = /^arn:(aws[a-z-]*):sqs:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,80}|[A-Za-z0-9_-]{1,75}\.fifo)$/;

function isQueueArn(s) {
  return typeof s === 'string' && QUEUE_ARN.test(s);
}

function isFifoArn(arn) {
  return arn.endsWith('.fifo');
}

function validateState(doc, origin) {
  const fail = (why) => { throw new Error(`${origin}: ${why}`); };
  if (!doc || typeof doc !== 'object' || !Array.isArray(doc.queues)) fail('expected {"queues": [...]}');
  const seen = new Set();
  for (const q of doc.queues) {
    if (!q || !isQueueArn(q.arn)) fail(`bad queue ARN ${JSON.stringify(q && q.arn)}`);
    if (seen.has(q.arn)) fail(`duplicate queue ${q.arn}`);
    seen.add(q.arn);
    if (q.messages !== undefined && !(Number.isSafeInteger(q.messages) && q.messages >= 0)) fail(`bad message count for ${q.arn}`);
    if (q.dlq_of !== undefined && !(Array.isArray(q.dlq_of) && q.dlq_of.every(isQueueArn))) fail(`bad dlq_of for ${q.arn}`);
  }
  return doc;
}

function loadInitialState(file) {
  if (!file) return DEFAULT_STATE;
  let doc;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: ${e.message}`);
  }
  return validateState(doc, file);
}

class World {
  constructor(initial) {
    this.initial = initial;
    this.reset();
  }

  reset() {
    this.queues = new Map();
    for (const q of this.initial.queues) {
      this.queues.set(q.arn, { arn: q.arn, messages: q.messages ?? 0, dlqOf: [...(q.dlq_of ?? [])] });
    }
    this.tasks = []; // oldest first
    this.throttleRemaining = 0;
    this.failure = null; // { kind, status, message, remaining }
    this.requests = [];
    this.requestSeq = 0;
  }

  activeTaskFor(sourceArn) {
    return this.tasks.find((t) => t.sourceArn === sourceArn && (t.status === 'RUNNING' || t.status === 'CANCELLING'));
  }

  snapshot() {
    return {
      queues: [...this.queues.values()].map((q) => ({ arn: q.arn, messages: q.messages, dlq_of: q.dlqOf })),
      tasks: this.tasks.map((t) => ({
        taskId: t.taskId,
        taskHandle: t.handle,
        sourceArn: t.sourceArn,
        destinationArn: t.destinationArn ?? null,
        maxNumberOfMessagesPerSecond: t.maxRate ?? null,
        status: t.status,
        moved: t.moved,
        toMove: t.toMove,
        startedTimestamp: t.startedTimestamp,
        failureReason: t.failureReason ?? null,
      })),
      faults: {
        throttle: this.throttleRemaining,
        fail: this.failure && { error: this.failure.kind, status: this.failure.status, count: this.failure.remaining },
      },
    };
  }
}

// ---------------------------------------------------------------------------
// Move tasks

// docs/wire.md#task-handles: base64 (standard, padded) of compact JSON, taskId first.
function encodeHandle(taskId, sourceArn) {
  return Buffer.from(`{"taskId":"${taskId}","sourceArn":"${sourceArn}"}`, 'utf8').toString('base64');
}

function decodeHandle(handle) {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(handle) || handle.length % 4 !== 0) return null;
  try {
    const doc = JSON.parse(Buffer.from(handle, 'base64').toString('utf8'));
    if (doc && typeof doc.taskId === 'string' && typeof doc.sourceArn === 'string') return doc;
  } catch {
    // fall through
  }
  return null;
}

function startTask(world, { sourceArn, destinationArn, maxRate }) {
  const source = world.queues.get(sourceArn);
  const taskId = crypto.randomUUID();
  const task = {
    taskId,
    handle: encodeHandle(taskId, sourceArn),
    sourceArn,
    destinationArn,
    maxRate,
    // Without a destination, messages go back to every queue whose DLQ this is.
    targets: destinationArn !== undefined ? [destinationArn] : [...source.dlqOf],
    nextTarget: 0,
    rate: (maxRate ?? DEFAULT_RATE) * RATE_MULTIPLIER,
    status: 'RUNNING',
    moved: 0,
    toMove: source.messages,
    startedTimestamp: Date.now(),
    startedMono: performance.now(),
    failureReason: undefined,
    cancelledAt: undefined,
  };
  world.tasks.push(task);
  return task;
}

function failTask(task, reason) {
  task.status = 'FAILED';
  task.failureReason = reason;
}

function advanceTask(world, task, now) {
  if (task.status === 'CANCELLING') {
    if (now - task.cancelledAt >= CANCEL_DELAY_MS) task.status = 'CANCELLED';
    return;
  }
  if (task.status !== 'RUNNING') return;

  const source = world.queues.get(task.sourceArn);
  const targets = task.targets.map((arn) => world.queues.get(arn));
  if (!source || targets.length === 0 || targets.some((q) => !q)) {
    failTask(task, 'AWS.SimpleQueueService.NonExistentQueue');
    return;
  }
  // Derive the due count from elapsed time so timer jitter does not slow the rate.
  const due = Math.min(task.toMove, Math.floor(((now - task.startedMono) / 1000) * task.rate));
  let n = Math.min(due - task.moved, source.messages);
  while (n > 0) {
    const target = targets[task.nextTarget % targets.length];
    task.nextTarget += 1;
    source.messages -= 1;
    target.messages += 1;
    task.moved += 1;
    n -= 1;
  }
  // Also finish when the DLQ ran dry early (messages consumed elsewhere).
  if (task.moved >= task.toMove || source.messages === 0) task.status = 'COMPLETED';
}

function tick(world) {
  const now = performance.now();
  for (const task of world.tasks) advanceTask(world, task, now);
}

// ---------------------------------------------------------------------------
// Input validation

function stringMember(input, name, required) {
  const v = input[name];
  if (v === undefined || v === null) {
    if (required) throw new ApiError('MissingParameter', `The request must contain the parameter ${name}.`);
    return undefined;
  }
  if (typeof v !== 'string') throw new ApiError('MalformedInput', `Member ${name} must be a string.`);
  return v;
}

function integerMember(input, name) {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31) {
    throw new ApiError('MalformedInput', `Member ${name} must be a 32-bit integer.`);
  }
  return v;
}

// Not sourced: AWS's exact text for malformed ARNs and out-of-range numbers
// is unknown (docs/wire.md#observed-server-behaviour); these follow the wording of the
// recorded TaskHandle message.
function requireArn(value, name) {
  if (!isQueueArn(value)) throw new ApiError('InvalidParameterValue', `Value for parameter ${name} is invalid.`);
}

function requireRange(value, name, lo, hi) {
  if (value !== undefined && (value < lo || value > hi)) {
    throw new ApiError('InvalidParameterValue',
      `Value ${value} for parameter ${name} is invalid. Reason: must be between ${lo} and ${hi}.`);
  }
}

// ---------------------------------------------------------------------------
// Operations

function listEntry(task) {
  // Key order and presence follow docs/wire.md#operations and #responses.
  const e = {};
  if (task.status === 'RUNNING') e.TaskHandle = task.handle;
  e.Status = task.status;
  e.SourceArn = task.sourceArn;
  if (task.destinationArn !== undefined) e.DestinationArn = task.destinationArn;
  if (task.maxRate !== undefined) e.MaxNumberOfMessagesPerSecond = task.maxRate;
  e.ApproximateNumberOfMessagesMoved = task.moved;
  e.ApproximateNumberOfMessagesToMove = task.toMove;
  if (task.status === 'FAILED') e.FailureReason = task.failureReason;
  e.StartedTimestamp = task.startedTimestamp;
  return e;
}

const OPERATIONS = {
  StartMessageMoveTask(world, input) {
    const sourceArn = stringMember(input, 'SourceArn', true);
    const destinationArn = stringMember(input, 'DestinationArn', false);
    const maxRate = integerMember(input, 'MaxNumberOfMessagesPerSecond');
    requireRange(maxRate, 'MaxNumberOfMessagesPerSecond', 1, 500);
    requireArn(sourceArn, 'SourceArn');
    const source = world.queues.get(sourceArn);
    if (!source) throw new ApiError('ResourceNotFoundException', MSG.sourceMissing);
    if (source.dlqOf.length === 0) throw new ApiError('InvalidParameterValue', MSG.notDlq);
    if (destinationArn !== undefined) {
      requireArn(destinationArn, 'DestinationArn');
      if (!world.queues.has(destinationArn)) throw new ApiError('ResourceNotFoundException', MSG.destinationMissing);
      // The developer guide requires matching queue types; the server's text is not sourced.
      if (isFifoArn(destinationArn) !== isFifoArn(sourceArn)) {
        throw new ApiError('InvalidParameterValue', 'Destination queue must be of the same type as the source queue.');
      }
    }
    if (world.activeTaskFor(sourceArn)) throw new ApiError('InvalidParameterValue', MSG.alreadyRunning);
    const task = startTask(world, { sourceArn, destinationArn, maxRate });
    return { TaskHandle: task.handle };
  },

  CancelMessageMoveTask(world, input) {
    const handle = stringMember(input, 'TaskHandle', true);
    const decoded = decodeHandle(handle);
    if (!decoded) throw new ApiError('InvalidParameterValue', MSG.badHandle);
    if (!world.queues.has(decoded.sourceArn)) throw new ApiError('ResourceNotFoundException', MSG.sourceMissing);
    const task = world.tasks.find((t) => t.taskId === decoded.taskId && t.sourceArn === decoded.sourceArn);
    if (!task) throw new ApiError('ResourceNotFoundException', MSG.unknownTask);
    if (task.status !== 'RUNNING') {
      // Documented rule (only RUNNING tasks can be cancelled); the server's text is not sourced.
      throw new ApiError('InvalidParameterValue', `Task is ${task.status}; only a RUNNING task can be cancelled.`);
    }
    task.status = 'CANCELLING';
    task.cancelledAt = performance.now();
    return { ApproximateNumberOfMessagesMoved: task.moved };
  },

  ListMessageMoveTasks(world, input) {
    const sourceArn = stringMember(input, 'SourceArn', true);
    const maxResults = integerMember(input, 'MaxResults');
    requireRange(maxResults, 'MaxResults', 1, 10);
    requireArn(sourceArn, 'SourceArn');
    if (!world.queues.has(sourceArn)) throw new ApiError('ResourceNotFoundException', MSG.sourceMissing);
    const results = world.tasks
      .filter((t) => t.sourceArn === sourceArn)
      .reverse() // newest first
      .slice(0, maxResults ?? 1)
      .map(listEntry);
    return { Results: results };
  },
};

// Other operations of the SQS service: real SQS implements them, this
// endpoint does not, so they get the modeled UnsupportedOperation error
// rather than the InvalidAction reserved for names SQS does not know.
const OTHER_SQS_OPERATIONS = new Set([
  'AddPermission', 'ChangeMessageVisibility', 'ChangeMessageVisibilityBatch', 'CreateQueue',
  'DeleteMessage', 'DeleteMessageBatch', 'DeleteQueue', 'GetQueueAttributes', 'GetQueueUrl',
  'ListDeadLetterSourceQueues', 'ListQueueTags', 'ListQueues', 'PurgeQueue', 'ReceiveMessage',
  'RemovePermission', 'SendMessage', 'SendMessageBatch', 'SetQueueAttributes', 'TagQueue', 'UntagQueue',
]);

// ---------------------------------------------------------------------------
// SigV4 verification

const AUTH_HEADER = /^AWS4-HMAC-SHA256 +Credential=([^,\s]+), *SignedHeaders=([a-z0-9;-]+), *Signature=([0-9a-f]{64})$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

function amzDateToDate(text) {
  const m = AMZ_DATE.exec(text);
  if (!m) return null;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  return Number.isNaN(d.getTime()) ? null : d;
}

function formatAmzDate(ms) {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
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

// Returns { accessKeyId, region } or throws an ApiError.
async function verifySignature(req, body) {
  const authorization = req.headers.authorization;
  if (authorization === undefined) {
    throw new ApiError('AccessDenied', 'The request carries no Authorization header.');
  }
  // A garbled header gets the bad-signature answer. Real AWS probably
  // answers IncompleteSignature (400) here, but no recording confirms it.
  const m = AUTH_HEADER.exec(authorization.trim());
  if (!m) throw new ApiError('SignatureDoesNotMatch', 'The Authorization header is not a well-formed AWS4-HMAC-SHA256 header.');
  const [, credential, signedHeaderList, signature] = m;
  const scope = credential.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request') {
    throw new ApiError('SignatureDoesNotMatch', 'The Credential in the Authorization header is malformed.');
  }
  const [accessKeyId, scopeDate, region, service] = scope;
  if (accessKeyId !== ACCESS_KEY_ID) throw new ApiError('InvalidClientTokenId', MSG.badToken);
  if (service !== 'sqs') {
    throw new ApiError('SignatureDoesNotMatch', `Credential should be scoped to correct service: 'sqs'.`);
  }

  const amzDate = req.headers['x-amz-date'];
  const signingDate = amzDate && amzDateToDate(amzDate);
  if (!signingDate) throw new ApiError('SignatureDoesNotMatch', 'The request has no valid X-Amz-Date header.');
  if (amzDate.slice(0, 8) !== scopeDate) {
    throw new ApiError('SignatureDoesNotMatch', 'The credential scope date does not match X-Amz-Date.');
  }
  const now = Date.now();
  if (signingDate.getTime() < now - CLOCK_SKEW_MS) {
    throw new ApiError('SignatureDoesNotMatch',
      `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(now - CLOCK_SKEW_MS)} (${formatAmzDate(now)} - 15 min.)`);
  }
  if (signingDate.getTime() > now + CLOCK_SKEW_MS) {
    throw new ApiError('SignatureDoesNotMatch',
      `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(now + CLOCK_SKEW_MS)} (${formatAmzDate(now)} + 15 min.)`);
  }

  const token = req.headers['x-amz-security-token'];
  if (token !== SESSION_TOKEN) throw new ApiError('InvalidClientTokenId', MSG.badToken);

  const signedHeaders = signedHeaderList.split(';');
  if (!signedHeaders.includes('host')) {
    throw new ApiError('SignatureDoesNotMatch', 'The host header must be signed.');
  }
  const headers = {};
  for (const name of signedHeaders) {
    const value = req.headers[name];
    if (value === undefined) throw new ApiError('SignatureDoesNotMatch', `Signed header ${name} is missing from the request.`);
    headers[name] = Array.isArray(value) ? value.join(',') : String(value);
  }

  // Like AWS, hash the body actually received: a stale x-amz-content-sha256
  // must not make a tampered body verify.
  const bodyHash = crypto.createHash('sha256').update(body).digest('hex');
  const claimedHash = req.headers['x-amz-content-sha256'];
  if (claimedHash !== undefined && claimedHash !== bodyHash) {
    throw new ApiError('SignatureDoesNotMatch', MSG.badSignature);
  }

  const url = new URL(req.url, 'http://placeholder');
  const signer = new SignatureV4({
    credentials: {
      accessKeyId,
      secretAccessKey: SECRET_ACCESS_KEY,
      // The signer adds and signs x-amz-security-token whenever it has a
      // token, so hand it over only when the client signed the token too.
      sessionToken: signedHeaders.includes('x-amz-security-token') ? token : undefined,
    },
    region,
    service: 'sqs',
    sha256: Sha256,
    uriEscapePath: true,
    // Otherwise the signer adds and signs x-amz-content-sha256 itself, which
    // breaks clients that do not send it (curl, botocore).
    applyChecksum: false,
  });
  const expected = await signer.sign(
    {
      method: req.method,
      protocol: 'http:',
      hostname: 'unused', // the canonical request takes the host from the signed headers
      path: url.pathname,
      query: parseQuery(url.search),
      headers,
      body,
    },
    { signingDate, signingRegion: region, signingService: 'sqs', signableHeaders: new Set(signedHeaders) },
  );
  const em = AUTH_HEADER.exec(expected.headers.authorization);
  const same = em && em[2] === signedHeaderList &&
    crypto.timingSafeEqual(Buffer.from(em[3], 'hex'), Buffer.from(signature, 'hex'));
  if (!same) throw new ApiError('SignatureDoesNotMatch', MSG.badSignature);
  return { accessKeyId, region };
}

// ---------------------------------------------------------------------------
// HTTP plumbing

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

function sendSqs(res, requestId, status, doc, extraHeaders = {}) {
  send(res, status, {
    'x-amzn-RequestId': requestId,
    'Content-Type': 'application/x-amz-json-1.0',
    ...extraHeaders,
  }, JSON.stringify(doc));
}

function sendSqsError(res, requestId, err) {
  const [, type, queryCode, fault] = ERRORS[err.kind];
  sendSqs(res, requestId, err.status, { __type: type, message: err.message }, {
    'x-amzn-query-error': `${queryCode};${fault}`,
  });
}

function sendJson(res, status, doc) {
  send(res, status, { 'Content-Type': 'application/json' }, `${JSON.stringify(doc, null, 2)}\n`);
}

function log(line) {
  process.stderr.write(`[e2e-sqs ${new Date().toISOString()}] ${line}\n`);
}

async function handleSqs(world, req, res) {
  const requestId = crypto.randomUUID();
  const target = req.headers['x-amz-target'];
  const op = typeof target === 'string' && target.startsWith('AmazonSQS.') ? target.slice('AmazonSQS.'.length) : null;
  const entry = {
    seq: ++world.requestSeq,
    time: new Date().toISOString(),
    requestId,
    method: req.method,
    path: req.url,
    op,
    target: target ?? null,
    attempt: req.headers['amz-sdk-request'] ?? null,
    userAgent: req.headers['user-agent'] ?? null,
    signatureOk: null,
    injected: null,
    status: null,
    error: null,
  };
  world.requests.push(entry);
  if (world.requests.length > MAX_LOGGED_REQUESTS) world.requests.shift();

  let status = 200;
  try {
    const body = await readBody(req);
    if (body === null) throw new ApiError('RequestEntityTooLarge', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`);
    try {
      await verifySignature(req, body);
      entry.signatureOk = true;
    } catch (e) {
      entry.signatureOk = false;
      throw e;
    }

    // Injected faults hit only requests that passed authentication, so a
    // test's own bad-signature probes do not consume them.
    if (world.throttleRemaining > 0) {
      world.throttleRemaining -= 1;
      entry.injected = 'throttle';
      throw new ApiError('RequestThrottled', 'The request was throttled (injected by /_admin/throttle).');
    }
    if (world.failure && world.failure.remaining > 0) {
      const f = world.failure;
      f.remaining -= 1;
      if (f.remaining === 0) world.failure = null;
      entry.injected = 'fail';
      throw new ApiError(f.kind, f.message, f.status);
    }

    if (req.method !== 'POST' || !req.url.startsWith('/') || new URL(req.url, 'http://x').pathname !== '/') {
      throw new ApiError('InvalidAddress', `The address ${req.url} is not valid for this endpoint; use POST /.`);
    }
    const contentType = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (contentType !== 'application/x-amz-json-1.0') {
      throw new ApiError('InvalidAction', 'Only AWS JSON 1.0 (Content-Type: application/x-amz-json-1.0) is served here.');
    }
    const handler = op !== null && Object.hasOwn(OPERATIONS, op) ? OPERATIONS[op] : null;
    if (!handler) {
      if (op !== null && OTHER_SQS_OPERATIONS.has(op)) {
        throw new ApiError('UnsupportedOperation', `${op} is not implemented by this test endpoint.`);
      }
      throw new ApiError('InvalidAction', `Operation ${target ?? '(no X-Amz-Target)'} is unknown.`);
    }
    let input;
    try {
      input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      throw new ApiError('MalformedInput', 'The request body is not valid JSON.');
    }
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      throw new ApiError('MalformedInput', 'The request body must be a JSON object.');
    }
    tick(world); // bring tasks up to date before reading or changing them
    sendSqs(res, requestId, 200, handler(world, input));
  } catch (e) {
    if (!(e instanceof ApiError)) {
      log(`internal error: ${e.stack || e}`);
      e = new ApiError('InternalFailure', 'The test endpoint hit an internal error.');
    }
    status = e.status;
    entry.error = ERRORS[e.kind][2];
    sendSqsError(res, requestId, e);
  }
  entry.status = status;
  log(`${op ?? target ?? '-'} -> ${status}${entry.error ? ` ${entry.error}` : ''}${entry.injected ? ` (injected ${entry.injected})` : ''}`);
}

// ---------------------------------------------------------------------------
// Admin API (unsigned)

class AdminError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function countOf(doc) {
  const count = doc.count ?? 1;
  if (!Number.isSafeInteger(count) || count < 0) throw new AdminError(400, 'count must be a non-negative integer');
  return count;
}

function faultFromRequest(doc) {
  let kind = doc.error;
  let status = doc.status;
  if (status !== undefined && !(Number.isInteger(status) && status >= 400 && status <= 599)) {
    throw new AdminError(400, 'status must be an HTTP error status (400..599)');
  }
  if (kind === undefined) kind = status === 503 ? 'ServiceUnavailable' : 'InternalFailure';
  if (!Object.hasOwn(ERRORS, kind)) throw new AdminError(400, `unknown error ${JSON.stringify(kind)}; one of ${Object.keys(ERRORS).join(', ')}`);
  return {
    kind,
    status: status ?? ERRORS[kind][0],
    message: typeof doc.message === 'string' ? doc.message : `Injected ${kind} (by /_admin/fail).`,
    remaining: countOf(doc),
  };
}

const ADMIN = {
  'POST /_admin/throttle'(world, doc) {
    world.throttleRemaining = countOf(doc);
    return { throttle: world.throttleRemaining };
  },
  'POST /_admin/fail'(world, doc) {
    const f = faultFromRequest(doc);
    world.failure = f.remaining > 0 ? f : null;
    return { fail: { error: f.kind, status: f.status, count: f.remaining } };
  },
  'POST /_admin/fail-task'(world, doc) {
    if (typeof doc.source !== 'string') throw new AdminError(400, 'source (queue ARN) is required');
    const task = world.tasks.find((t) => t.sourceArn === doc.source && t.status === 'RUNNING');
    if (!task) throw new AdminError(404, `no RUNNING task for ${doc.source}`);
    tick(world);
    if (task.status === 'RUNNING') failTask(task, typeof doc.reason === 'string' ? doc.reason : 'AWS.SimpleQueueService.NonExistentQueue');
    return { taskId: task.taskId, status: task.status, failureReason: task.failureReason ?? null };
  },
  'GET /_admin/state'(world) {
    tick(world);
    return world.snapshot();
  },
  'GET /_admin/requests'(world, _doc, url) {
    const since = Number(url.searchParams.get('since') ?? 0);
    return { requests: world.requests.filter((r) => r.seq > since) };
  },
  'POST /_admin/reset'(world) {
    world.reset();
    return { reset: true };
  },
};

async function handleAdmin(world, req, res) {
  const url = new URL(req.url, 'http://x');
  const handler = ADMIN[`${req.method} ${url.pathname}`];
  try {
    if (!handler) throw new AdminError(404, `no admin endpoint ${req.method} ${url.pathname}`);
    const body = await readBody(req);
    let doc = {};
    if (body && body.length > 0) {
      try {
        doc = JSON.parse(body.toString('utf8'));
      } catch {
        throw new AdminError(400, 'body must be JSON');
      }
      if (doc === null || typeof doc !== 'object') throw new AdminError(400, 'body must be a JSON object');
    }
    sendJson(res, 200, handler(world, doc, url));
    if (req.method !== 'GET') log(`admin ${req.method} ${url.pathname} ${body && body.length ? body.toString('utf8') : ''}`);
  } catch (e) {
    if (!(e instanceof AdminError)) log(`admin internal error: ${e.stack || e}`);
    sendJson(res, e.status ?? 500, { error: e.message });
  }
}

// ---------------------------------------------------------------------------
// Main

function parseArgs(argv) {
  const opts = { port: 0, state: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) usage(`${flag} needs a value`);
      return v;
    };
    if (flag === '--port') {
      const p = Number(value());
      if (!Number.isInteger(p) || p < 0 || p > 65535) usage('--port must be 0..65535');
      opts.port = p;
    } else if (flag === '--state') {
      opts.state = value();
    } else if (flag === '--help' || flag === '-h') {
      usage();
    } else {
      usage(`unknown argument ${arg}`);
    }
  }
  return opts;
}

function usage(problem) {
  if (problem) process.stderr.write(`server.js: ${problem}\n`);
  process.stderr.write('usage: node tests/e2e/server.js [--port N] [--state FILE]\n');
  process.exit(problem ? 2 : 0);
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  let world;
  try {
    world = new World(loadInitialState(opts.state));
  } catch (e) {
    process.stderr.write(`server.js: cannot load state: ${e.message}\n`);
    process.exit(2);
  }

  const timer = setInterval(() => tick(world), TICK_MS);
  const server = http.createServer((req, res) => {
    const handler = req.url.startsWith('/_admin/') ? handleAdmin : handleSqs;
    handler(world, req, res).catch((e) => {
      log(`unhandled: ${e.stack || e}`);
      if (!res.headersSent) send(res, 500, {}, '');
    });
  });

  server.listen(opts.port, '127.0.0.1', () => {
    const { port } = server.address();
    log(`listening on 127.0.0.1:${port} (access key ${ACCESS_KEY_ID}, rate x${RATE_MULTIPLIER}, ` +
      `${opts.state ? `state ${opts.state}` : 'default state'})`);
    process.stdout.write(`listening ${port}\n`);
  });

  const stop = () => {
    clearInterval(timer);
    server.closeAllConnections();
    server.close(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
