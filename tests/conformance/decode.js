// Differential conformance, decode direction: each canned HTTP response is handed to the AWS SDK
// for JavaScript v3 (@aws-sdk/client-sqs, through a request handler that returns it, maxAttempts 1)
// and, all at once, to `redrive decode`; the two must agree.
// Usage: node tests/conformance/decode.js <path to redrive binary>
//
// Compared for every case:
//   success: the SDK's output (minus $metadata) deep-equals redrive's "output"; the SDK's
//            $metadata.requestId equals "request_id".
//   error:   name = code; message = message ("UnknownError" when redrive has none, as the SDK
//            says); $fault = fault; $metadata.httpStatusCode = http_status; $metadata.requestId =
//            request_id; Code/Type (query-compat) = query_code/query_type; @smithy/core's
//            isThrottlingError / isTransientError = throttling / transient; retryable = either.
// Numbers are compared after JSON.parse on both sides; for int64 values beyond 2^53 (which the SDK
// rounds) redrive's raw output line must also hold each member with its exact digits, as a whole
// JSON number ("Member":digits followed by , or }).
//
// Intentional divergences (cases marked `diverge`: the SDK's outcome is checked to be the one
// described, and redrive's output against `expect`):
//  - a 2xx body that is not JSON, or whose member has the wrong type, a fraction or is beyond int64:
//    the SDK throws a SyntaxError or passes the value through untyped; redrive returns
//    MalformedResponse (status and request id kept), never a wrongly typed result.
//  - a 2xx body that is valid JSON but not an object ([], "x"): the SDK returns {}; redrive
//    MalformedResponse. A bare null is a success with no members in both.
//  - a non-2xx body that is not JSON or is truncated: the SDK throws a SyntaxError (no service
//    error at all); redrive still gives the ServiceError from the status and headers (Unknown
//    when they name nothing).
//  - a list entry that is null (Results, QueueUrls, queueUrls) or a null Attributes value: the SDK
//    keeps the null; redrive MalformedResponse.
// Not generated (documented in service_error.hpp / decode.hpp instead): an x-amzn-query-error
// with an empty code (";Sender": the SDK names the error ""), a body with both a lower-case "code"
// member and the query header (the SDK lets the body member win by key order), null or boolean
// __type/code (the SDK throws a TypeError), non-string messages, lone surrogates and invalid UTF-8.
// redrive's query_code/query_type come only from the x-amzn-query-error header; the SDK also copies
// a body member "Code"/"Type" onto the exception, so those are compared only when the header is
// present (else redrive must say null).
'use strict';

const { spawnSync } = require('child_process');
const assert = require('assert');
const path = require('path');
const nm = path.join(__dirname, 'node_modules');
const {
  SQSClient,
  StartMessageMoveTaskCommand,
  CancelMessageMoveTaskCommand,
  ListMessageMoveTasksCommand,
  ListQueuesCommand,
  GetQueueUrlCommand,
  GetQueueAttributesCommand,
  ListDeadLetterSourceQueuesCommand,
} = require(path.join(nm, '@aws-sdk', 'client-sqs'));
const { isThrottlingError, isTransientError } = require(require.resolve('@smithy/core/retry', { paths: [nm] }));

const COMMANDS = {
  StartMessageMoveTask: StartMessageMoveTaskCommand,
  CancelMessageMoveTask: CancelMessageMoveTaskCommand,
  ListMessageMoveTasks: ListMessageMoveTasksCommand,
  ListQueues: ListQueuesCommand,
  GetQueueUrl: GetQueueUrlCommand,
  GetQueueAttributes: GetQueueAttributesCommand,
  ListDeadLetterSourceQueues: ListDeadLetterSourceQueuesCommand,
};
const S = 'StartMessageMoveTask';
const C = 'CancelMessageMoveTask';
const L = 'ListMessageMoveTasks';
const LQ = 'ListQueues';
const GU = 'GetQueueUrl';
const GA = 'GetQueueAttributes';
const LD = 'ListDeadLetterSourceQueues';

// ---- cases ----------------------------------------------------------------------------------
// { name, op, status, headers, body, exact?: [[member, digits]...], diverge?: { sdk: 'SyntaxError'|'output', expect } }
const cases = [];
const add = (name, op, status, headers, body, extra = {}) => cases.push({ name, op, status, headers, body, ...extra });
const json = JSON.stringify;
const RID = '66916324-67ca-54bb-a410-3f567a7a0571';
const rid = { 'x-amzn-RequestId': RID };
const dlq = 'arn:aws:sqs:us-east-1:123456789012:orders-dlq';
const src = 'arn:aws:sqs:us-east-1:123456789012:orders';
const handle = Buffer.from(json({ taskId: '10f57157-fc38-4da9-a113-4de7e12d05dd', sourceArn: dlq })).toString('base64');

