// Differential conformance, encode direction: the AWS SDK for JavaScript v3 (@aws-sdk/client-sqs)
// builds each request, `redrive encode` builds the same one, and the two must agree.
// Usage: node tests/conformance/encode.js <path to redrive binary>
//
// Compared for every SDK case, exactly:
//   method; scheme (SDK protocol); host (SDK hostname, plus ":port" when the SDK has a port);
//   path; body bytes; headers content-type, x-amz-target, x-amzn-query-mode, content-length, host.
// Not compared: the headers the SDK adds for itself or for signing (user-agent, x-amz-user-agent,
// amz-sdk-invocation-id, amz-sdk-request, x-amz-date, x-amz-content-sha256, authorization);
// redrive's encode is unsigned and sends exactly the five headers above, which is checked too.
// The SDK's useQueueUrlAsEndpoint is off: redrive does not redirect a request to its QueueUrl's host.
// Validation cases (invalid ARNs, out-of-range numbers, ...) are redrive-only: the SDK validates
// nothing, so they expect redrive's error object with an exact field and code.
'use strict';

const { spawnSync } = require('child_process');
const path = require('path');
const {
  SQSClient,
  StartMessageMoveTaskCommand,
  CancelMessageMoveTaskCommand,
  ListMessageMoveTasksCommand,
  ListQueuesCommand,
  GetQueueUrlCommand,
  GetQueueAttributesCommand,
  ListDeadLetterSourceQueuesCommand,
} = require(path.join(__dirname, 'node_modules', '@aws-sdk', 'client-sqs'));

const COMMANDS = {
  StartMessageMoveTask: StartMessageMoveTaskCommand,
  CancelMessageMoveTask: CancelMessageMoveTaskCommand,
  ListMessageMoveTasks: ListMessageMoveTasksCommand,
  ListQueues: ListQueuesCommand,
  GetQueueUrl: GetQueueUrlCommand,
  GetQueueAttributes: GetQueueAttributesCommand,
  ListDeadLetterSourceQueues: ListDeadLetterSourceQueuesCommand,
};
const COMPARED_HEADERS = ['content-type', 'x-amz-target', 'x-amzn-query-mode', 'content-length', 'host'];
const VARIANTS = {
  standard: {},
  fips: { useFipsEndpoint: true },
  dualstack: { useDualstackEndpoint: true },
  'fips-dualstack': { useFipsEndpoint: true, useDualstackEndpoint: true },
};

// ---- cases ----------------------------------------------------------------------------------
// SDK case:        { name, op, region, variant?, endpoint_url?, input }
// Validation case: { name, line (the JSON object sent to redrive), error: { field, code } }
const cases = [];
const arn = (partition, region, name, account = '123456789012') => `arn:${partition}:sqs:${region}:${account}:${name}`;
const use1 = (name) => arn('aws', 'us-east-1', name);

// Every partition and every endpoint variant, the three move-task operations in turn.
const REGIONS = [
  ['aws', 'us-east-1'], ['aws', 'eu-west-1'], ['aws', 'ap-southeast-5'], ['aws', 'il-central-1'],
  ['aws-cn', 'cn-north-1'], ['aws-cn', 'cn-northwest-1'],
  ['aws-us-gov', 'us-gov-west-1'], ['aws-us-gov', 'us-gov-east-1'],
  ['aws-iso', 'us-iso-east-1'], ['aws-iso-b', 'us-isob-east-1'], ['aws-iso-e', 'eu-isoe-west-1'],
  ['aws-iso-f', 'us-isof-south-1'], ['aws-eusc', 'eusc-de-east-1'],
];
let turn = 0;
for (const [partition, region] of REGIONS) {
  for (const variant of Object.keys(VARIANTS)) {
    const source = arn(partition, region, 'orders-dlq');
    const op = ['StartMessageMoveTask', 'ListMessageMoveTasks', 'CancelMessageMoveTask'][turn++ % 3];
    const input = op === 'StartMessageMoveTask' ? { SourceArn: source, DestinationArn: arn(partition, region, 'orders'), MaxNumberOfMessagesPerSecond: 25 }
      : op === 'ListMessageMoveTasks' ? { SourceArn: source, MaxResults: 10 }
      : { TaskHandle: Buffer.from(JSON.stringify({ taskId: `task-${turn}`, sourceArn: source })).toString('base64') };
    cases.push({ name: `${region} ${variant} ${op}`, op, region, variant, input });
  }
}

