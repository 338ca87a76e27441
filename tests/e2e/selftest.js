#!/usr/bin/env node
// Self-test for tests/e2e/server.js: starts it on an ephemeral port and drives
// it with the real AWS SDK for JavaScript v3 (plus a few hand-signed raw
// requests to check exact wire shapes). Prints "ok <name>" / "FAIL <name>: why"
// per check and a final "N passed, N failed"; exits 1 on any failure.
'use strict';

const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const http = require('node:http');
const path = require('node:path');

const MODULES = path.join(__dirname, '../conformance/node_modules');
const {
  SQSClient,
  StartMessageMoveTaskCommand,
  CancelMessageMoveTaskCommand,
  ListMessageMoveTasksCommand,
  ListQueuesCommand,
  GetQueueUrlCommand,
  GetQueueAttributesCommand,
  ListDeadLetterSourceQueuesCommand,
} = require(path.join(MODULES, '@aws-sdk/client-sqs'));
const { SignatureV4 } = require(path.join(MODULES, '@smithy/signature-v4'));
const { Sha256 } = require(path.join(MODULES, '@aws-crypto/sha256-js'));

const ACCESS_KEY_ID = process.env.E2E_ACCESS_KEY_ID || 'AKIDEXAMPLE';
const SECRET_ACCESS_KEY = process.env.E2E_SECRET_ACCESS_KEY || 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const SESSION_TOKEN = process.env.E2E_SESSION_TOKEN || undefined;
const REGION = 'us-east-1';
const ARN = (name) => `arn:aws:sqs:us-east-1:000000000000:${name}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const MSG = {
  sourceMissing: "The resource that you specified for the SourceArn parameter doesn't exist.",
  destinationMissing: "The resource that you specified for the DestinationArn parameter doesn't exist.",
  notDlq: 'Source queue must be configured as a Dead Letter Queue.',
  alreadyRunning: 'There is already a task running. Only one active task is allowed for a source queue arn at a given time.',
  badHandle: 'Value for parameter TaskHandle is invalid.',
  unknownTask: 'Task does not exist.',
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------
// Server process

function startServer(extraEnv = {}) {
  const env = { ...process.env, E2E_RATE_MULTIPLIER: process.env.E2E_RATE_MULTIPLIER || '10', ...extraEnv };
  const child = spawn(process.execPath, [path.join(__dirname, 'server.js'), '--port', '0'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${stderr}`)), 10000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /^listening (\d+)\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]), stderr: () => stderr });
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${stderr}`)));
  });
}

// ---------------------------------------------------------------------------
// Helpers

let base;

async function admin(method, route, body) {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const doc = await res.json();
  if (!res.ok) throw new Error(`admin ${method} ${route} -> ${res.status} ${JSON.stringify(doc)}`);
  return doc;
}

function client(secretAccessKey = SECRET_ACCESS_KEY) {
  return new SQSClient({
    endpoint: base,
    region: REGION,
    credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey, sessionToken: SESSION_TOKEN },
  });
}

const start = (c, input) => c.send(new StartMessageMoveTaskCommand(input));
const cancel = (c, handle) => c.send(new CancelMessageMoveTaskCommand({ TaskHandle: handle }));
const list = async (c, sourceArn, maxResults) =>
  (await c.send(new ListMessageMoveTasksCommand({ SourceArn: sourceArn, MaxResults: maxResults }))).Results;
const listQueues = (c, input = {}) => c.send(new ListQueuesCommand(input));
const queueUrl = async (c, name, owner) =>
  (await c.send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: owner }))).QueueUrl;
const attributes = async (c, url, names) =>
  (await c.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: names }))).Attributes;
const dlqSources = (c, input) => c.send(new ListDeadLetterSourceQueuesCommand(input));
const URL_OF = (name) => `${base}/000000000000/${name}`;

// n applications, each with a source queue whose RedrivePolicy names its DLQ; DLQ i holds 10*(i+1).
function fleetQueues(n) {
  const queues = [];
  for (let i = 1; i <= n; i++) {
    queues.push({ arn: ARN(`app${i}`), redrive_policy: { deadLetterTargetArn: ARN(`app${i}-dlq`), maxReceiveCount: 3 } });
    queues.push({ arn: ARN(`app${i}-dlq`), messages: 10 * i });
  }
  return queues;
}

// Every page of a paginated call, checking that the tokens move on.
async function allPages(call, input, member) {
  const items = [];
  const tokens = new Set();
  let pages = 0;
  for (let token; ;) {
    const out = await call({ ...input, NextToken: token });
    pages += 1;
    items.push(...(out[member] ?? []));
    token = out.NextToken;
    if (token === undefined) return { items, pages };
    assert.ok(!tokens.has(token), 'a NextToken repeats');
    tokens.add(token);
  }
}

async function expectError(promise, { name, status, message }) {
  let err;
  try {
    await promise;
  } catch (e) {
    err = e;
  }
  assert.ok(err, `expected ${name}, got success`);
  assert.equal(err.name, name, `error name (message: ${err.message})`);
  assert.equal(err.$metadata?.httpStatusCode, status, 'HTTP status');
  if (message !== undefined) assert.equal(err.message, message, 'error message');
  return err;
}

async function waitFor(what, fn, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function queueCounts() {
  const state = await admin('GET', '/_admin/state');
  return Object.fromEntries(state.queues.map((q) => [q.arn.split(':').pop(), q.messages]));
}

async function lastSeq() {
  const { requests } = await admin('GET', '/_admin/requests');
  return requests.length ? requests[requests.length - 1].seq : 0;
}

// A hand-signed request, so the test controls exactly which Host is signed
// and sees the raw status, headers and body. Unlike the SDK it signs no
// x-amz-content-sha256 header, as curl and botocore do not.
async function rawRequest(op, input, { host, secretAccessKey = SECRET_ACCESS_KEY, sign = true } = {}) {
  const { port } = new URL(base);
  const body = JSON.stringify(input);
  let headers = {
    host: host ?? `127.0.0.1:${port}`,
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': `AmazonSQS.${op}`,
    'x-amzn-query-mode': 'true',
  };
  if (sign) {
    const signer = new SignatureV4({
      credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey, sessionToken: SESSION_TOKEN },
      region: REGION,
      service: 'sqs',
      sha256: Sha256,
      applyChecksum: false,
    });
    const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', path: '/', headers, body });
    headers = signed.headers;
  }
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function assertErrorWire(res, { status, type, queryError, message }) {
  assert.equal(res.status, status, 'HTTP status');
  assert.equal(res.headers['content-type'], 'application/x-amz-json-1.0');
  assert.match(res.headers['x-amzn-requestid'] ?? '', UUID, 'x-amzn-RequestId');
  assert.equal(res.headers['x-amzn-query-error'], queryError, 'x-amzn-query-error');
  assert.equal(res.body.__type, type, '__type');
  if (message !== undefined) assert.equal(res.body.message, message, 'message');
  assert.deepEqual(Object.keys(res.body), ['__type', 'message']);
}

// ---------------------------------------------------------------------------
// Checks

const checks = [];
const check = (name, fn) => checks.push({ name, fn });

check('start-list-complete', async () => {
  const c = client();
  const { TaskHandle } = await start(c, { SourceArn: ARN('orders-dlq') });
  const decoded = Buffer.from(TaskHandle, 'base64').toString('utf8');
  const { taskId } = JSON.parse(decoded);
  assert.match(taskId, UUID);
  assert.equal(decoded, `{"taskId":"${taskId}","sourceArn":"${ARN('orders-dlq')}"}`, 'handle format');

  const [running] = await list(c, ARN('orders-dlq'));
  assert.equal(running.Status, 'RUNNING');
  assert.equal(running.TaskHandle, TaskHandle);
  assert.equal(running.SourceArn, ARN('orders-dlq'));
  assert.equal(running.ApproximateNumberOfMessagesToMove, 25);
  assert.ok(!('DestinationArn' in running) && !('MaxNumberOfMessagesPerSecond' in running), 'absent optional members');
  assert.ok(Math.abs(running.StartedTimestamp - Date.now()) < 5000, 'StartedTimestamp is epoch ms');

  const done = await waitFor('COMPLETED', async () => {
    const [t] = await list(c, ARN('orders-dlq'));
    return t.Status === 'COMPLETED' && t;
  });
  assert.equal(done.ApproximateNumberOfMessagesMoved, 25);
  assert.equal(done.ApproximateNumberOfMessagesToMove, 25);
  assert.ok(!('TaskHandle' in done), 'no TaskHandle once COMPLETED');
  assert.ok(!('FailureReason' in done));
  const counts = await queueCounts();
  assert.equal(counts['orders-dlq'], 0);
  assert.equal(counts.orders, 25, 'redriven back to the source queue');
});

check('start-destination-rate', async () => {
  const c = client();
  await start(c, { SourceArn: ARN('orders-dlq.fifo'), DestinationArn: ARN('orders.fifo'), MaxNumberOfMessagesPerSecond: 2 });
  const [t] = await list(c, ARN('orders-dlq.fifo'));
  assert.equal(t.DestinationArn, ARN('orders.fifo'));
  assert.equal(t.MaxNumberOfMessagesPerSecond, 2);
  // 5 messages at 2/s x multiplier.
  const done = await waitFor('COMPLETED', async () => {
    const [x] = await list(c, ARN('orders-dlq.fifo'));
    return x.Status === 'COMPLETED' && x;
  });
  assert.equal(done.ApproximateNumberOfMessagesMoved, 5);
  assert.equal(done.MaxNumberOfMessagesPerSecond, 2);
  const counts = await queueCounts();
  assert.equal(counts['orders.fifo'], 5);
  assert.equal(counts['orders-dlq.fifo'], 0);
});

check('cancel', async () => {
  const c = client();
  const { TaskHandle } = await start(c, { SourceArn: ARN('orders-dlq'), MaxNumberOfMessagesPerSecond: 1 });
  await waitFor('first moved message', async () => (await list(c, ARN('orders-dlq')))[0].ApproximateNumberOfMessagesMoved > 0);
  const { ApproximateNumberOfMessagesMoved: moved } = await cancel(c, TaskHandle);
  assert.ok(Number.isInteger(moved) && moved > 0 && moved < 25, `moved ${moved}`);
  const [t] = await list(c, ARN('orders-dlq'));
  assert.ok(t.Status === 'CANCELLING' || t.Status === 'CANCELLED', t.Status);
  assert.ok(!('TaskHandle' in t));
  const done = await waitFor('CANCELLED', async () => {
    const [x] = await list(c, ARN('orders-dlq'));
    return x.Status === 'CANCELLED' && x;
  });
  assert.equal(done.ApproximateNumberOfMessagesMoved, moved, 'nothing moves after cancel');
  const counts = await queueCounts();
  assert.equal(counts['orders-dlq'] + counts.orders, 25);
  assert.equal(counts.orders, moved);
  await expectError(cancel(c, TaskHandle), { name: 'InvalidParameterValue', status: 400 });
});

check('cancel-bad-handles', async () => {
  const c = client();
  await expectError(cancel(c, 'foobared'), { name: 'InvalidParameterValue', status: 400, message: MSG.badHandle });
  const handle = (arn) => Buffer.from(`{"taskId":"10f57157-fc38-4da9-a113-4de7e12d05dd","sourceArn":"${arn}"}`).toString('base64');
  await expectError(cancel(c, handle(ARN('orders-dlq'))),
    { name: 'ResourceNotFoundException', status: 404, message: MSG.unknownTask });
  await expectError(cancel(c, handle(ARN('no-such-queue'))),
    { name: 'ResourceNotFoundException', status: 404, message: MSG.sourceMissing });
});

check('missing-queue', async () => {
  await expectError(start(client(), { SourceArn: ARN('no-such-queue') }),
    { name: 'ResourceNotFoundException', status: 404, message: MSG.sourceMissing });
  await expectError(list(client(), ARN('no-such-queue')),
    { name: 'ResourceNotFoundException', status: 404, message: MSG.sourceMissing });
});

check('not-a-dlq', async () => {
  await expectError(start(client(), { SourceArn: ARN('plain') }),
    { name: 'InvalidParameterValue', status: 400, message: MSG.notDlq });
});

check('destination-missing', async () => {
  await expectError(start(client(), { SourceArn: ARN('orders-dlq'), DestinationArn: ARN('gone') }),
    { name: 'ResourceNotFoundException', status: 404, message: MSG.destinationMissing });
});

check('already-running', async () => {
  const c = client();
  await start(c, { SourceArn: ARN('orders-dlq'), MaxNumberOfMessagesPerSecond: 1 });
  await expectError(start(c, { SourceArn: ARN('orders-dlq') }),
    { name: 'InvalidParameterValue', status: 400, message: MSG.alreadyRunning });
});

check('parameter-ranges', async () => {
  const c = client();
  for (const rate of [0, 501]) {
    await expectError(start(c, { SourceArn: ARN('orders-dlq'), MaxNumberOfMessagesPerSecond: rate }),
      { name: 'InvalidParameterValue', status: 400 });
  }
  for (const max of [0, 11]) {
    await expectError(list(c, ARN('orders-dlq'), max), { name: 'InvalidParameterValue', status: 400 });
  }
  await start(c, { SourceArn: ARN('orders-dlq'), MaxNumberOfMessagesPerSecond: 500 });
  assert.equal((await list(c, ARN('orders-dlq'), 10)).length, 1);
});

check('list-newest-first', async () => {
  const c = client();
  const first = await start(c, { SourceArn: ARN('orders-dlq'), MaxNumberOfMessagesPerSecond: 1 });
  await cancel(c, first.TaskHandle);
  await waitFor('CANCELLED', async () => (await list(c, ARN('orders-dlq')))[0].Status === 'CANCELLED');
  const second = await start(c, { SourceArn: ARN('orders-dlq'), MaxNumberOfMessagesPerSecond: 1 });
  const one = await list(c, ARN('orders-dlq'));
  assert.equal(one.length, 1, 'default MaxResults is 1');
  assert.equal(one[0].TaskHandle, second.TaskHandle);
  const all = await list(c, ARN('orders-dlq'), 10);
  assert.deepEqual(all.map((t) => t.Status), ['RUNNING', 'CANCELLED']);
  assert.deepEqual(await list(c, ARN('plain'), 10), [], 'no tasks -> empty Results');
});

check('fail-task', async () => {
  const c = client();
  await start(c, { SourceArn: ARN('orders-dlq'), MaxNumberOfMessagesPerSecond: 1 });
  await admin('POST', '/_admin/fail-task', { source: ARN('orders-dlq') });
  const [t] = await list(c, ARN('orders-dlq'));
  assert.equal(t.Status, 'FAILED');
  assert.equal(t.FailureReason, 'AWS.SimpleQueueService.NonExistentQueue');
  assert.ok(!('TaskHandle' in t));
});

check('throttled-then-retried', async () => {
  const since = await lastSeq();
  await admin('POST', '/_admin/throttle', { count: 1 });
  const results = await list(client(), ARN('orders-dlq'));
  assert.deepEqual(results, []);
  const { requests } = await admin('GET', `/_admin/requests?since=${since}`);
  assert.deepEqual(requests.map((r) => [r.op, r.status, r.error, r.injected]), [
    ['ListMessageMoveTasks', 403, 'RequestThrottled', 'throttle'],
    ['ListMessageMoveTasks', 200, null, null],
  ]);
  assert.match(requests[1].attempt, /^attempt=2;/, 'second request is an SDK retry');
});

check('server-error-then-retried', async () => {
  const since = await lastSeq();
  await admin('POST', '/_admin/fail', { status: 503, count: 1 });
  await list(client(), ARN('orders-dlq'));
  const { requests } = await admin('GET', `/_admin/requests?since=${since}`);
  assert.deepEqual(requests.map((r) => r.status), [503, 200]);
});

check('injected-modeled-error', async () => {
  await admin('POST', '/_admin/fail', { error: 'UnsupportedOperation', count: 1 });
  const res = await rawRequest('ListMessageMoveTasks', { SourceArn: ARN('orders-dlq') });
  assertErrorWire(res, {
    status: 400,
    type: 'com.amazonaws.sqs#UnsupportedOperation',
    queryError: 'AWS.SimpleQueueService.UnsupportedOperation;Sender',
  });
});

check('wrong-secret-rejected', async () => {
  const since = await lastSeq();
  await expectError(list(client('not-the-secret'), ARN('orders-dlq')), { name: 'SignatureDoesNotMatch', status: 403 });
  const { requests } = await admin('GET', `/_admin/requests?since=${since}`);
  assert.deepEqual(requests.map((r) => [r.signatureOk, r.status]), [[false, 403]], 'rejected once, not retried');
  const res = await rawRequest('ListMessageMoveTasks', { SourceArn: ARN('orders-dlq') }, { secretAccessKey: 'nope' });
  assertErrorWire(res, {
    status: 403,
    type: 'com.amazon.coral.service#InvalidSignatureException',
    queryError: 'SignatureDoesNotMatch;Sender',
  });
});

check('unsigned-rejected', async () => {
  const res = await rawRequest('ListMessageMoveTasks', { SourceArn: ARN('orders-dlq') }, { sign: false });
  assertErrorWire(res, {
    status: 403,
    type: 'com.amazon.coral.service#AccessDeniedException',
    queryError: 'AccessDenied;Sender',
  });
});

check('wire-shapes', async () => {
  // Host signed without the port must verify too.
  const ok = await rawRequest('ListMessageMoveTasks', { SourceArn: ARN('orders-dlq'), MaxResults: 10 }, { host: '127.0.0.1' });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers['content-type'], 'application/x-amz-json-1.0');
  assert.match(ok.headers['x-amzn-requestid'] ?? '', UUID);
  assert.deepEqual(ok.body, { Results: [] });

  assertErrorWire(await rawRequest('StartMessageMoveTask', { SourceArn: ARN('nope') }), {
    status: 404,
    type: 'com.amazonaws.sqs#ResourceNotFoundException',
    queryError: 'ResourceNotFoundException;Sender',
    message: MSG.sourceMissing,
  });
  assertErrorWire(await rawRequest('StartMessageMoveTask', { SourceArn: ARN('plain') }), {
    status: 400,
    type: 'com.amazon.coral.service#InvalidParameterValueException',
    queryError: 'InvalidParameterValue;Sender',
    message: MSG.notDlq,
  });
  const started = await rawRequest('StartMessageMoveTask', { SourceArn: ARN('orders-dlq') });
  assert.equal(started.status, 200);
  assert.deepEqual(Object.keys(started.body), ['TaskHandle']);
  const cancelled = await rawRequest('CancelMessageMoveTask', { TaskHandle: started.body.TaskHandle });
  assert.equal(cancelled.status, 200);
  assert.deepEqual(Object.keys(cancelled.body), ['ApproximateNumberOfMessagesMoved'], 'sent even when 0');
});

check('queue-operations', async () => {
  const c = client();
  const { QueueUrls } = await listQueues(c);
  assert.deepEqual(QueueUrls, ['orders', 'orders-dlq', 'orders-dlq.fifo', 'orders.fifo', 'plain'].map(URL_OF));
  assert.deepEqual((await listQueues(c, { QueueNamePrefix: 'orders-dlq' })).QueueUrls,
    [URL_OF('orders-dlq'), URL_OF('orders-dlq.fifo')]);
  assert.deepEqual(await listQueues(c, { QueueNamePrefix: 'none' }).then((r) => r.QueueUrls), undefined);
  assert.equal(await queueUrl(c, 'orders-dlq'), `http://127.0.0.1:${new URL(base).port}/000000000000/orders-dlq`);
  assert.equal(await queueUrl(c, 'plain', '000000000000'), URL_OF('plain'));

  const source = await attributes(c, URL_OF('orders'), ['All']);
  assert.equal(source.QueueArn, ARN('orders'));
  assert.deepEqual(JSON.parse(source.RedrivePolicy), { deadLetterTargetArn: ARN('orders-dlq'), maxReceiveCount: 10 });
  assert.ok(!('FifoQueue' in source) && !('RedriveAllowPolicy' in source), 'standard queue without FifoQueue');
  const dlq = await attributes(c, URL_OF('orders-dlq.fifo'), ['All']);
  assert.equal(dlq.FifoQueue, 'true');
  assert.equal(dlq.ApproximateNumberOfMessages, '5');
  assert.equal(dlq.ApproximateNumberOfMessagesNotVisible, '0');
  assert.ok(!('RedrivePolicy' in dlq));
  assert.deepEqual(await attributes(c, URL_OF('orders-dlq'), ['QueueArn', 'ApproximateNumberOfMessages', 'RedrivePolicy']),
    { QueueArn: ARN('orders-dlq'), ApproximateNumberOfMessages: '25' }, 'only the names asked for, and only those set');
  assert.equal(await attributes(c, URL_OF('orders-dlq')), undefined, 'no AttributeNames, no Attributes');

  assert.deepEqual((await dlqSources(c, { QueueUrl: URL_OF('orders-dlq') })).queueUrls, [URL_OF('orders')]);
  assert.deepEqual((await dlqSources(c, { QueueUrl: URL_OF('plain') })).queueUrls, []);
});

