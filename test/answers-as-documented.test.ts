import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import request from 'supertest';
import { adminDoc, freshMock, kmsDoc, PROJECT } from './helpers';

const { app } = freshMock();

describe('answers are the documented ones, whatever caching headers a client sends', () => {
  it('answers a conditional GET with the documented 200 and its body, never an undocumented 304', async () => {
    const res = await request(app).get(`/v2/${PROJECT}/kms/regions`).set('X-Auth-Token', 'kms-dev-token').set('If-None-Match', '*');
    expect(res.status).toBe(200);
    kmsDoc.expectAnswer('/v2/{project_id}/kms/regions', 'get', res);
    expect(res.body.regions.length).toBeGreaterThan(0);
    const health = await request(app).get('/__admin/health').set('If-None-Match', '*').set('If-Modified-Since', new Date().toUTCString());
    expect(health.status).toBe(200);
    adminDoc.expectAnswer('/__admin/health', 'get', health);
  });

  it('sends JSON with its length and charset', async () => {
    const res = await request(app).get(`/v2/${PROJECT}/kms/regions`).set('X-Auth-Token', 'kms-dev-token');
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text));
  });
});

describe("the validator's route matchers", () => {
  const validatorDir = dirname(require.resolve('express-openapi-validator/package.json'));
  const library = require(require.resolve('path-to-regexp', { paths: [validatorDir] })) as {
    pathToRegexp: (path: string, options?: object) => { regexp: RegExp; keys: Array<{ name: string }> };
  };
  const options = { sensitive: false, strict: false };

  it('are compiled once for the routes of the documents, and still match as before', () => {
    const route = '/openapi/v2/manage/regions/:region_id';
    const first = library.pathToRegexp(route, options);
    expect(library.pathToRegexp(route, { ...options })).toBe(first);
    expect(first.regexp.exec('/openapi/v2/manage/regions/abc')?.[1]).toBe('abc');
    expect(first.regexp.exec('/openapi/v2/manage/regions/abc')?.[1]).toBe('abc');
    expect(first.keys.map((k) => k.name)).toEqual(['region_id']);
  });

  it('are compiled afresh for any other path or option, as the library does', () => {
    const other = '/somebody/else/:thing';
    expect(library.pathToRegexp(other, options)).not.toBe(library.pathToRegexp(other, options));
    const route = '/openapi/v2/manage/regions/:region_id';
    expect(library.pathToRegexp(route, { end: false })).not.toBe(library.pathToRegexp(route, { end: false }));
  });
});

describe('log lines at exit', () => {
  it('are all written when a process that embeds the mock ends on its own', () => {
    const script = `
      const { startServer } = require(${JSON.stringify(join(__dirname, '..', 'dist', 'index.js'))});
      (async () => {
        const server = await startServer({ port: 0, logLevel: 'info' });
        await fetch(server.url + '/__admin/health');
        await fetch(server.url + '/__admin/health');
        await server.close();
      })();`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
    const lines = run.stdout.split('\n').filter((line) => line.startsWith('{'));
    expect(lines.map((line) => (JSON.parse(line) as { path: string }).path)).toEqual(['/__admin/health', '/__admin/health']);
  });
});