// StartMessageMoveTask: optional members present and absent, every rate size.
const S = 'StartMessageMoveTask';
cases.push({ name: 'start: SourceArn only', op: S, region: 'us-east-1', input: { SourceArn: use1('dlq') } });
cases.push({ name: 'start: with DestinationArn', op: S, region: 'us-east-1', input: { SourceArn: use1('dlq'), DestinationArn: use1('src') } });
for (const rate of [1, 9, 10, 99, 100, 250, 499, 500])
  cases.push({ name: `start: rate ${rate}`, op: S, region: 'us-east-1', input: { SourceArn: use1('dlq'), MaxNumberOfMessagesPerSecond: rate } });
cases.push({ name: 'start: all members', op: S, region: 'us-west-2',
  input: { SourceArn: arn('aws', 'us-west-2', 'a_B-9'), DestinationArn: arn('aws', 'us-west-2', 'Z-y_0'), MaxNumberOfMessagesPerSecond: 500 } });
cases.push({ name: 'start: FIFO to FIFO', op: S, region: 'us-east-1', input: { SourceArn: use1('jobs-dlq.fifo'), DestinationArn: use1('jobs.fifo') } });
cases.push({ name: 'start: 80-character queue names', op: S, region: 'us-east-1',
  input: { SourceArn: use1('q'.repeat(80)), DestinationArn: use1('d'.repeat(80)) } });
cases.push({ name: 'start: 80-character FIFO queue names', op: S, region: 'us-east-1',
  input: { SourceArn: use1('q'.repeat(75) + '.fifo'), DestinationArn: use1('d'.repeat(75) + '.fifo') } });
cases.push({ name: 'start: cross-region destination', op: S, region: 'eu-central-1',
  input: { SourceArn: arn('aws', 'eu-central-1', 'dlq'), DestinationArn: arn('aws', 'eu-west-1', 'src', '210987654321') } });

// ListMessageMoveTasks: MaxResults absent and 1..10.
const L = 'ListMessageMoveTasks';
cases.push({ name: 'list: SourceArn only', op: L, region: 'us-east-1', input: { SourceArn: use1('dlq') } });
for (let n = 1; n <= 10; ++n)
  cases.push({ name: `list: MaxResults ${n}`, op: L, region: 'ap-northeast-1', input: { SourceArn: arn('aws', 'ap-northeast-1', 'dlq'), MaxResults: n } });

// CancelMessageMoveTask: TaskHandle strings exercising every escaping class of JSON.stringify.
const C = 'CancelMessageMoveTask';
const handles = {
  'plain base64': 'eyJ0YXNrSWQiOiIxMGY1NzE1Ny1mYzM4LTRkYTktYTExMy00ZGU3ZTEyZDA1ZGQiLCJzb3VyY2VBcm4iOiJhcm46YXdzOnNxczp1cy1lYXN0LTE6ODc4OTY2MDY1Nzg1OnRlc3QtcXVldWUtZG9lc250LWV4aXN0LTEyMzQ1NiJ9',
  'AQEB placeholder': 'AQEB6nR4...HzlvZQ==',
  'double quotes': 'a"b""c"',
  'backslashes': 'a\\b\\\\c\\',
  'short escapes': 'x\by\fz\nw\rv\tu',
  'DEL': 'a\x7fb',
  'slash': 'a/b//c/',
  'non-ASCII BMP': 'é ü ß Ω € 中文 ｱ',
  'astral': '😀 𝄞 🇪🇺',
  'U+2028 U+2029': 'line\u2028para\u2029end',
  'U+FFFD and U+FEFF': '\ufffd\ufeff',
  'only spaces': '   ',
  'long': 'Ab0+/='.repeat(400),
  'everything': '"\\/\b\f\n\r\t\u0000\u001f\x7f é😀\u2028',
};
for (let c = 0; c < 0x20; ++c)
  handles[`control U+${c.toString(16).padStart(4, '0').toUpperCase()}`] = `<${String.fromCharCode(c)}>`;