check('queue-errors', async () => {
  const c = client();
  const missing = { name: 'QueueDoesNotExist', status: 400, message: 'The specified queue does not exist.' };
  await expectError(queueUrl(c, 'nope'), missing);
  await expectError(queueUrl(c, 'orders', '111111111111'), missing);
  await expectError(attributes(c, URL_OF('nope'), ['All']), missing);
  await expectError(dlqSources(c, { QueueUrl: URL_OF('nope') }), missing);
  await expectError(attributes(c, `${base}/orders`, ['All']), { name: 'InvalidAddress', status: 404 });
  await expectError(attributes(c, URL_OF('orders'), ['QueueArn', 'Colour']), { name: 'InvalidAttributeName', status: 400 });
  for (const max of [0, 1001]) {
    await expectError(listQueues(c, { MaxResults: max }), { name: 'InvalidParameterValue', status: 400 });
    await expectError(dlqSources(c, { QueueUrl: URL_OF('orders-dlq'), MaxResults: max }), { name: 'InvalidParameterValue', status: 400 });
  }
  await expectError(listQueues(c, { NextToken: 'garbage' }), { name: 'InvalidParameterValue', status: 400 });
  // The queue's region is the request's: us-west-2 has no queues.
  const west = new SQSClient({ endpoint: base, region: 'us-west-2',
    credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY, sessionToken: SESSION_TOKEN } });
  await expectError(queueUrl(west, 'orders'), missing);
  assert.equal((await listQueues(west)).QueueUrls, undefined);

  assertErrorWire(await rawRequest('GetQueueUrl', { QueueName: 'nope' }), {
    status: 400,
    type: 'com.amazonaws.sqs#QueueDoesNotExist',
    queryError: 'AWS.SimpleQueueService.NonExistentQueue;Sender',
    message: 'The specified queue does not exist.',
  });
  assertErrorWire(await rawRequest('GetQueueAttributes', { QueueUrl: URL_OF('orders'), AttributeNames: ['Colour'] }), {
    status: 400,
    type: 'com.amazonaws.sqs#InvalidAttributeName',
    queryError: 'InvalidAttributeName;Sender',
  });
});

