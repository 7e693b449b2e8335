// A later start in one process, as a suite that starts a mock per test file meets it: the
// first startServer() pays for compiling, the next one is timed to its first answered PUT.
// Started by bench.mjs; prints the milliseconds.
import { createRequire } from 'node:module';

const { startServer } = createRequire(import.meta.url)('../dist/index.js');
const R = 'febc993cefe84d158b3ac245d7aa0943';
const put = (url) =>
  fetch(`${url}/openapi/v2/manage/regions/${R}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: 'rbd-manage-token' },
    body: JSON.stringify({ region_alias: 'bench' }),
  });

const first = await startServer({ port: 0 });
await put(first.url);
await first.close();
const started = performance.now();
const later = await startServer({ port: 0 });
await put(later.url);
console.log(JSON.stringify({ laterStartMs: +(performance.now() - started).toFixed(1) }));
await later.close();