for (const [label, handle] of Object.entries(handles))
  cases.push({ name: `cancel: ${label}`, op: C, region: 'us-east-1', input: { TaskHandle: handle } });

// Custom endpoints: the SDK's `endpoint` setting against redrive's endpoint_url.
const customs = ['http://127.0.0.1:4566', 'http://localhost:9324/', 'https://sqs.example.com:8443/base',
  'HTTP://LocalHost:4566/a/b/', 'https://proxy.internal:443', 'http://[::1]:4566'];
for (const [i, url] of customs.entries()) {
  const op = [S, L, C][i % 3];
  const input = op === S ? { SourceArn: use1('dlq'), MaxNumberOfMessagesPerSecond: 10 }
    : op === L ? { SourceArn: use1('dlq') } : { TaskHandle: 'h"1' };
  cases.push({ name: `custom endpoint ${url} ${op}`, op, region: i % 2 ? 'eu-west-1' : 'us-east-1', endpoint_url: url, input });
}

// The queue operations: every member present and absent, in every partition, on custom endpoints.
const LQ = 'ListQueues';
const GU = 'GetQueueUrl';
const GA = 'GetQueueAttributes';
const LD = 'ListDeadLetterSourceQueues';
const url = (region, name, host = `sqs.${region}.amazonaws.com`) => `https://${host}/123456789012/${name}`;
const ATTRIBUTES = ['All', 'ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesDelayed', 'ApproximateNumberOfMessagesNotVisible',
  'ContentBasedDeduplication', 'CreatedTimestamp', 'DeduplicationScope', 'DelaySeconds', 'FifoQueue', 'FifoThroughputLimit',
  'KmsDataKeyReusePeriodSeconds', 'KmsMasterKeyId', 'LastModifiedTimestamp', 'MaximumMessageSize', 'MessageRetentionPeriod',
  'Policy', 'QueueArn', 'ReceiveMessageWaitTimeSeconds', 'RedriveAllowPolicy', 'RedrivePolicy', 'SqsManagedSseEnabled',
  'VisibilityTimeout'];
for (const [i, [partition, region]] of REGIONS.entries()) {
  const variant = Object.keys(VARIANTS)[i % 4];
  const op = [LQ, GU, GA, LD][i % 4];
  const input = op === LQ ? { QueueNamePrefix: 'orders', MaxResults: 1000 }
    : op === GU ? { QueueName: 'orders-dlq', QueueOwnerAWSAccountId: '210987654321' }
    : op === GA ? { QueueUrl: url(region, 'orders-dlq'), AttributeNames: ['QueueArn', 'RedrivePolicy'] }
    : { QueueUrl: url(region, 'orders-dlq'), NextToken: `token-${partition}`, MaxResults: 10 };
  cases.push({ name: `${region} ${variant} ${op}`, op, region, variant, input });
}
cases.push({ name: 'list queues: no input', op: LQ, region: 'us-east-1', input: {} });
cases.push({ name: 'list queues: prefix only', op: LQ, region: 'us-east-1', input: { QueueNamePrefix: 'a_B-9.fifo' } });
cases.push({ name: 'list queues: token only', op: LQ, region: 'us-east-1', input: { NextToken: 'AQEB+/=' } });
cases.push({ name: 'list queues: members in another order', op: LQ, region: 'us-east-1', input: { MaxResults: 1, NextToken: 'n', QueueNamePrefix: 'p' } });
for (const n of [1, 9, 10, 99, 100, 999, 1000])
  cases.push({ name: `list queues: MaxResults ${n}`, op: LQ, region: 'us-east-1', input: { MaxResults: n } });
for (const [label, token] of Object.entries(handles))
  cases.push({ name: `list dead-letter sources: NextToken ${label}`, op: LD, region: 'us-east-1', input: { QueueUrl: url('us-east-1', 'dlq'), NextToken: token } });
cases.push({ name: 'list dead-letter sources: QueueUrl only', op: LD, region: 'us-east-1', input: { QueueUrl: url('us-east-1', 'dlq') } });
cases.push({ name: 'list dead-letter sources: local queue URL', op: LD, region: 'us-east-1', endpoint_url: 'http://127.0.0.1:9324',
  input: { QueueUrl: 'http://127.0.0.1:9324/000000000000/dlq', MaxResults: 1000 } });