check('admin-queues-and-pagination', async () => {
  const c = client();
  const { queues } = await admin('POST', '/_admin/queues', { queues: fleetQueues(7) });
  assert.equal(queues.length, 5 + 14, 'added to the default queues');
  assert.equal(queues.find((q) => q.arn === ARN('app3-dlq')).url, URL_OF('app3-dlq'));

  const pages = await allPages((i) => listQueues(c, i), { QueueNamePrefix: 'app', MaxResults: 4 }, 'QueueUrls');
  assert.equal(pages.pages, 4);
  assert.equal(new Set(pages.items).size, 14);
  assert.deepEqual(pages.items, [...pages.items].sort());
  assert.equal((await listQueues(c, { QueueNamePrefix: 'app', MaxResults: 14 })).NextToken, undefined, 'no token on the last page');

  const attrs = await attributes(c, URL_OF('app2'), ['RedrivePolicy']);
  assert.equal(attrs.RedrivePolicy, `{"deadLetterTargetArn":"${ARN('app2-dlq')}","maxReceiveCount":3}`);
  assert.deepEqual((await dlqSources(c, { QueueUrl: URL_OF('app2-dlq') })).queueUrls, [URL_OF('app2')]);

  // Two sources for one DLQ, one page each.
  await admin('POST', '/_admin/queues', { queues: [
    { arn: ARN('app2b'), redrive_policy: `{"deadLetterTargetArn":"${ARN('app2-dlq')}","maxReceiveCount":"7"}` },
    { arn: ARN('app5-dlq'), messages: 99, messages_not_visible: 4,
      redrive_allow_policy: { redrivePermission: 'byQueue', sourceQueueArns: [ARN('app5')] } },
  ] });
  const sources = await allPages((i) => dlqSources(c, i), { QueueUrl: URL_OF('app2-dlq'), MaxResults: 1 }, 'queueUrls');
  assert.deepEqual(sources, { items: [URL_OF('app2'), URL_OF('app2b')], pages: 2 });
  const raw = await rawRequest('ListDeadLetterSourceQueues', { QueueUrl: URL_OF('app2-dlq'), MaxResults: 1 });
  assert.deepEqual(Object.keys(raw.body), ['queueUrls', 'NextToken'], 'lower-case queueUrls on the wire');
  assert.equal((await attributes(c, URL_OF('app2b'), ['RedrivePolicy'])).RedrivePolicy,
    `{"deadLetterTargetArn":"${ARN('app2-dlq')}","maxReceiveCount":"7"}`, 'a policy string is served verbatim');
  const five = await attributes(c, URL_OF('app5-dlq'), ['All']);
  assert.equal(five.ApproximateNumberOfMessages, '99');
  assert.equal(five.ApproximateNumberOfMessagesNotVisible, '4');
  assert.deepEqual(JSON.parse(five.RedriveAllowPolicy), { redrivePermission: 'byQueue', sourceQueueArns: [ARN('app5')] });
  await admin('POST', '/_admin/queues', { queues: [{ arn: ARN('app3'), messages: 2 }] });
  const three = await attributes(c, URL_OF('app3'), ['All']);
  assert.equal(three.ApproximateNumberOfMessages, '2');
  assert.equal(JSON.parse(three.RedrivePolicy).deadLetterTargetArn, ARN('app3-dlq'), 'an upsert keeps the fields it leaves out');

  // A RedrivePolicy makes its target a DLQ: a move task goes back to that source.
  await start(c, { SourceArn: ARN('app1-dlq') });
  await waitFor('COMPLETED', async () => (await list(c, ARN('app1-dlq')))[0].Status === 'COMPLETED');
  assert.equal((await queueCounts()).app1, 10);

  // A DLQ named by a policy but not created: the policy still shows it.
  await admin('POST', '/_admin/queues', { delete: [ARN('app7-dlq')] });
  assert.equal(JSON.parse((await attributes(c, URL_OF('app7'), ['RedrivePolicy'])).RedrivePolicy).deadLetterTargetArn, ARN('app7-dlq'));
  await expectError(queueUrl(c, 'app7-dlq'), { name: 'QueueDoesNotExist', status: 400 });

  // One RedrivePolicy per queue.
  const res = await fetch(`${base}/_admin/queues`, { method: 'POST',
    body: JSON.stringify({ queues: [{ arn: ARN('other-dlq'), dlq_of: [ARN('app1')] }] }) });
  assert.equal(res.status, 400);
  assert.match((await res.json()).error, /two dead-letter queues/);

  await admin('POST', '/_admin/reset');
  assert.equal((await listQueues(c)).QueueUrls.length, 5, 'reset restores the startup queues');
});

