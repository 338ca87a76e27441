#!/usr/bin/env node
// sign/aws_js: @smithy/signature-v4 (what the AWS SDK for JavaScript v3 signs with, Sha256 from
// @aws-crypto/sha256-js) signing the StartMessageMoveTask request of benchmarks/fixtures.hpp, with
// one SignatureV4 reused (its signing key cached), as the SDK's client does.
// Usage: node benchmarks/sign_js.js [iterations=20000] [batches=5]
// Prints one JSON line: {"name":"sign/aws_js","ns_per_op":<median of the batches>,...}; exits 1
// if the signature differs from the one redrive's benchmark expects.
'use strict';

const path = require('node:path');
const { createRequire } = require('node:module');

// The modules tests/conformance installs (npm ci there).
const requireConformance = createRequire(path.join(__dirname, '..', 'tests', 'conformance', 'package.json'));
const { SignatureV4 } = requireConformance('@smithy/signature-v4');
const { Sha256 } = requireConformance('@aws-crypto/sha256-js');
const { HttpRequest } = requireConformance('@smithy/core/protocols');

const ITERATIONS = Number(process.argv[2] || 20000);
const BATCHES = Number(process.argv[3] || 5);

const BODY = '{"SourceArn":"arn:aws:sqs:us-east-1:111122223333:MyDeadLetterQueue",' +
  '"DestinationArn":"arn:aws:sqs:us-east-1:111122223333:MySourceQueue","MaxNumberOfMessagesPerSecond":50}';
const EXPECTED_AUTHORIZATION = 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sqs/aws4_request, ' +
  'SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target;x-amzn-query-mode, ' +
  'Signature=de7a2b73c6a8864cc01fd3f0029227915c72fb1d3f9c904da8e7dcc8affad5d0';

const signer = new SignatureV4({
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  region: 'us-east-1',
  service: 'sqs',
  sha256: Sha256,
});
const request = new HttpRequest({
  method: 'POST',
  protocol: 'https:',
  hostname: 'sqs.us-east-1.amazonaws.com',
  path: '/',
  headers: {
    host: 'sqs.us-east-1.amazonaws.com',
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': 'AmazonSQS.StartMessageMoveTask',
    'x-amzn-query-mode': 'true',
    'content-length': String(Buffer.byteLength(BODY)),
  },
  body: BODY,
});
const signingDate = new Date('2015-08-30T12:36:00Z');

async function batch(n) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await signer.sign(request, { signingDate });
  return Number(process.hrtime.bigint() - start) / n;
}

(async () => {
  const signed = await signer.sign(request, { signingDate });
  const authorization = signed.headers.authorization;
  if (authorization !== EXPECTED_AUTHORIZATION) {
    console.error(`sign/aws_js: unexpected authorization ${authorization}`);
    process.exit(1);
  }
  await batch(Math.min(ITERATIONS, 2000)); // warm-up (JIT)
  const times = [];
  for (let b = 0; b < BATCHES; b++) times.push(await batch(ITERATIONS));
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(JSON.stringify({ name: 'sign/aws_js', ns_per_op: median, batches: times, iterations: ITERATIONS }));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
