import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { Express } from 'express';
import { buildApp } from '../src';
import { parsePrometheusText, type Exposition } from './prometheus-text';
import { MANAGE_TOKEN, REGION_ID, regionPath, validRegionUpdate } from './helpers';

const REGIONS = '/openapi/v2/manage/regions';

async function scrape(app: Express): Promise<Exposition> {
  const res = await request(app).get('/__admin/metrics');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parsePrometheusText(res.text);
}

const listRegions = (via: string, status = '200') => ({ api: 'rainbond', operation: 'listRegions', status, via });

describe('GET /__admin/metrics', () => {
  it('counts exactly the vendor calls made, by operation, status and how the answer came about', async () => {
    const { app } = buildApp();
    const before = await scrape(app);
    expect(before.sum('regionmock_calls_total')).toBe(0);
    for (let i = 0; i < 3; i++) expect((await request(app).get(REGIONS).set('Authorization', MANAGE_TOKEN)).status).toBe(200);
    expect((await request(app).get(REGIONS).set('Authorization', MANAGE_TOKEN).set('Prefer', 'code=500')).status).toBe(500);
    await request(app).post('/__admin/faults').set('X-Mock-Session', 'qa').send({ operationId: 'listRegions', status: 500 }).expect(201);
    expect((await request(app).get(REGIONS).set('Authorization', MANAGE_TOKEN).set('X-Mock-Session', 'qa')).status).toBe(500);
    expect((await request(app).get('/openapi/v2/manage/nothing').set('Authorization', MANAGE_TOKEN)).status).toBe(404);

    const after = await scrape(app);
    expect(after.sum('regionmock_calls_total', listRegions('natural'))).toBe(3);
    expect(after.sum('regionmock_calls_total', listRegions('prefer', '500'))).toBe(1);
    expect(after.sum('regionmock_calls_total', listRegions('fault', '500'))).toBe(1);
    expect(after.sum('regionmock_calls_total', { api: 'rainbond', operation: 'none', status: '404' })).toBe(1);
    // Admin calls are not vendor calls: only the six above.
    expect(after.sum('regionmock_calls_total')).toBe(6);
    expect(after.sum('regionmock_answer_duration_seconds_count', { api: 'rainbond' })).toBe(6);
    expect(after.sum('regionmock_faults_fired_total', { api: 'rainbond' })).toBe(1);
    expect(after.sum('regionmock_calls_in_flight')).toBe(0);
    expect(after.sum('regionmock_sessions')).toBe(2);
    expect(after.sum('regionmock_journal_entries')).toBe(6);
    expect(after.sum('regionmock_journal_bytes')).toBeGreaterThan(0);
    expect(after.sum('regionmock_store_write_failures_total')).toBe(0);
    expect(after.types.get('regionmock_answer_duration_seconds')).toBe('histogram');
    // Process metrics, from prom-client's defaults, on this app's own registry.
    expect(after.types.get('process_cpu_user_seconds_total')).toBe('counter');
    expect(after.types.get('nodejs_heap_size_used_bytes')).toBe('gauge');

    await request(app).put(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).send(validRegionUpdate()).expect(200);
    await request(app).post('/__admin/reset').set('X-Mock-Session', 'qa').expect(200);
    const later = await scrape(app);
    expect(later.sum('regionmock_calls_total') - after.sum('regionmock_calls_total')).toBe(1);
    expect(later.sum('regionmock_calls_total', { operation: 'updateRegion', status: '200', via: 'natural' })).toBe(1);
    // Seven calls journaled; the reset emptied qa's journal, which held one.
    expect(later.sum('regionmock_journal_entries')).toBe(6);
  });

  it('keeps each app\'s counts apart in one process', async () => {
    const [one, two] = [buildApp(), buildApp()];
    await request(one.app).get(REGIONS).set('Authorization', MANAGE_TOKEN).expect(200);
    expect((await scrape(one.app)).sum('regionmock_calls_total')).toBe(1);
    expect((await scrape(two.app)).sum('regionmock_calls_total')).toBe(0);
  });

  it('counts the writes the data file refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'regionmock-metrics-'));
    const { app } = buildApp({ dataFile: join(dir, 'state.json') });
    rmSync(dir, { recursive: true, force: true });
    expect((await request(app).put(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).send(validRegionUpdate())).status).toBe(500);
    const metrics = await scrape(app);
    expect(metrics.sum('regionmock_store_write_failures_total')).toBe(1);
    expect(metrics.sum('regionmock_calls_total', { operation: 'updateRegion', status: '500', via: 'mock' })).toBe(1);
  });

  it('has the admin API\'s access rules: the token, and no foreign Host', async () => {
    const { app } = buildApp({ adminToken: 'secret' });
    expect((await request(app).get('/__admin/metrics')).status).toBe(401);
    expect((await request(app).get('/__admin/metrics').set('X-Admin-Token', 'secret')).status).toBe(200);
    const foreign = await request(app).get('/__admin/metrics').set('X-Admin-Token', 'secret').set('Host', 'evil.example:4010');
    expect(foreign.status).toBe(403);
    expect((await request(buildApp({ adminApi: false }).app).get('/__admin/metrics')).status).toBe(404);
  });

  it('is off with --metrics off: a 404 saying so, in the admin API\'s shape', async () => {
    const res = await request(buildApp({ metrics: false }).app).get('/__admin/metrics');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'not_found', message: 'Metrics are off (--metrics off)' });
  });
});

describe('GET /__admin/ready', () => {
  it('answers 200 once built, 503 once draining, and is open like health', async () => {
    const mock = buildApp({ adminToken: 'secret' });
    const ready = await request(mock.app).get('/__admin/ready');
    expect([ready.status, ready.body]).toEqual([200, { status: 'ready' }]);
    mock.readiness.drain();
    const draining = await request(mock.app).get('/__admin/ready');
    expect([draining.status, draining.body, draining.headers.connection]).toEqual([503, { status: 'draining' }, 'close']);
    expect((await request(buildApp({ adminApi: false }).app).get('/__admin/ready')).status).toBe(200);
  });
});