// StartMessageMoveTask successes.
add('start: handle', S, 200, rid, json({ TaskHandle: handle }));
add('start: CLI example handle', S, 200, rid, '{"TaskHandle": "AQEB6nR4...HzlvZQ=="}');
add('start: empty body', S, 200, rid, '');
add('start: {}', S, 200, rid, '{}');
add('start: bare null', S, 200, rid, 'null');
add('start: null handle', S, 200, rid, '{"TaskHandle":null}');
add('start: unknown members', S, 200, rid, json({ Foo: 1, Bar: { TaskHandle: 'nested' }, Baz: [1, 'x', null], TaskHandle: 'h' }));
add('start: escapes', S, 200, rid, '{"TaskHandle":"a\\"b\\\\c\\/d\\n\\t\\r\\b\\f\\u0001\\u001f"}');
add('start: unicode escapes', S, 200, rid, '{"TaskHandle":"\\u00e9\\u4e2d\\ud83d\\ude00"}');
add('start: raw unicode', S, 200, rid, '{"TaskHandle":"café 中文 😀"}');
add('start: empty string', S, 200, rid, '{"TaskHandle":""}');
add('start: whitespace everywhere', S, 200, rid, ' \n{ \t"TaskHandle" :\r\n "h" } \n');
add('start: duplicate member, last wins', S, 200, rid, '{"TaskHandle":"first","TaskHandle":"second"}');
add('start: escaped key', S, 200, rid, '{"Task\\u0048andle":"h"}');
add('start: long handle', S, 200, rid, json({ TaskHandle: 'A'.repeat(5000) }));
add('start: 201 status', S, 201, rid, json({ TaskHandle: 'h' }));
add('start: no request id', S, 200, {}, json({ TaskHandle: 'h' }));
add('start: x-amzn-request-id fallback', S, 200, { 'x-amzn-request-id': 'alt-1' }, json({ TaskHandle: 'h' }));
add('start: x-amz-request-id fallback', S, 200, { 'x-amz-request-id': 'alt-2' }, json({ TaskHandle: 'h' }));

// CancelMessageMoveTask successes.
for (const n of ['0', '102', '-1', '2147483648', '9007199254740993', '9223372036854775807', '-9223372036854775808'])
  add(`cancel: ${n}`, C, 200, rid, `{"ApproximateNumberOfMessagesMoved":${n}}`,
    { exact: [['ApproximateNumberOfMessagesMoved', n]] });
add('cancel: absent', C, 200, rid, '{}');
add('cancel: null', C, 200, rid, '{"ApproximateNumberOfMessagesMoved":null}');
add('cancel: empty body', C, 200, rid, '');

// ListMessageMoveTasks successes.
const cliExample = {
  Results: [
    { TaskHandle: 'AQEB6nR4...HzlvZQ==', Status: 'RUNNING', SourceArn: 'arn:aws:sqs:us-west-2:80398EXAMPLE:MyQueue1',
      DestinationArn: 'arn:aws:sqs:us-west-2:80398EXAMPLE:MyQueue2', MaxNumberOfMessagesPerSecond: 50,
      ApproximateNumberOfMessagesMoved: 203, ApproximateNumberOfMessagesToMove: 30, StartedTimestamp: 1442428276921 },
    { Status: 'COMPLETED', SourceArn: 'arn:aws:sqs:us-west-2:80398EXAMPLE:MyQueue1',
      DestinationArn: 'arn:aws:sqs:us-west-2:80398EXAMPLE:MyQueue2', ApproximateNumberOfMessagesMoved: 29,
      ApproximateNumberOfMessagesToMove: 0, StartedTimestamp: 1342428272093 },
  ],
};
add('list: CLI example', L, 200, rid, json(cliExample, null, 2));
add('list: empty body', L, 200, rid, '');
add('list: {}', L, 200, rid, '{}');
add('list: Results null', L, 200, rid, '{"Results":null}');
add('list: no results', L, 200, rid, '{"Results":[]}');
add('list: empty entry', L, 200, rid, '{"Results":[{}]}');
add('list: nulls', L, 200, rid, json({ Results: [{ Status: 'COMPLETED', TaskHandle: null, DestinationArn: null,
  MaxNumberOfMessagesPerSecond: null, ApproximateNumberOfMessagesToMove: null, FailureReason: null, StartedTimestamp: 1 }] }));