check('over-limit', async () => {
  const c = client();
  await admin('POST', '/_admin/queues', { queues: fleetQueues(7) });
  assert.equal((await admin('POST', '/_admin/config', { max_active_tasks: 3 })).max_active_tasks, 3);
  const handles = [];
  for (const i of [1, 2, 3]) handles.push((await start(c, { SourceArn: ARN(`app${i}-dlq`), MaxNumberOfMessagesPerSecond: 1 })).TaskHandle);
  await expectError(start(c, { SourceArn: ARN('app4-dlq') }), { name: 'OverLimit', status: 403 });
  assertErrorWire(await rawRequest('StartMessageMoveTask', { SourceArn: ARN('app4-dlq') }), {
    status: 403,
    type: 'com.amazonaws.sqs#OverLimit',
    queryError: 'OverLimit;Sender',
    message: 'The maximum number of active message move tasks for this account (3) has been reached.',
  });
  await expectError(start(c, { SourceArn: ARN('app1-dlq') }),
    { name: 'InvalidParameterValue', status: 400, message: MSG.alreadyRunning });
  assert.equal((await list(c, ARN('app4-dlq'))).length, 0, 'no task was created');
  // A CANCELLING task still holds its slot; a CANCELLED one frees it.
  await cancel(c, handles[0]);
  await expectError(start(c, { SourceArn: ARN('app4-dlq') }), { name: 'OverLimit', status: 403 });
  await waitFor('CANCELLED', async () => (await list(c, ARN('app1-dlq')))[0].Status === 'CANCELLED');
  await start(c, { SourceArn: ARN('app4-dlq') });
  const state = await admin('GET', '/_admin/state');
  assert.equal(state.activeTasks, 3);
  await admin('POST', '/_admin/reset');
  assert.equal((await admin('GET', '/_admin/state')).config.max_active_tasks, 100, 'reset restores the limit');
});

