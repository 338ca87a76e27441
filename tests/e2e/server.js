#!/usr/bin/env node
// Local SQS-compatible endpoint for redrive's end-to-end tests.
//
// Speaks AWS JSON 1.0 (the protocol SQS uses today) for the three message
// move task operations and the four queue operations that find dead-letter
// queues (ListQueues, GetQueueUrl, GetQueueAttributes,
// ListDeadLetterSourceQueues), verifies every request's SigV4 signature,
// simulates move tasks on a simulated clock (with the account's active-task
// limit and the 36-hour limit), and exposes an unsigned /_admin/ API for
// setup, fault injection and assertions. See docs/e2e.md.
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
// Active (RUNNING or CANCELLING) move tasks allowed per account; AWS's quota is 100
// (docs/wire.md#redrive-rules). POST /_admin/config changes it at run time.
const MAX_ACTIVE_TASKS = positiveInteger(process.env.E2E_MAX_ACTIVE_TASKS, 100, 'E2E_MAX_ACTIVE_TASKS');
// A task runs at most 36 hours (docs/wire.md#redrive-rules), in simulated seconds.
const MAX_TASK_SECONDS = positiveNumber(process.env.E2E_MAX_TASK_SECONDS, 36 * 3600, 'E2E_MAX_TASK_SECONDS');
// The caller's account: ListQueues lists its queues, GetQueueUrl looks in it by default.
const ACCOUNT_ID = process.env.E2E_ACCOUNT_ID || '000000000000';
if (!/^\d{12}$/.test(ACCOUNT_ID)) {
  process.stderr.write(`E2E_ACCOUNT_ID must be 12 digits, got ${JSON.stringify(ACCOUNT_ID)}\n`);
  process.exit(2);
}
// maxReceiveCount of the RedrivePolicy that a `dlq_of` entry implies for its source.
const DEFAULT_MAX_RECEIVE_COUNT = 10;
const TICK_MS = 50;
const MAX_BODY_BYTES = 1 << 20;
const MAX_LOGGED_REQUESTS = 5000;
const CLOCK_SKEW_MS = 15 * 60 * 1000;

function positiveInteger(text, fallback, name) {
  const n = positiveNumber(text, fallback, name);
  if (!Number.isSafeInteger(n)) {
    process.stderr.write(`${name} must be a positive integer, got ${JSON.stringify(text)}\n`);
    process.exit(2);
  }
  return n;
}

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
//  * QueueDoesNotExist, OverLimit, InvalidAttributeName: the SQS model
//    (com.amazonaws.sqs#<shape>, awsQueryError code and httpError where it
//    has them; InvalidAttributeName has neither, so its shape name and 400).
//    That real SQS answers OverLimit when the account's active move tasks are
//    at the quota is not sourced.
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
  QueueDoesNotExist: [400, 'com.amazonaws.sqs#QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue', 'Sender'],
  OverLimit: [403, 'com.amazonaws.sqs#OverLimit', 'OverLimit', 'Sender'],
  InvalidAttributeName: [400, 'com.amazonaws.sqs#InvalidAttributeName', 'InvalidAttributeName', 'Sender'],
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
  // docs/wire.md#errors shows this text; the others below are ours (not sourced).
  noQueue: 'The specified queue does not exist.',
  overLimit: (n) => `The maximum number of active message move tasks for this account (${n}) has been reached.`,
  tooLong: (hours) => `The task exceeded the maximum duration of ${hours} hours.`,
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
const QUEUE_NAME = /^([A-Za-z0-9_-]{1,80}|[A-Za-z0-9_-]{1,75}\.fifo)$/;

function isQueueArn(s) {
  return typeof s === 'string' && QUEUE_ARN.test(s);
}

function isFifoArn(arn) {
  return arn.endsWith('.fifo');
}

function arnParts(arn) {
  const [, partition, region, account, name] = QUEUE_ARN.exec(arn);
  return { partition, region, account, name };
}

