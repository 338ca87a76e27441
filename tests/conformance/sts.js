#!/usr/bin/env node
// Prints the AssumeRole and AssumeRoleWithWebIdentity requests of the AWS SDK for JavaScript v3's
// STS client (@aws-sdk/nested-clients/sts) for the fixed inputs of tests/test_sts.cpp's "JS SDK
// vectors" cases, signed at their fixed time. The headers only the SDK sends (user-agent,
// x-amz-user-agent, amz-sdk-invocation-id) are removed before signing, so what is signed is what
// redrive sends. Usage: node tests/conformance/sts.js (then compare with the test's literals).
'use strict';

const { Readable } = require('node:stream');
const { STSClient, AssumeRoleCommand, AssumeRoleWithWebIdentityCommand } = require('@aws-sdk/nested-clients/sts');

const FIXED = Date.UTC(2026, 11, 1, 23, 59, 59, 500);  // 2026-12-01T23:59:59.500Z
Date.now = () => FIXED;

const ANSWER = '<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>A</AccessKeyId>' +
  '<SecretAccessKey>S</SecretAccessKey></Credentials></AssumeRoleResult></AssumeRoleResponse>';
let captured;
const requestHandler = {
  metadata: { handlerProtocol: 'http/1.1' },
  async handle(req) {
    captured = req;
    return { response: { statusCode: 200, headers: {}, body: Readable.from([Buffer.from(ANSWER)]) } };
  },
  updateHttpClientConfig() {},
  httpHandlerConfigs() { return {}; },
  destroy() {},
};
// Drops the SDK-only headers just before the request is signed.
const dropSdkHeaders = {
  applyToStack(stack) {
    stack.addRelativeTo((next) => async (args) => {
      for (const h of ['user-agent', 'x-amz-user-agent', 'amz-sdk-invocation-id']) delete args.request.headers[h];
      return next(args);
    }, { relation: 'before', toMiddleware: 'httpSigningMiddleware', name: 'dropSdkHeaders' });
  },
};

async function run(name, clientConfig, command) {
  const client = new STSClient({ requestHandler, ...clientConfig });
  client.middlewareStack.use(dropSdkHeaders);
  await client.send(command).catch(() => {});  // the answer's shape does not matter here
  const r = captured;
  const url = `${r.protocol}//${r.hostname}${r.port ? ':' + r.port : ''}${r.path}`;
  console.log(JSON.stringify({ name, url, headers: r.headers, body: r.body }, null, 1));
}

(async () => {
  await run('assume-role', {
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'source-token' },
  }, new AssumeRoleCommand({
    RoleArn: 'arn:aws:iam::123456789012:role/a b+c', RoleSessionName: 'redrive-1',
    ExternalId: 'ext&=/ é', DurationSeconds: 900,
  }));
  await run('assume-role-custom-endpoint', {
    region: 'us-east-1', endpoint: 'http://127.0.0.1:4566/sts',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  }, new AssumeRoleCommand({
    RoleArn: 'arn:aws:iam::123456789012:role/x', RoleSessionName: `redrive-${FIXED}`, DurationSeconds: 3600,
  }));
  await run('web-identity', { region: 'eu-west-1' }, new AssumeRoleWithWebIdentityCommand({
    RoleArn: 'arn:aws:iam::123456789012:role/x', RoleSessionName: 's', WebIdentityToken: 'eyJ.abc-_~*!\n',
  }));
})().catch((e) => { console.error(e); process.exit(1); });