add('list: unknown members', L, 200, rid, json({ NextToken: 'x', Results: [{ Status: 'RUNNING', Extra: { a: [1] }, Progress: 0.5 }] }));
for (const status of ['RUNNING', 'COMPLETED', 'CANCELLING', 'CANCELLED', 'FAILED', 'PAUSED', 'running', ''])
  add(`list: Status ${json(status)}`, L, 200, rid, json({ Results: [{ Status: status, SourceArn: dlq }] }));
add('list: failed entry', L, 200, rid, json({ Results: [{ Status: 'FAILED', SourceArn: dlq, DestinationArn: src,
  FailureReason: 'AWS.SimpleQueueService.NonExistentQueue', ApproximateNumberOfMessagesMoved: 2, StartedTimestamp: 1700000000000 }] }));
add('list: escapes in strings', L, 200, rid, '{"Results":[{"FailureReason":"line1\\nline2 \\"q\\" \\u00e9","SourceArn":"a\\/b"}]}');
add('list: big int64 values', L, 200, rid,
  '{"Results":[{"ApproximateNumberOfMessagesMoved":9223372036854775807,"ApproximateNumberOfMessagesToMove":9007199254740993,"StartedTimestamp":-9223372036854775808,"MaxNumberOfMessagesPerSecond":2147483647}]}',
  { exact: [['ApproximateNumberOfMessagesMoved', '9223372036854775807'], ['ApproximateNumberOfMessagesToMove', '9007199254740993'],
             ['StartedTimestamp', '-9223372036854775808'], ['MaxNumberOfMessagesPerSecond', '2147483647']] });
add('list: int32 minimum', L, 200, rid, '{"Results":[{"MaxNumberOfMessagesPerSecond":-2147483648}]}');

// Generated list responses: random member subsets, values and statuses (seeded, reproducible).
let seed = 20231109;
const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
const pick = (xs) => xs[rand(xs.length)];
const STATUSES = ['RUNNING', 'COMPLETED', 'CANCELLING', 'CANCELLED', 'FAILED', 'QUEUED'];
const TEXT = ['', 'x', 'arn:aws:sqs:eu-west-1:210987654321:q.fifo', 'tab\there', 'quote"d', 'back\\slash', 'é中😀', '\u0000\u001f'];
const randomEntry = () => {
  const e = {};
  if (rand(2)) e.TaskHandle = Buffer.from(`task-${rand(100000)}`).toString('base64');
  if (rand(4)) e.Status = pick(STATUSES);
  if (rand(4)) e.SourceArn = pick([dlq, src, pick(TEXT)]);
  if (rand(2)) e.DestinationArn = rand(5) ? src : null;
  if (rand(2)) e.MaxNumberOfMessagesPerSecond = rand(3) ? 1 + rand(500) : null;
  if (rand(3)) e.ApproximateNumberOfMessagesMoved = rand(1000000);
  if (rand(2)) e.ApproximateNumberOfMessagesToMove = rand(5) ? rand(1000000) : null;
  if (rand(4) === 0) e.FailureReason = pick(TEXT);
  if (rand(4)) e.StartedTimestamp = 1600000000000 + rand(100000000);
  if (rand(5) === 0) e.Unmodeled = pick([1, 'x', [true], { y: null }]);
  return e;
};
for (let i = 0; i < 40; ++i) {
  const results = Array.from({ length: rand(11) }, randomEntry);
  add(`list: generated #${i}`, L, 200, rid, json(rand(6) ? { Results: results } : { Other: 1, Results: results }, null, rand(2) ? 1 : 0));
}
for (let i = 0; i < 10; ++i) add(`start: generated #${i}`, S, 200, rid, json({ TaskHandle: pick(TEXT) + pick(TEXT) + rand(1000) }));
for (let i = 0; i < 10; ++i) add(`cancel: generated #${i}`, C, 200, rid, json({ ApproximateNumberOfMessagesMoved: rand(2147483647) * (rand(2) ? 1 : 4096) }));