cases.push({ name: 'get queue URL: name only', op: GU, region: 'us-east-1', input: { QueueName: 'orders' } });
cases.push({ name: 'get queue URL: 80-character FIFO name', op: GU, region: 'eu-west-1', input: { QueueName: 'q'.repeat(75) + '.fifo' } });
cases.push({ name: 'get queue attributes: no names', op: GA, region: 'us-east-1', input: { QueueUrl: url('us-east-1', 'q') } });
cases.push({ name: 'get queue attributes: empty list', op: GA, region: 'us-east-1', input: { QueueUrl: url('us-east-1', 'q'), AttributeNames: [] } });
cases.push({ name: 'get queue attributes: every name', op: GA, region: 'us-east-1', input: { QueueUrl: url('us-east-1', 'q.fifo'), AttributeNames: ATTRIBUTES } });
cases.push({ name: 'get queue attributes: a name twice', op: GA, region: 'us-east-1', input: { QueueUrl: url('us-east-1', 'q'), AttributeNames: ['All', 'All'] } });
cases.push({ name: 'get queue attributes: legacy host, custom endpoint', op: GA, region: 'eu-west-1', endpoint_url: 'https://eu-west-1.queue.amazonaws.com',
  input: { QueueUrl: url('eu-west-1', 'q', 'eu-west-1.queue.amazonaws.com'), AttributeNames: ['QueueArn'] } });
cases.push({ name: 'get queue attributes: IPv6 local URL', op: GA, region: 'us-east-1', endpoint_url: 'http://[::1]:4566',
  input: { QueueUrl: 'http://[::1]:4566/000000000000/q', AttributeNames: ['ApproximateNumberOfMessages'] } });