check('max-active-from-env', async () => {
  const other = await startServer({ E2E_MAX_ACTIVE_TASKS: '1', E2E_ACCOUNT_ID: '000000000000' });
  const saved = base;
  try {
    base = `http://127.0.0.1:${other.port}`;
    const c = client();
    assert.equal((await admin('GET', '/_admin/state')).config.max_active_tasks, 1);
    await start(c, { SourceArn: ARN('orders-dlq'), MaxNumberOfMessagesPerSecond: 1 });
    await expectError(start(c, { SourceArn: ARN('orders-dlq.fifo') }), { name: 'OverLimit', status: 403 });
  } finally {
    base = saved;
    other.child.kill('SIGTERM');
  }
});

check('36-hour-limit', async () => {
  const c = client();
  await admin('POST', '/_admin/queues', { queues: [
    { arn: ARN('big'), messages: 0 },
    { arn: ARN('big-dlq'), messages: 1000000, dlq_of: [ARN('big')] },
  ] });
  await start(c, { SourceArn: ARN('big-dlq'), MaxNumberOfMessagesPerSecond: 1 });
  await start(c, { SourceArn: ARN('orders-dlq'), MaxNumberOfMessagesPerSecond: 1 });
  await admin('POST', '/_admin/advance', { seconds: 36 * 3600 - 60 });
  const [running] = await list(c, ARN('big-dlq'));
  assert.equal(running.Status, 'RUNNING');
  assert.equal((await list(c, ARN('orders-dlq')))[0].Status, 'COMPLETED', 'a short task completes');
  await admin('POST', '/_admin/advance', { seconds: 120 });
  const [failed] = await list(c, ARN('big-dlq'));
  assert.equal(failed.Status, 'FAILED');
  assert.equal(failed.FailureReason, 'The task exceeded the maximum duration of 36 hours.');
  assert.equal(failed.ApproximateNumberOfMessagesMoved, 36 * 3600, 'moved at the rate until the limit, not after');
  assert.equal((await queueCounts()).big, 36 * 3600);
});