// The queue operations' successes.
const qurl = (name) => `https://sqs.us-east-1.amazonaws.com/123456789012/${name}`;
add('list queues: urls and token', LQ, 200, rid, json({ QueueUrls: [qurl('a'), qurl('b.fifo')], NextToken: 'AQEB+/=' }));
add('list queues: no queues', LQ, 200, rid, '{}');
add('list queues: empty list', LQ, 200, rid, json({ QueueUrls: [] }));
add('list queues: null members', LQ, 200, rid, json({ QueueUrls: null, NextToken: null }));
add('list queues: escapes', LQ, 200, rid, '{"QueueUrls":["https:\\/\\/h\\/123456789012\\/q","\\u0071"],"NextToken":"t\\"1\\n"}');
add('list queues: unknown members', LQ, 200, rid, json({ queueUrls: ['x'], Other: { a: 1 }, QueueUrls: ['y'] }));
add('list queues: 1000 urls', LQ, 200, rid, json({ QueueUrls: Array.from({ length: 1000 }, (_, i) => qurl(`q${i}`)), NextToken: 'n' }));
add('get queue url', GU, 200, rid, json({ QueueUrl: qurl('orders-dlq') }));
add('get queue url: local', GU, 200, rid, json({ QueueUrl: 'http://127.0.0.1:9324/000000000000/q' }));
add('get queue url: empty body', GU, 200, rid, '');
add('get queue url: null', GU, 200, rid, '{"QueueUrl":null}');
const redrivePolicy = json({ deadLetterTargetArn: dlq, maxReceiveCount: 5 });
add('get queue attributes: a source queue', GA, 200, rid, json({ Attributes: { QueueArn: src, ApproximateNumberOfMessages: '0',
  ApproximateNumberOfMessagesNotVisible: '2', RedrivePolicy: redrivePolicy, CreatedTimestamp: '1700000000' } }));
add('get queue attributes: a FIFO DLQ', GA, 200, rid, json({ Attributes: { QueueArn: `${dlq}.fifo`, FifoQueue: 'true',
  RedriveAllowPolicy: json({ redrivePermission: 'byQueue', sourceQueueArns: [src] }), ApproximateNumberOfMessages: '1200' } }));
add('get queue attributes: none', GA, 200, rid, '{}');
add('get queue attributes: empty map', GA, 200, rid, json({ Attributes: {} }));
add('get queue attributes: null map', GA, 200, rid, json({ Attributes: null }));
add('get queue attributes: escapes in names and values', GA, 200, rid, '{"Attributes":{"Queue\\u0041rn":"a\\/b","Policy":"{\\"Version\\":\\"2012-10-17\\"}"}}');
add('get queue attributes: unknown attribute', GA, 200, rid, json({ Attributes: { SomethingNew: 'x' } }));
add('list dead-letter sources', LD, 200, rid, json({ queueUrls: [qurl('orders'), qurl('billing')], NextToken: 'n2' }));
add('list dead-letter sources: none', LD, 200, rid, json({ queueUrls: [] }));
add('list dead-letter sources: upper-case member is not it', LD, 200, rid, json({ QueueUrls: [qurl('orders')] }));
add('list dead-letter sources: empty body', LD, 200, rid, '');

// Errors: the five modeled errors, each in every way the service (or a proxy) may name it.
const MODELED = [
  ['ResourceNotFoundException', 'ResourceNotFoundException', 404],
  ['RequestThrottled', 'RequestThrottled', 403],
  ['InvalidAddress', 'InvalidAddress', 404],
  ['InvalidSecurity', 'InvalidSecurity', 403],
  ['UnsupportedOperation', 'AWS.SimpleQueueService.UnsupportedOperation', 400],
];
const ops = [S, C, L];
let opTurn = 0;
for (const [shape, queryCode, status] of MODELED) {
  const q = { ...rid, 'x-amzn-query-error': `${queryCode};Sender` };
  const op = () => ops[opTurn++ % 3];
  add(`${shape}: namespaced __type + query header`, op(), status, q, json({ __type: `com.amazonaws.sqs#${shape}`, message: `${shape} happened.` }));
  add(`${shape}: namespaced __type, no header`, op(), status, rid, json({ __type: `com.amazonaws.sqs#${shape}`, message: 'm' }));
  add(`${shape}: bare __type`, op(), status, rid, json({ __type: shape, message: 'm' }));
  add(`${shape}: __type with :suffix`, op(), status, rid, json({ __type: `${shape}:http://internal.amazon.com/coral/com.amazon.coral.validate/`, message: 'm' }));
  add(`${shape}: namespace and suffix`, op(), status, rid, json({ __type: `com.amazonaws.sqs#${shape}:http://internal`, message: 'm' }));
  add(`${shape}: query header only`, op(), status, q, '{}');
  add(`${shape}: query header, empty body`, op(), status, { 'x-amzn-query-error': `${queryCode};Sender` }, '');
  add(`${shape}: Message`, op(), status, rid, json({ __type: `com.amazonaws.sqs#${shape}`, Message: 'capital M' }));
  add(`${shape}: code member`, op(), status, rid, json({ code: shape, message: 'm' }));
  add(`${shape}: x-amzn-errortype`, op(), status, { ...rid, 'X-Amzn-ErrorType': `${shape}:http://internal.amazon.com/` }, json({ message: 'm' }));
  add(`${shape}: query code as __type`, op(), status, rid, json({ __type: queryCode }));
  add(`${shape}: header beats __type`, op(), 400, q, json({ __type: 'com.amazonaws.sqs#SomethingElse', message: 'm' }));
}