// ---- validation cases (redrive only) --------------------------------------------------------
const v = (name, line, field, code) => cases.push({ name: `invalid: ${name}`, line, error: { field, code } });
const start = (input, extra = {}) => ({ op: S, region: 'us-east-1', ...extra, input });
v('SourceArn not an ARN', start({ SourceArn: 'orders-dlq' }), 'SourceArn', 'MissingArnPrefix');
v('SourceArn empty', start({ SourceArn: '' }), 'SourceArn', 'Empty');
v('SourceArn short account', start({ SourceArn: arn('aws', 'us-east-1', 'dlq', '12345') }), 'SourceArn', 'BadAccount');
v('SourceArn wrong service', start({ SourceArn: 'arn:aws:sns:us-east-1:123456789012:topic' }), 'SourceArn', 'WrongService');
v('SourceArn unknown partition', start({ SourceArn: 'arn:aws-xx:sqs:us-east-1:123456789012:q' }), 'SourceArn', 'UnknownPartition');
v('SourceArn region of another partition', start({ SourceArn: arn('aws', 'cn-north-1', 'q') }), 'SourceArn', 'BadRegion');
v('SourceArn queue URL', start({ SourceArn: 'https://sqs.us-east-1.amazonaws.com/123456789012/q' }), 'SourceArn', 'MissingArnPrefix');
v('SourceArn queue name too long', start({ SourceArn: use1('q'.repeat(81)) }), 'SourceArn', 'QueueNameTooLong');
v('SourceArn bad queue name character', start({ SourceArn: use1('my queue') }), 'SourceArn', 'BadQueueNameChar');
v('DestinationArn with a path', start({ SourceArn: use1('dlq'), DestinationArn: use1('a/b') }), 'DestinationArn', 'QueueNameHasPath');
v('DestinationArn .fifo alone', start({ SourceArn: use1('dlq.fifo'), DestinationArn: use1('.fifo') }), 'DestinationArn', 'BadFifoSuffix');
v('rate 0', start({ SourceArn: use1('dlq'), MaxNumberOfMessagesPerSecond: 0 }), 'MaxNumberOfMessagesPerSecond', 'OutOfRange');
v('rate 501', start({ SourceArn: use1('dlq'), MaxNumberOfMessagesPerSecond: 501 }), 'MaxNumberOfMessagesPerSecond', 'OutOfRange');
v('rate -1', start({ SourceArn: use1('dlq'), MaxNumberOfMessagesPerSecond: -1 }), 'MaxNumberOfMessagesPerSecond', 'OutOfRange');
v('rate 1e20', start({ SourceArn: use1('dlq'), MaxNumberOfMessagesPerSecond: 1e20 }), 'MaxNumberOfMessagesPerSecond', 'OutOfRange');
v('rate 2.5', start({ SourceArn: use1('dlq'), MaxNumberOfMessagesPerSecond: 2.5 }), 'MaxNumberOfMessagesPerSecond', 'WrongType');
v('rate as a string', start({ SourceArn: use1('dlq'), MaxNumberOfMessagesPerSecond: '50' }), 'MaxNumberOfMessagesPerSecond', 'WrongType');
v('cross-partition destination', start({ SourceArn: use1('dlq'), DestinationArn: arn('aws-cn', 'cn-north-1', 'src') }), 'DestinationArn', 'PartitionMismatch');
v('FIFO to standard', start({ SourceArn: use1('dlq.fifo'), DestinationArn: use1('src') }), 'DestinationArn', 'QueueTypeMismatch');
v('standard to FIFO', start({ SourceArn: use1('dlq'), DestinationArn: use1('src.fifo') }), 'DestinationArn', 'QueueTypeMismatch');
v('start without SourceArn', start({ DestinationArn: use1('src') }), 'SourceArn', 'Missing');
v('start without input', { op: S, region: 'us-east-1' }, 'SourceArn', 'Missing');
v('SourceArn null', start({ SourceArn: null }), 'SourceArn', 'WrongType');
v('start with MaxResults', start({ SourceArn: use1('dlq'), MaxResults: 1 }), 'MaxResults', 'UnknownMember');
v('misspelt member', start({ SourceArn: use1('dlq'), DestinationARN: use1('src') }), 'DestinationARN', 'UnknownMember');
v('MaxResults 0', { op: L, region: 'us-east-1', input: { SourceArn: use1('dlq'), MaxResults: 0 } }, 'MaxResults', 'OutOfRange');
v('MaxResults 11', { op: L, region: 'us-east-1', input: { SourceArn: use1('dlq'), MaxResults: 11 } }, 'MaxResults', 'OutOfRange');
v('list without SourceArn', { op: L, region: 'us-east-1', input: { MaxResults: 1 } }, 'SourceArn', 'Missing');
v('empty TaskHandle', { op: C, region: 'us-east-1', input: { TaskHandle: '' } }, 'TaskHandle', 'Empty');
v('TaskHandle a number', { op: C, region: 'us-east-1', input: { TaskHandle: 42 } }, 'TaskHandle', 'WrongType');
v('cancel without TaskHandle', { op: C, region: 'us-east-1', input: {} }, 'TaskHandle', 'Missing');
v('cancel with SourceArn', { op: C, region: 'us-east-1', input: { TaskHandle: 'h', SourceArn: use1('dlq') } }, 'SourceArn', 'UnknownMember');
v('unknown op', { op: 'DeleteQueue', region: 'us-east-1', input: {} }, 'op', 'UnknownOperation');
v('missing op', { region: 'us-east-1', input: {} }, 'op', 'Missing');
v('missing region', { op: S, input: { SourceArn: use1('dlq') } }, 'Region', 'Missing');
v('empty region', start({ SourceArn: use1('dlq') }, { region: '' }), 'Region', 'Empty');
v('unknown region', start({ SourceArn: use1('dlq') }, { region: 'xx-foo-1' }), 'Region', 'UnknownRegion');
v('SDK pseudo-region aws-global', start({ SourceArn: use1('dlq') }, { region: 'aws-global' }), 'Region', 'UnknownRegion');
v('upper-case region', start({ SourceArn: use1('dlq') }, { region: 'US-EAST-1' }), 'Region', 'UnknownRegion');
v('unknown endpoint_variant', start({ SourceArn: use1('dlq') }, { endpoint_variant: 'FIPS' }), 'endpoint_variant', 'UnknownVariant');
v('custom endpoint with FIPS', start({ SourceArn: use1('dlq') }, { endpoint_url: 'http://127.0.0.1:4566', endpoint_variant: 'fips' }), 'Endpoint', 'EndpointConflict');
v('custom endpoint with dual-stack', start({ SourceArn: use1('dlq') }, { endpoint_url: 'http://127.0.0.1:4566', endpoint_variant: 'dualstack' }), 'Endpoint', 'EndpointConflict');
v('custom endpoint without scheme', start({ SourceArn: use1('dlq') }, { endpoint_url: '127.0.0.1:4566' }), 'Endpoint', 'BadEndpoint');
v('custom endpoint with a query', start({ SourceArn: use1('dlq') }, { endpoint_url: 'http://x/?a=b' }), 'Endpoint', 'EndpointHasQuery');
v('unknown key', start({ SourceArn: use1('dlq') }, { id: 7 }), 'id', 'UnknownMember');

