#!/usr/bin/env node
// The differential oracle of the credentials suite: @aws-sdk/client-sqs with its default credential
// chain (no credentials given) sends ListMessageMoveTasks, as `redrive list` does, in whatever
// environment it was started in (run.sh gives it a scratch HOME and the endpoint overrides). Prints
// one JSON line:
//   {"ok":true,"calls":[{"accessKeyId":...,"sessionToken":...|null,"status":200}, ...],"ms":N}
//   {"ok":false,"name":"CredentialsProviderError","message":"...","calls":[...],"ms":N}
// "calls" are the requests it signed (read back from the signed headers), one per call made.
// Usage: node oracle.js --source ARN [--calls N] [--interval SECONDS]
// The region is the queue ARN's, as the CLI takes it. The SQS endpoint comes from the environment
// (AWS_ENDPOINT_URL_SQS).
'use strict';

const path = require('node:path');

const MODULES = path.join(__dirname, '../../conformance/node_modules');
const { SQSClient, ListMessageMoveTasksCommand } = require(path.join(MODULES, '@aws-sdk/client-sqs'));

function parseArgs(argv) {
  const opts = { source: null, calls: 1, interval: 1 };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      if (i + 1 >= argv.length) usage(`${argv[i]} needs a value`);
      return argv[++i];
    };
    if (argv[i] === '--source') opts.source = value();
    else if (argv[i] === '--calls') opts.calls = Number(value());
    else if (argv[i] === '--interval') opts.interval = Number(value());
    else usage(`unknown argument ${argv[i]}`);
  }
  if (!opts.source || !/^arn:[^:]+:sqs:[^:]+:\d{12}:.+$/.test(opts.source)) usage('--source must be a queue ARN');
  if (!Number.isInteger(opts.calls) || opts.calls < 1) usage('--calls must be a positive integer');
  if (!(opts.interval >= 0)) usage('--interval must be a non-negative number');
  return opts;
}

function usage(problem) {
  process.stderr.write(`oracle.js: ${problem}\nusage: node oracle.js --source ARN [--calls N] [--interval SECONDS]\n`);
  process.exit(2);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const region = opts.source.split(':')[3];
  const started = Date.now();
  const calls = [];
  let signed = null;
  const client = new SQSClient({ region, maxAttempts: 1 });
  // The deserialize step runs after signing: the request it sees carries the final headers.
  client.middlewareStack.add((next) => async (args) => {
    const h = args.request.headers;
    const auth = /Credential=([^/]+)\//.exec(h.authorization ?? h.Authorization ?? '');
    signed = { accessKeyId: auth ? auth[1] : null, sessionToken: h['x-amz-security-token'] ?? null, status: null };
    calls.push(signed);
    return next(args);
  }, { step: 'deserialize', name: 'e2eCaptureSigner' });

  let failure = null;
  for (let n = 0; n < opts.calls && !failure; n++) {
    if (n > 0) await new Promise((r) => setTimeout(r, opts.interval * 1000));
    signed = null;
    try {
      await client.send(new ListMessageMoveTasksCommand({ SourceArn: opts.source }));
      if (signed) signed.status = 200;
    } catch (e) {
      if (signed) signed.status = e.$metadata?.httpStatusCode ?? null;
      failure = { name: e.name ?? 'Error', message: String(e.message ?? e).split('\n')[0] };
    }
  }
  const result = failure ? { ok: false, ...failure, calls } : { ok: true, calls };
  result.ms = Date.now() - started;
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((e) => {
  process.stderr.write(`oracle.js: ${e.stack || e}\n`);
  process.exit(1);
});