// Other SQS and common AWS errors.
const E = (name, status, headers, body, extra) => add(name, ops[opTurn++ % 3], status, headers, body, extra);
E('QueueDoesNotExist by query code (docs example)', 400, { ...rid, 'x-amzn-query-error': 'AWS.SimpleQueueService.NonExistentQueue;Sender' },
  json({ __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'The specified queue does not exist.' }));
E('QueueDoesNotExist by __type', 400, rid, json({ __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'x' }));
E('InvalidParameterValue (not modeled) with header', 400, { ...rid, 'x-amzn-query-error': 'InvalidParameterValue;Sender' },
  json({ __type: 'com.amazonaws.sqs#InvalidParameterValue', message: 'Source queue must be configured as a Dead Letter Queue.' }));
E('InvalidParameterValue without header', 400, rid, json({ __type: 'com.amazonaws.sqs#InvalidParameterValue', message: 'Value for parameter TaskHandle is invalid.' }));
E('AccessDenied', 403, { ...rid, 'x-amzn-query-error': 'AccessDenied;Sender' }, json({ __type: 'com.amazon.coral.service#AccessDeniedException', Message: 'denied' }));
E('AccessDeniedException', 400, rid, json({ __type: 'com.amazon.coral.service#AccessDeniedException', Message: 'User is not authorized' }));
E('SignatureDoesNotMatch', 403, { ...rid, 'x-amzn-query-error': 'SignatureDoesNotMatch;Sender' }, json({ __type: 'com.amazon.coral.service#InvalidSignatureException', message: 'The request signature we calculated does not match' }));
E('InvalidSignatureException, signature expired', 400, rid, json({ __type: 'com.amazon.coral.service#InvalidSignatureException', message: 'Signature expired: 20200101T000000Z is now earlier than 20200101T000500Z' }));
E('InvalidSignatureException, other', 400, rid, json({ __type: 'com.amazon.coral.service#InvalidSignatureException', message: 'bad' }));
E('IncompleteSignature', 400, rid, json({ __type: 'com.amazon.coral.service#IncompleteSignatureException', message: 'x' }));
E('MissingAuthenticationToken', 403, { ...rid, 'x-amzn-query-error': 'MissingAuthenticationToken;Sender' }, json({ __type: 'com.amazon.coral.service#MissingAuthenticationTokenException', message: 'x' }));
E('InvalidClientTokenId', 403, { ...rid, 'x-amzn-query-error': 'InvalidClientTokenId;Sender' }, json({ __type: 'com.amazon.coral.service#UnrecognizedClientException', message: 'x' }));
E('ExpiredToken', 400, { ...rid, 'x-amzn-query-error': 'ExpiredToken;Sender' }, json({ __type: 'com.amazon.coral.service#ExpiredTokenException', message: 'x' }));
E('RequestExpired', 400, rid, json({ __type: 'RequestExpired', message: 'x' }));
E('ThrottlingException', 400, { ...rid, 'x-amzn-query-error': 'ThrottlingException;Sender' }, json({ __type: 'com.amazon.coral.availability#ThrottlingException', message: 'Rate exceeded' }));
E('ThrottlingException, no header', 400, rid, json({ __type: 'com.amazon.coral.availability#ThrottlingException', message: 'Rate exceeded' }));
E('KmsThrottled (not in the throttling list)', 400, { ...rid, 'x-amzn-query-error': 'KMS.ThrottlingException;Sender' }, json({ message: 'x' }));
E('RequestTimeout is transient', 400, rid, json({ __type: 'RequestTimeout' }));
E('429 with an unknown name', 429, rid, json({ __type: 'com.amazonaws.sqs#Busy', message: 'too many' }));
E('429 with an empty body', 429, rid, '');
E('429 ThrottlingException', 429, rid, json({ __type: 'ThrottlingException' }));
for (const status of [500, 502, 503, 504]) {
  E(`${status} empty body`, status, rid, '');
  E(`${status} InternalFailure`, status, { ...rid, 'x-amzn-query-error': 'InternalFailure;Receiver' }, json({ __type: 'com.amazon.coral.service#InternalFailure', message: 'internal' }));
  E(`${status} {}`, status, {}, '{}');
}
E('503 ServiceUnavailable', 503, rid, json({ __type: 'com.amazon.coral.availability#ServiceUnavailableException', message: 'x' }));
E('501 is not transient', 501, rid, json({ __type: 'NotImplemented' }));
E('modeled error on a 500 stays a client fault', 500, rid, json({ __type: 'com.amazonaws.sqs#RequestThrottled', message: 'x' }));
E('unknown code', 400, rid, json({ __type: 'com.amazonaws.sqs#SomethingNew', message: 'new' }));
E('unknown code via query header', 400, { ...rid, 'x-amzn-query-error': 'AWS.SimpleQueueService.Brand.New;Receiver' }, '{}');
E('query header without type', 400, { ...rid, 'x-amzn-query-error': 'RequestThrottled' }, '{}');
E('query header with extra parts', 403, { ...rid, 'x-amzn-query-error': 'InvalidSecurity;Sender;extra' }, '{}');
E('Code member in upper case', 400, rid, json({ Code: 'InvalidAddress', message: 'm' }));
E('code beats x-amzn-errortype beats __type', 400, { ...rid, 'x-amzn-errortype': 'InvalidSecurity' }, json({ __type: 'InvalidAddress', code: 'RequestThrottled' }));
E('x-amzn-errortype beats __type', 400, { ...rid, 'x-amzn-errortype': 'InvalidSecurity' }, json({ __type: 'InvalidAddress' }));
E('comma in the name', 400, rid, json({ __type: 'RequestThrottled,extra' }));
E('numeric __type', 400, rid, '{"__type":404}');
E('message and Message: Message wins', 400, rid, json({ __type: 'InvalidAddress', message: 'lower', Message: 'Upper' }));
E('empty Message falls back to message', 400, rid, json({ __type: 'InvalidAddress', message: 'lower', Message: '' }));
E('empty message', 400, rid, json({ __type: 'InvalidAddress', message: '' }));
E('message with escapes', 400, rid, '{"__type":"InvalidAddress","message":"a\\nb \\"c\\" \\u00e9"}');
E('no name at all', 400, rid, json({ message: 'who am I' }));
E('302 redirect', 302, rid, '');
E('error body is JSON null', 400, rid, 'null');
E('error body is an array', 400, rid, '[1,2]');
E('x-amzn-request-id fallback on an error', 400, { 'x-amzn-request-id': 'alt' }, json({ __type: 'InvalidAddress' }));