const qurl = 'https://sqs.us-east-1.amazonaws.com/123456789012/dlq';
const lq = (input) => ({ op: LQ, region: 'us-east-1', input });
v('ListQueues MaxResults 0', lq({ MaxResults: 0 }), 'MaxResults', 'OutOfRange');
v('ListQueues MaxResults 1001', lq({ MaxResults: 1001 }), 'MaxResults', 'OutOfRange');
v('ListQueues empty prefix', lq({ QueueNamePrefix: '' }), 'QueueNamePrefix', 'Empty');
v('ListQueues prefix with a space', lq({ QueueNamePrefix: 'a b' }), 'QueueNamePrefix', 'BadQueueNameChar');
v('ListQueues empty NextToken', lq({ NextToken: '' }), 'NextToken', 'Empty');
v('ListQueues with SourceArn', lq({ SourceArn: use1('dlq') }), 'SourceArn', 'UnknownMember');
v('ListQueues with QueueUrl', lq({ QueueUrl: qurl }), 'QueueUrl', 'UnknownMember');
v('GetQueueUrl without QueueName', { op: GU, region: 'us-east-1', input: {} }, 'QueueName', 'Missing');
v('GetQueueUrl bad name', { op: GU, region: 'us-east-1', input: { QueueName: 'a/b' } }, 'QueueName', 'QueueNameHasPath');
v('GetQueueUrl bad owner', { op: GU, region: 'us-east-1', input: { QueueName: 'q', QueueOwnerAWSAccountId: '1234' } }, 'QueueOwnerAWSAccountId', 'BadAccount');
v('GetQueueUrl with NextToken', { op: GU, region: 'us-east-1', input: { QueueName: 'q', NextToken: 'x' } }, 'NextToken', 'UnknownMember');
v('GetQueueAttributes without QueueUrl', { op: GA, region: 'us-east-1', input: { AttributeNames: ['All'] } }, 'QueueUrl', 'Missing');
v('GetQueueAttributes queue ARN for URL', { op: GA, region: 'us-east-1', input: { QueueUrl: use1('dlq') } }, 'QueueUrl', 'BadEndpoint');
v('GetQueueAttributes URL without account', { op: GA, region: 'us-east-1', input: { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/dlq' } }, 'QueueUrl', 'BadQueueUrlPath');
v('GetQueueAttributes URL with a query', { op: GA, region: 'us-east-1', input: { QueueUrl: qurl + '?x=1' } }, 'QueueUrl', 'EndpointHasQuery');
v('GetQueueAttributes unknown name', { op: GA, region: 'us-east-1', input: { QueueUrl: qurl, AttributeNames: ['queuearn'] } }, 'AttributeNames', 'UnknownValue');
v('GetQueueAttributes names not a list', { op: GA, region: 'us-east-1', input: { QueueUrl: qurl, AttributeNames: 'All' } }, 'AttributeNames', 'WrongType');
v('GetQueueAttributes name a number', { op: GA, region: 'us-east-1', input: { QueueUrl: qurl, AttributeNames: [1] } }, 'AttributeNames', 'WrongType');
v('ListDeadLetterSourceQueues without QueueUrl', { op: LD, region: 'us-east-1', input: { MaxResults: 5 } }, 'QueueUrl', 'Missing');
v('ListDeadLetterSourceQueues MaxResults 1001', { op: LD, region: 'us-east-1', input: { QueueUrl: qurl, MaxResults: 1001 } }, 'MaxResults', 'OutOfRange');
v('ListDeadLetterSourceQueues with AttributeNames', { op: LD, region: 'us-east-1', input: { QueueUrl: qurl, AttributeNames: [] } }, 'AttributeNames', 'UnknownMember');

// ---- the SDK's requests ---------------------------------------------------------------------
const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

async function sdkRequest(c) {
  let captured;
  const client = new SQSClient({
    region: c.region,
    ...(c.endpoint_url ? { endpoint: c.endpoint_url } : VARIANTS[c.variant || 'standard']),
    credentials: CREDENTIALS,
    // The SDK sends a request that has a QueueUrl to that URL's host when it differs from the
    // resolved endpoint; redrive sends every request to the endpoint it is given (docs/wire.md).
    useQueueUrlAsEndpoint: false,
    maxAttempts: 1,
    requestHandler: {
      handle: async (request) => {
        captured = request;
        return { response: { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: Buffer.from('{}') } };
      },
    },
  });
  await client.send(new COMMANDS[c.op](c.input));
  client.destroy();
  const r = captured;
  return {
    method: r.method,
    scheme: r.protocol.replace(/:$/, ''),
    host: r.hostname + (r.port ? `:${r.port}` : ''),
    path: r.path,
    headers: Object.fromEntries(COMPARED_HEADERS.map((h) => [h, r.headers[h]])),
    body: Buffer.from(r.body),
  };
}

function redriveLine(c) {
  if (c.line) return c.line;
  const line = { op: c.op, region: c.region };
  if (c.variant && c.variant !== 'standard') line.endpoint_variant = c.variant;
  if (c.endpoint_url) line.endpoint_url = c.endpoint_url;
  line.input = c.input;
  return line;
}

function compare(expected, got) {
  const diffs = [];
  if (got.error) return [`redrive error ${JSON.stringify(got.error)}`];
  for (const k of ['method', 'scheme', 'host', 'path'])
    if (got[k] !== expected[k]) diffs.push(`${k}: sdk ${JSON.stringify(expected[k])} redrive ${JSON.stringify(got[k])}`);
  const names = Object.keys(got.headers || {}).sort();
  if (JSON.stringify(names) !== JSON.stringify([...COMPARED_HEADERS].sort()))
    diffs.push(`header names: ${JSON.stringify(names)}`);
  for (const h of COMPARED_HEADERS)
    if ((got.headers || {})[h] !== expected.headers[h])
      diffs.push(`header ${h}: sdk ${JSON.stringify(expected.headers[h])} redrive ${JSON.stringify((got.headers || {})[h])}`);
  const body = Buffer.from(typeof got.body === 'string' ? got.body : '', 'utf8');
  if (!body.equals(expected.body))
    diffs.push(`body: sdk ${JSON.stringify(expected.body.toString('utf8'))} redrive ${JSON.stringify(body.toString('utf8'))}`);
  return diffs;
}

async function main() {
  const bin = process.argv[2];
  if (!bin) {
    console.error('usage: node tests/conformance/encode.js <path to redrive binary>');
    process.exit(2);
  }
  const input = cases.map((c) => JSON.stringify(redriveLine(c))).join('\n') + '\n';
  const run = spawnSync(bin, ['encode'], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.error || run.status === null || run.status > 1) {
    console.error(`redrive encode failed: ${run.error || `exit ${run.status}`}\n${run.stderr}`);
    process.exit(2);
  }
  const lines = run.stdout.split('\n').filter((l) => l.length);
  let passed = 0;
  let failed = 0;
  for (const [i, c] of cases.entries()) {
    let diffs;
    try {
      const got = JSON.parse(lines[i] ?? 'null') ?? { error: 'no output line' };
      if (c.error) {
        const e = got.error || {};
        diffs = e.field === c.error.field && e.code === c.error.code ? []
          : [`expected error ${JSON.stringify(c.error)}, got ${lines[i]}`];
      } else {
        diffs = compare(await sdkRequest(c), got);
      }
    } catch (err) {
      diffs = [`exception: ${err && err.stack || err}`];
    }
    if (diffs.length) {
      ++failed;
      console.log(`FAIL ${c.name}: ${diffs.join('; ')}`);
    } else {
      ++passed;
      console.log(`ok ${c.name}`);
    }
  }
  if (lines.length !== cases.length) {
    ++failed;
    console.log(`FAIL output line count: ${lines.length} lines for ${cases.length} cases`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