check('fail-task-armed', async () => {
  const c = client();
  await admin('POST', '/_admin/fail-task', { source: ARN('orders-dlq'), reason: 'KMS.AccessDeniedException', at_moved: 5 });
  assert.deepEqual((await admin('GET', '/_admin/state')).faults.failTasks,
    [{ source: ARN('orders-dlq'), reason: 'KMS.AccessDeniedException', atMoved: 5 }]);
  // Fast enough that one tick would move past 5 without the stop at at_moved.
  await start(c, { SourceArn: ARN('orders-dlq'), MaxNumberOfMessagesPerSecond: 100 });
  const t = await waitFor('FAILED', async () => {
    const [x] = await list(c, ARN('orders-dlq'));
    return x.Status === 'FAILED' && x;
  });
  assert.equal(t.ApproximateNumberOfMessagesMoved, 5);
  assert.equal(t.FailureReason, 'KMS.AccessDeniedException');
  assert.equal((await queueCounts()).orders, 5);
  // Used up: the next task completes.
  await start(c, { SourceArn: ARN('orders-dlq'), MaxNumberOfMessagesPerSecond: 500 });
  await waitFor('COMPLETED', async () => (await list(c, ARN('orders-dlq')))[0].Status === 'COMPLETED');
  // at_moved 0: the task fails as it starts.
  await admin('POST', '/_admin/fail-task', { source: ARN('orders-dlq.fifo'), at_moved: 0 });
  await start(c, { SourceArn: ARN('orders-dlq.fifo') });
  const [f] = await list(c, ARN('orders-dlq.fifo'));
  assert.equal(f.Status, 'FAILED');
  assert.equal(f.FailureReason, 'AWS.SimpleQueueService.NonExistentQueue');
  assert.equal(f.ApproximateNumberOfMessagesMoved, 0);
});