// The queue operations' errors.
const nonExistent = { ...rid, 'x-amzn-query-error': 'AWS.SimpleQueueService.NonExistentQueue;Sender' };
for (const op of [GU, GA, LD])
  add(`${op}: QueueDoesNotExist`, op, 400, nonExistent, json({ __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'The specified queue does not exist.' }));
add('get queue attributes: InvalidAttributeName', GA, 400, { ...rid, 'x-amzn-query-error': 'InvalidAttributeName;Sender' },
  json({ __type: 'com.amazonaws.sqs#InvalidAttributeName', message: 'Unknown Attribute Foo.' }));
add('get queue attributes: InvalidAttributeName without header', GA, 400, rid, json({ __type: 'com.amazonaws.sqs#InvalidAttributeName', message: 'x' }));
add('list queues: throttled', LQ, 400, { ...rid, 'x-amzn-query-error': 'RequestThrottled;Sender' }, json({ __type: 'com.amazonaws.sqs#RequestThrottled' }));
add('list queues: access denied', LQ, 400, rid, json({ __type: 'com.amazon.coral.service#AccessDeniedException', Message: 'not authorized to sqs:ListQueues' }));

// Hostile bodies: intentional divergences (see the header comment).
const malformed = (status) => ({ error: { code: 'MalformedResponse', http_status: status, fault: 'server', retryable: false, request_id: RID } });
const D = (name, op, status, headers, body, sdk, expect) => add(name, op, status, headers, body, { diverge: { sdk, expect } });
D('2xx: not JSON', S, 200, rid, 'not json', 'SyntaxError', malformed(200));
D('2xx: truncated', L, 200, rid, '{"Results":[{"Status":"RUNNING"', 'SyntaxError', malformed(200));
D('2xx: trailing garbage', S, 200, rid, '{"TaskHandle":"h"} x', 'SyntaxError', malformed(200));
D('2xx: whitespace only', C, 200, rid, '  ', 'SyntaxError', malformed(200));
D('2xx: array body', S, 200, rid, '[]', 'output', malformed(200));
D('2xx: TaskHandle is a number', S, 200, rid, '{"TaskHandle":5}', 'output', malformed(200));
D('2xx: count is a string', C, 200, rid, '{"ApproximateNumberOfMessagesMoved":"12"}', 'output', malformed(200));
D('2xx: count has a fraction', C, 200, rid, '{"ApproximateNumberOfMessagesMoved":1.5}', 'output', malformed(200));
D('2xx: count beyond int64', C, 200, rid, '{"ApproximateNumberOfMessagesMoved":9223372036854775808}', 'output', malformed(200));
D('2xx: rate beyond int32', L, 200, rid, '{"Results":[{"MaxNumberOfMessagesPerSecond":2147483648}]}', 'output', malformed(200));
D('2xx: Results is an object', L, 200, rid, '{"Results":{}}', 'output', malformed(200));
D('2xx: null list entry', L, 200, rid, '{"Results":[null]}', 'output', malformed(200));
D('2xx: Status is a number', L, 200, rid, '{"Results":[{"Status":1}]}', 'output', malformed(200));
D('2xx: null queue URL', LQ, 200, rid, json({ QueueUrls: [qurl('a'), null] }), 'output', malformed(200));
D('2xx: null dead-letter source', LD, 200, rid, json({ queueUrls: [null] }), 'output', malformed(200));
D('2xx: null attribute value', GA, 200, rid, json({ Attributes: { QueueArn: src, Policy: null } }), 'output', malformed(200));
D('2xx: QueueUrls is a string', LQ, 200, rid, '{"QueueUrls":"u"}', 'output', malformed(200));
D('2xx: a queue URL is a number', LD, 200, rid, '{"queueUrls":[1]}', 'output', malformed(200));
D('2xx: Attributes is an array', GA, 200, rid, '{"Attributes":["a"]}', 'output', malformed(200));
D('2xx: an attribute value is a number', GA, 200, rid, '{"Attributes":{"ApproximateNumberOfMessages":5}}', 'output', malformed(200));
D('2xx: QueueUrl is an object', GU, 200, rid, '{"QueueUrl":{}}', 'output', malformed(200));
const unknownError = (status, fault, transient) => ({ error: { code: 'Unknown', message: null, http_status: status, fault, transient, request_id: RID } });
D('400: not JSON', S, 400, rid, '<html>Bad Request</html>', 'SyntaxError', unknownError(400, 'client', false));
D('502: HTML from a proxy', L, 502, rid, '<html>Bad Gateway</html>', 'SyntaxError', unknownError(502, 'server', true));
D('500: truncated', C, 500, rid, '{"__type":"com.amazonaws.sqs#InvalidAddress","message":"trunc', 'SyntaxError', unknownError(500, 'server', true));
D('404: truncated, query header still counts', S, 404, { ...rid, 'x-amzn-query-error': 'ResourceNotFoundException;Sender' },
  '{"__type":"com.amazonaws.sqs#ResourceNotFoundException"', 'SyntaxError',
  { error: { code: 'ResourceNotFoundException', http_status: 404, fault: 'client', query_code: 'ResourceNotFoundException', query_type: 'Sender' } });

