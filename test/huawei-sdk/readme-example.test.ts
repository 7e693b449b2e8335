import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startServer, type RunningServer } from '../../src';
import type { KeyRecord } from '../../src/apis/kms/types';

const ROOT = join(__dirname, '..', '..');

/** docs/huawei-sdk.md ("Using Huawei's SDK"): its example, and what it says the example prints. */
function guideExample(): { code: string; prints: string } {
  const section = readFileSync(join(ROOT, 'docs', 'huawei-sdk.md'), 'utf8');
  const blocks = [...section.matchAll(/```(\w*)\n([\s\S]*?)```/g)];
  return { code: blocks[0][2], prints: blocks[1][2] };
}

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ port: 0 });
});
afterAll(() => server.close());

it('runs as written against the mock and prints what docs/huawei-sdk.md says', async () => {
  const { code, prints } = guideExample();
  expect(code).toContain("require('@huaweicloud/huaweicloud-sdk-core')");
  // Run from the project folder, as a user's suite would run it from theirs (the SDK core is a dev dependency).
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', code], { cwd: ROOT, env: { ...process.env, KMS_ENDPOINT: server.url } });
  const lines = stdout.split('\n').filter((line) => /^(describe-key|update-primary-region|wrong SK):/.test(line));
  expect(lines.join('\n') + '\n').toBe(prints);
  const key = (server.sessions.default.store.data.kms.keys as KeyRecord[]).find((k) => k.key_id === '0d0466b0-e727-4d9c-b35d-f84bb474a37f');
  expect(key).toMatchObject({ primary_region: 'cn-east-3' });
});