check('deleted-destination-fails-task', async () => {
  const c = client();
  await start(c, { SourceArn: ARN('orders-dlq'), MaxNumberOfMessagesPerSecond: 1 });
  await admin('POST', '/_admin/queues', { delete: [ARN('orders')] });
  const [t] = await list(c, ARN('orders-dlq'));
  assert.equal(t.Status, 'FAILED');
  assert.equal(t.FailureReason, 'AWS.SimpleQueueService.NonExistentQueue');
});

check('reset', async () => {
  await start(client(), { SourceArn: ARN('orders-dlq') });
  await admin('POST', '/_admin/reset');
  const state = await admin('GET', '/_admin/state');
  assert.equal(state.tasks.length, 0);
  assert.deepEqual(await queueCounts(), { orders: 0, 'orders-dlq': 25, 'orders.fifo': 0, 'orders-dlq.fifo': 5, plain: 3 });
});

// ---------------------------------------------------------------------------

async function main() {
  const watchdog = setTimeout(() => {
    process.stdout.write('FAIL selftest: overall timeout\n');
    process.exit(1);
  }, 60000);
  let server;
  try {
    server = await startServer();
  } catch (e) {
    process.stdout.write(`FAIL start-server: ${e.message}\n0 passed, 1 failed\n`);
    process.exit(1);
  }
  base = `http://127.0.0.1:${server.port}`;

  let passed = 0;
  let failed = 0;
  for (const { name, fn } of checks) {
    try {
      await admin('POST', '/_admin/reset');
      await fn();
      passed += 1;
      process.stdout.write(`ok ${name}\n`);
    } catch (e) {
      failed += 1;
      process.stdout.write(`FAIL ${name}: ${String(e.message).split('\n').join(' ')}\n`);
    }
  }
  server.child.kill('SIGTERM');
  if (failed && process.env.E2E_SELFTEST_VERBOSE) process.stderr.write(server.stderr());
  clearTimeout(watchdog);
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  process.exit(failed ? 1 : 0);
}

main();