// ---- run the SDK ----------------------------------------------------------------------------
let current;
const client = new SQSClient({
  region: 'us-east-1',
  maxAttempts: 1,
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  requestHandler: {
    handle: async () => {
      const headers = {};  // node's HTTP client hands the SDK lower-case names
      for (const [k, v] of Object.entries(current.headers)) headers[k.toLowerCase()] = v;
      return { response: { statusCode: current.status, headers, body: Buffer.from(current.body, 'utf8') } };
    },
  },
});
const INPUT = { SourceArn: dlq, TaskHandle: handle, QueueName: 'orders-dlq', QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/orders-dlq' };

async function sdkOutcome(c) {
  current = c;
  try {
    const out = await client.send(new COMMANDS[c.op](INPUT));
    const { $metadata, ...output } = out;
    return { output, requestId: $metadata.requestId };
  } catch (e) {
    if (!e.$metadata || !e.$fault) return { thrown: e.name };  // not a service error
    return { error: e };
  }
}

// ---- compare --------------------------------------------------------------------------------
const nul = (v) => (v === undefined ? null : v);
function compare(c, sdk, mine, raw) {
  const problems = [];
  const eq = (what, a, b) => {
    try { assert.deepStrictEqual(a, b); } catch { problems.push(`${what}: SDK ${json(a)} vs redrive ${json(b)}`); }
  };
  for (const [member, digits] of c.exact || [])
    if (!raw.includes(`"${member}":${digits},`) && !raw.includes(`"${member}":${digits}}`))
      problems.push(`exact ${member} ${digits} missing`);
  if (c.diverge) {
    const kind = sdk.thrown ? sdk.thrown : sdk.output ? 'output' : 'error';
    if (kind !== c.diverge.sdk) problems.push(`SDK outcome ${kind}, expected ${c.diverge.sdk}`);
    for (const [k, want] of Object.entries(c.diverge.expect.error || {}))
      if (!mine.error || mine.error[k] !== want) problems.push(`redrive error.${k}: want ${json(want)}, got ${json(mine.error && mine.error[k])}`);
    return problems;
  }
  if (sdk.thrown) return [`SDK threw ${sdk.thrown}; no divergence declared`];
  if (sdk.output) {
    if (!mine.output) return [`SDK succeeded, redrive: ${raw}`];
    eq('output', sdk.output, mine.output);
    eq('request_id', nul(sdk.requestId), mine.request_id);
    return problems;
  }
  const e = sdk.error;
  if (!mine.error) return [`SDK threw ${e.name}, redrive: ${raw}`];
  const m = mine.error;
  const hasQueryHeader = Object.keys(c.headers).some((k) => k.toLowerCase() === 'x-amzn-query-error');
  const throttling = isThrottlingError(e);
  const transient = !!isTransientError(e);
  eq('code', e.name, m.code);
  eq('message', e.message, m.message === null ? 'UnknownError' : m.message);
  eq('fault', e.$fault, m.fault);
  eq('http_status', e.$metadata.httpStatusCode, m.http_status);
  eq('request_id', nul(e.$metadata.requestId), m.request_id);
  eq('query_code', hasQueryHeader ? nul(e.Code) : null, m.query_code);
  eq('query_type', hasQueryHeader ? nul(e.Type) : null, m.query_type);
  eq('throttling', throttling, m.throttling);
  eq('transient', transient, m.transient);
  eq('retryable', throttling || transient, m.retryable);
  return problems;
}

async function main() {
  const bin = process.argv[2];
  if (!bin) {
    console.error('usage: node tests/conformance/decode.js <redrive binary>');
    process.exit(2);
  }
  const sdk = [];
  for (const c of cases) sdk.push(await sdkOutcome(c));

  // All cases in one run; two malformed lines in the middle check that processing goes on.
  const lines = cases.map((c) => json({ op: c.op, status: c.status, headers: c.headers, body: c.body }));
  const mid = Math.floor(lines.length / 2);
  lines.splice(mid, 0, 'not json', json({ op: 'DeleteQueue', status: 200 }));
  const run = spawnSync(bin, ['decode'], { input: lines.join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.error) throw run.error;
  const out = run.stdout.split('\n').filter((l) => l.length);

  let passed = 0;
  let failed = 0;
  const fail = (name, problems) => {
    failed++;
    console.log(`FAIL ${name}`);
    for (const p of problems) console.log(`     ${p}`);
  };
  if (out.length !== lines.length) {
    console.log(`FAIL redrive printed ${out.length} lines for ${lines.length} input lines`);
    if (run.stderr) console.log(run.stderr);
    console.log(`0 passed, ${cases.length} failed`);
    process.exit(1);
  }
  const extra = out.splice(mid, 2).map((l) => JSON.parse(l));
  for (const [i, e] of extra.entries()) {
    if (e.error && e.error.code === 'MalformedInput') passed++;
    else fail(`malformed input line ${i + 1}`, [json(e)]);
  }
  for (let i = 0; i < cases.length; ++i) {
    let mine;
    try { mine = JSON.parse(out[i]); } catch { fail(cases[i].name, [`unparsable output: ${out[i]}`]); continue; }
    const problems = compare(cases[i], sdk[i], mine, out[i]);
    if (problems.length) fail(cases[i].name, problems);
    else passed++;
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