// A policy attribute is a JSON string; the state gives it as an object or as the raw string
// (a raw string may be malformed on purpose, to test a client's handling).
function policyText(v) {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

// The deadLetterTargetArn a RedrivePolicy text names, or undefined.
function policyTarget(text) {
  try {
    const doc = JSON.parse(text);
    return doc && typeof doc.deadLetterTargetArn === 'string' ? doc.deadLetterTargetArn : undefined;
  } catch {
    return undefined;
  }
}

function validatePolicy(v, what, fail) {
  if (v === undefined || v === null || typeof v === 'string') return;
  if (typeof v !== 'object' || Array.isArray(v)) fail(`${what} must be an object or a string`);
}

function validateState(doc, origin) {
  const fail = (why) => { throw new Error(`${origin}: ${why}`); };
  if (!doc || typeof doc !== 'object' || !Array.isArray(doc.queues)) fail('expected {"queues": [...]}');
  const seen = new Set();
  const count = (v) => v === undefined || (Number.isSafeInteger(v) && v >= 0);
  for (const q of doc.queues) {
    if (!q || !isQueueArn(q.arn)) fail(`bad queue ARN ${JSON.stringify(q && q.arn)}`);
    if (seen.has(q.arn)) fail(`duplicate queue ${q.arn}`);
    seen.add(q.arn);
    if (!count(q.messages)) fail(`bad message count for ${q.arn}`);
    if (!count(q.messages_not_visible)) fail(`bad messages_not_visible for ${q.arn}`);
    if (q.dlq_of !== undefined && !(Array.isArray(q.dlq_of) && q.dlq_of.every(isQueueArn))) fail(`bad dlq_of for ${q.arn}`);
    validatePolicy(q.redrive_policy, `redrive_policy of ${q.arn}`, fail);
    validatePolicy(q.redrive_allow_policy, `redrive_allow_policy of ${q.arn}`, fail);
  }
  // A queue has one RedrivePolicy: dlq_of entries and redrive_policy must agree.
  const targetOf = new Map();
  for (const q of doc.queues) {
    if (q.redrive_policy === undefined || q.redrive_policy === null) continue;
    const target = policyTarget(policyText(q.redrive_policy));
    if (target !== undefined) targetOf.set(q.arn, target);
  }
  for (const d of doc.queues) {
    for (const source of d.dlq_of ?? []) {
      const other = targetOf.get(source);
      if (other !== undefined && other !== d.arn) fail(`${source} has two dead-letter queues, ${other} and ${d.arn}`);
      targetOf.set(source, d.arn);
    }
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

function queueFromDoc(q) {
  const policy = (v) => (v === undefined || v === null ? undefined : policyText(v));
  return {
    arn: q.arn,
    messages: q.messages ?? 0,
    notVisible: q.messages_not_visible ?? 0,
    dlqOf: [...(q.dlq_of ?? [])],
    redrivePolicy: policy(q.redrive_policy),
    redriveAllowPolicy: policy(q.redrive_allow_policy),
  };
}

function queueToDoc(q) {
  const doc = { arn: q.arn, messages: q.messages, messages_not_visible: q.notVisible, dlq_of: q.dlqOf };
  if (q.redrivePolicy !== undefined) doc.redrive_policy = q.redrivePolicy;
  if (q.redriveAllowPolicy !== undefined) doc.redrive_allow_policy = q.redriveAllowPolicy;
  return doc;
}

class World {
  constructor(initial) {
    this.initial = initial;
    this.port = 0;
    this.createdSeconds = Math.floor(Date.now() / 1000);
    this.reset();
  }

  reset() {
    this.setQueues(this.initial.queues);
    this.tasks = []; // oldest first
    this.throttleRemaining = 0;
    this.failure = null; // { kind, status, message, remaining }
    this.armedFailures = []; // { source, reason, atMoved }
    this.maxActiveTasks = MAX_ACTIVE_TASKS;
    this.advancedSeconds = 0; // added to the simulated clock by /_admin/advance
    this.requests = [];
    this.requestSeq = 0;
  }

  setQueues(docs) {
    this.queues = new Map();
    for (const q of docs) this.queues.set(q.arn, queueFromDoc(q));
  }

  // Simulated seconds: real time sped up by E2E_RATE_MULTIPLIER, plus any jump.
  simSeconds(nowMono) {
    return (nowMono / 1000) * RATE_MULTIPLIER + this.advancedSeconds;
  }

  // The RedrivePolicy text of a queue: its own, or the one a DLQ's dlq_of implies.
  redrivePolicyOf(q) {
    if (q.redrivePolicy !== undefined) return q.redrivePolicy;
    for (const d of this.queues.values()) {
      if (d.dlqOf.includes(q.arn)) {
        return JSON.stringify({ deadLetterTargetArn: d.arn, maxReceiveCount: DEFAULT_MAX_RECEIVE_COUNT });
      }
    }
    return undefined;
  }

  // The queues whose RedrivePolicy names this one: its dlq_of (which may name queues that do not
  // exist) and every existing queue whose own redrive_policy targets it.
  sourcesOf(q) {
    const sources = [...q.dlqOf];
    for (const s of this.queues.values()) {
      if (s.redrivePolicy !== undefined && policyTarget(s.redrivePolicy) === q.arn && !sources.includes(s.arn)) {
        sources.push(s.arn);
      }
    }
    return sources;
  }

  activeTasks() {
    return this.tasks.filter((t) => t.status === 'RUNNING' || t.status === 'CANCELLING');
  }

  activeTaskFor(sourceArn) {
    return this.activeTasks().find((t) => t.sourceArn === sourceArn);
  }

  queueUrl(arn) {
    const { account, name } = arnParts(arn);
    return `http://127.0.0.1:${this.port}/${account}/${name}`;
  }

  snapshot() {
    return {
      queues: [...this.queues.values()].map((q) => ({ ...queueToDoc(q), url: this.queueUrl(q.arn) })),
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
        failTasks: this.armedFailures.map((f) => ({ source: f.source, reason: f.reason, atMoved: f.atMoved })),
      },
      config: this.config(),
      activeTasks: this.activeTasks().length,
      simulatedSeconds: this.simSeconds(performance.now()),
    };
  }

  config() {
    return { max_active_tasks: this.maxActiveTasks, max_task_seconds: MAX_TASK_SECONDS, account_id: ACCOUNT_ID };
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
    targets: destinationArn !== undefined ? [destinationArn] : world.sourcesOf(source),
    nextTarget: 0,
    rate: maxRate ?? DEFAULT_RATE, // messages per simulated second
    status: 'RUNNING',
    moved: 0,
    toMove: source.messages,
    startedTimestamp: Date.now(),
    startedSim: world.simSeconds(performance.now()),
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
  const elapsed = world.simSeconds(now) - task.startedSim;
  const due = Math.min(task.toMove, Math.floor(Math.min(elapsed, MAX_TASK_SECONDS) * task.rate));
  let n = Math.min(due - task.moved, source.messages);
  const armed = world.armedFailures.findIndex((f) => f.source === task.sourceArn);
  if (armed >= 0) n = Math.min(n, Math.max(0, world.armedFailures[armed].atMoved - task.moved));
  while (n > 0) {
    const target = targets[task.nextTarget % targets.length];
    task.nextTarget += 1;
    source.messages -= 1;
    target.messages += 1;
    task.moved += 1;
    n -= 1;
  }
  if (armed >= 0 && task.moved >= world.armedFailures[armed].atMoved) {
    failTask(task, world.armedFailures[armed].reason);
    world.armedFailures.splice(armed, 1);
    return;
  }
  // Also finish when the DLQ ran dry early (messages consumed elsewhere).
  if (task.moved >= task.toMove || source.messages === 0) task.status = 'COMPLETED';
  else if (elapsed >= MAX_TASK_SECONDS) failTask(task, MSG.tooLong(MAX_TASK_SECONDS / 3600));
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
    if (world.sourcesOf(source).length === 0) throw new ApiError('InvalidParameterValue', MSG.notDlq);
    if (destinationArn !== undefined) {
      requireArn(destinationArn, 'DestinationArn');
      if (!world.queues.has(destinationArn)) throw new ApiError('ResourceNotFoundException', MSG.destinationMissing);
      // The developer guide requires matching queue types; the server's text is not sourced.
      if (isFifoArn(destinationArn) !== isFifoArn(sourceArn)) {
        throw new ApiError('InvalidParameterValue', 'Destination queue must be of the same type as the source queue.');
      }
    }
    if (world.activeTaskFor(sourceArn)) throw new ApiError('InvalidParameterValue', MSG.alreadyRunning);
    if (world.activeTasks().length >= world.maxActiveTasks) {
      throw new ApiError('OverLimit', MSG.overLimit(world.maxActiveTasks));
    }
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

  ListQueues(world, input, ctx) {
    const prefix = stringMember(input, 'QueueNamePrefix', false) ?? '';
    const { maxResults, after } = pageMembers(input);
    const urls = [...world.queues.keys()]
      .map(arnParts)
      .filter((p) => p.region === ctx.region && p.account === ACCOUNT_ID && p.name.startsWith(prefix))
      .map((p) => world.queueUrl(`arn:${p.partition}:sqs:${p.region}:${p.account}:${p.name}`));
    const out = page(urls, maxResults, after);
    // Not sourced: with no queue the answer leaves QueueUrls out (it is optional in the model).
    const result = {};
    if (out.items.length > 0) result.QueueUrls = out.items;
    if (out.nextToken !== undefined) result.NextToken = out.nextToken;
    return result;
  },

  GetQueueUrl(world, input, ctx) {
    const name = stringMember(input, 'QueueName', true);
    const owner = stringMember(input, 'QueueOwnerAWSAccountId', false) ?? ACCOUNT_ID;
    const q = QUEUE_NAME.test(name) && /^\d{12}$/.test(owner) && findQueue(world, ctx.region, owner, name);
    if (!q) throw new ApiError('QueueDoesNotExist', MSG.noQueue);
    return { QueueUrl: world.queueUrl(q.arn) };
  },

  GetQueueAttributes(world, input, ctx) {
    const q = queueOfUrl(world, stringMember(input, 'QueueUrl', true), ctx);
    const names = input.AttributeNames ?? [];
    if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) {
      throw new ApiError('MalformedInput', 'Member AttributeNames must be a list of strings.');
    }
    for (const n of names) {
      if (n !== 'All' && !KNOWN_ATTRIBUTES.has(n)) throw new ApiError('InvalidAttributeName', `Unknown Attribute ${n}.`);
    }
    const all = queueAttributes(world, q);
    const wanted = names.includes('All') ? Object.keys(all) : names.filter((n) => Object.hasOwn(all, n));
    // Not sourced: with no attribute to return the answer leaves Attributes out.
    if (wanted.length === 0) return {};
    return { Attributes: Object.fromEntries(wanted.map((n) => [n, all[n]])) };
  },

  ListDeadLetterSourceQueues(world, input, ctx) {
    const q = queueOfUrl(world, stringMember(input, 'QueueUrl', true), ctx);
    const { maxResults, after } = pageMembers(input);
    const urls = world.sourcesOf(q).filter((arn) => world.queues.has(arn)).map((arn) => world.queueUrl(arn)).sort();
    const out = page(urls, maxResults, after);
    // queueUrls (lower-case q on the wire) is required in the model: sent even when empty.
    const result = { queueUrls: out.items };
    if (out.nextToken !== undefined) result.NextToken = out.nextToken;
    return result;
  },
};

// ---------------------------------------------------------------------------
// Queues: URLs, attributes, pagination

function findQueue(world, region, account, name) {
  for (const q of world.queues.values()) {
    const p = arnParts(q.arn);
    if (p.region === region && p.account === account && p.name === name) return q;
  }
  return undefined;
}

// A queue URL names its queue by its path, /ACCOUNT/NAME; the region is the request's (as the
// region of a real queue URL is its endpoint's). The host is not checked.
function queueOfUrl(world, text, ctx) {
  let url;
  try {
    url = new URL(text);
  } catch {
    url = null;
  }
  const m = url && /^\/(\d{12})\/([^/]+)$/.exec(url.pathname);
  // Not sourced: AWS's answer to a queue URL that is not one.
  if (!m || !QUEUE_NAME.test(m[2]) || url.search !== '' || url.hash !== '') {
    throw new ApiError('InvalidAddress', `The address ${text} is not valid for this endpoint.`);
  }
  const q = findQueue(world, ctx.region, m[1], m[2]);
  if (!q) throw new ApiError('QueueDoesNotExist', MSG.noQueue);
  return q;
}

// The attribute names GetQueueAttributes accepts (API reference); anything else is
// InvalidAttributeName. A queue answers only those it has (queueAttributes).
const KNOWN_ATTRIBUTES = new Set([
  'ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesDelayed', 'ApproximateNumberOfMessagesNotVisible',
  'CreatedTimestamp', 'DelaySeconds', 'LastModifiedTimestamp', 'MaximumMessageSize', 'MessageRetentionPeriod',
  'Policy', 'QueueArn', 'ReceiveMessageWaitTimeSeconds', 'VisibilityTimeout', 'RedrivePolicy', 'RedriveAllowPolicy',
  'KmsMasterKeyId', 'KmsDataKeyReusePeriodSeconds', 'SqsManagedSseEnabled', 'FifoQueue',
  'ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit',
]);

// Every value is a string. FifoQueue and ContentBasedDeduplication exist only on FIFO queues, the
// policies only when set (as real queues answer `All`; not sourced beyond that).
function queueAttributes(world, q) {
  const created = String(world.createdSeconds);
  const a = {
    QueueArn: q.arn,
    ApproximateNumberOfMessages: String(q.messages),
    ApproximateNumberOfMessagesNotVisible: String(q.notVisible),
    ApproximateNumberOfMessagesDelayed: '0',
    CreatedTimestamp: created,
    LastModifiedTimestamp: created,
    VisibilityTimeout: '30',
    MaximumMessageSize: '262144',
    MessageRetentionPeriod: '345600',
    DelaySeconds: '0',
    ReceiveMessageWaitTimeSeconds: '0',
    SqsManagedSseEnabled: 'true',
  };
  const redrive = world.redrivePolicyOf(q);
  if (redrive !== undefined) a.RedrivePolicy = redrive;
  if (q.redriveAllowPolicy !== undefined) a.RedriveAllowPolicy = q.redriveAllowPolicy;
  if (isFifoArn(q.arn)) {
    a.FifoQueue = 'true';
    a.ContentBasedDeduplication = 'false';
  }
  return a;
}

// MaxResults 1..1000 and NextToken of ListQueues and ListDeadLetterSourceQueues. Without
// MaxResults every item comes back in one page (AWS stops at 1000) and no NextToken.
// The token (opaque to clients) is base64 of {"after": <last URL of the previous page>}.
function pageMembers(input) {
  const maxResults = integerMember(input, 'MaxResults');
  requireRange(maxResults, 'MaxResults', 1, 1000);
  const token = stringMember(input, 'NextToken', false);
  let after;
  if (token !== undefined) {
    try {
      after = JSON.parse(Buffer.from(token, 'base64').toString('utf8')).after;
    } catch {
      after = undefined;
    }
    // Not sourced: AWS's text for a bad token.
    if (typeof after !== 'string') throw new ApiError('InvalidParameterValue', 'Invalid NextToken value.');
  }
  return { maxResults, after };
}

function page(sortedItems, maxResults, after) {
  const items = [...sortedItems].sort();
  const from = after === undefined ? 0 : items.findIndex((x) => x > after);
  const rest = from < 0 ? [] : items.slice(from);
  const size = maxResults ?? 1000;
  const out = rest.slice(0, size);
  const more = maxResults !== undefined && rest.length > size;
  return {
    items: out,
    nextToken: more ? Buffer.from(JSON.stringify({ after: out[out.length - 1] })).toString('base64') : undefined,
  };
}

// Other operations of the SQS service: real SQS implements them, this
// endpoint does not, so they get the modeled UnsupportedOperation error
// rather than the InvalidAction reserved for names SQS does not know.
const OTHER_SQS_OPERATIONS = new Set([
  'AddPermission', 'ChangeMessageVisibility', 'ChangeMessageVisibilityBatch', 'CreateQueue',
  'DeleteMessage', 'DeleteMessageBatch', 'DeleteQueue', 'ListQueueTags', 'PurgeQueue', 'ReceiveMessage',
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
    let ctx;
    try {
      ctx = await verifySignature(req, body);
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
    sendSqs(res, requestId, 200, handler(world, input, ctx));
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
    const reason = typeof doc.reason === 'string' ? doc.reason : 'AWS.SimpleQueueService.NonExistentQueue';
    if (doc.at_moved !== undefined) {
      // Armed: the source's running or next task fails once it has moved at_moved messages.
      if (!Number.isSafeInteger(doc.at_moved) || doc.at_moved < 0) throw new AdminError(400, 'at_moved must be a non-negative integer');
      world.armedFailures = world.armedFailures.filter((f) => f.source !== doc.source);
      world.armedFailures.push({ source: doc.source, reason, atMoved: doc.at_moved });
      tick(world);
      return { armed: { source: doc.source, reason, atMoved: doc.at_moved } };
    }
    const task = world.tasks.find((t) => t.sourceArn === doc.source && t.status === 'RUNNING');
    if (!task) throw new AdminError(404, `no RUNNING task for ${doc.source}`);
    tick(world);
    if (task.status === 'RUNNING') failTask(task, reason);
    return { taskId: task.taskId, status: task.status, failureReason: task.failureReason ?? null };
  },
  'POST /_admin/queues'(world, doc) {
    if (doc.queues !== undefined && !Array.isArray(doc.queues)) throw new AdminError(400, 'queues must be a list');
    if (doc.delete !== undefined && !(Array.isArray(doc.delete) && doc.delete.every((a) => typeof a === 'string'))) {
      throw new AdminError(400, 'delete must be a list of queue ARNs');
    }
    tick(world);
    // A queue that exists keeps the fields the call leaves out.
    const upserts = (doc.queues ?? []).map((q) => {
      const current = q && world.queues.get(q.arn);
      return current && doc.replace !== true ? { ...queueToDoc(current), ...q } : q;
    });
    const given = new Set(upserts.map((q) => q && q.arn));
    const gone = new Set(doc.delete ?? []);
    const kept = doc.replace === true ? [] : [...world.queues.values()]
      .filter((q) => !given.has(q.arn) && !gone.has(q.arn)).map(queueToDoc);
    const next = { queues: [...kept, ...upserts.filter((q) => !(q && gone.has(q.arn)))] };
    try {
      validateState(next, 'queues');
    } catch (e) {
      throw new AdminError(400, e.message);
    }
    world.setQueues(next.queues);
    if (doc.replace === true) world.tasks = [];
    return { queues: [...world.queues.values()].map((q) => ({ arn: q.arn, url: world.queueUrl(q.arn) })) };
  },
  'POST /_admin/config'(world, doc) {
    if (doc.max_active_tasks !== undefined) {
      if (!Number.isSafeInteger(doc.max_active_tasks) || doc.max_active_tasks < 0) {
        throw new AdminError(400, 'max_active_tasks must be a non-negative integer');
      }
      world.maxActiveTasks = doc.max_active_tasks;
    }
    return world.config();
  },
  'POST /_admin/advance'(world, doc) {
    if (typeof doc.seconds !== 'number' || !Number.isFinite(doc.seconds) || doc.seconds < 0) {
      throw new AdminError(400, 'seconds must be a non-negative number');
    }
    tick(world); // move what is due before the jump, at the old time
    world.advancedSeconds += doc.seconds;
    tick(world);
    return { simulatedSeconds: world.simSeconds(performance.now()) };
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
    world.port = port;
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
