import { resolveOptions, startServer } from '../src';

describe('startServer', () => {
  it('gives a test suite reset() and requests() on the default session', async () => {
    const server = await startServer({ port: 0 });
    try {
      const path = '/openapi/v2/manage/regions/febc993cefe84d158b3ac245d7aa0943';
      const body = { region_alias: 'x', url: 'https://a.example.com', wsurl: 'wss://a.example.com', httpdomain: 'h', tcpdomain: '10.0.0.1', status: '2' };
      const put = await fetch(`${server.url}${path}`, { method: 'PUT', headers: { Authorization: 'rbd-manage-token', 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      expect(put.status).toBe(200);
      expect(server.requests({ operationId: 'updateRegion' })).toMatchObject([{ status: 200, path }]);
      expect((server.sessions.default.store.data.rainbond.regions[0] as { region_alias: string }).region_alias).toBe('x');
      await server.reset();
      expect(server.requests()).toEqual([]);
      expect((server.sessions.default.store.data.rainbond.regions[0] as { region_alias: string }).region_alias).toBe('默认集群');
    } finally {
      await server.close();
    }
  });

  it('serves both APIs and the health check on the port asked for', async () => {
    const server = await startServer({ port: 0 });
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      const health = await fetch(`${server.url}/__admin/health`);
      expect(health.status).toBe(200);
      const kms = await fetch(`${server.url}/v2/e9993fc787d94b6c886cbaa340f9c0f4/kms/keys/0d0466b0-e727-4d9c-b35d-f84bb474a37f/update-primary-region`, {
        method: 'PUT',
        headers: { 'X-Auth-Token': 'kms-dev-token', 'Content-Type': 'application/json;charset=UTF-8' },
        body: JSON.stringify({ key_id: '0d0466b0-e727-4d9c-b35d-f84bb474a37f', primary_region: 'cn-east-3' }),
      });
      expect(kms.status).toBe(200);
      expect(await kms.json()).toEqual({ key_id: '0d0466b0-e727-4d9c-b35d-f84bb474a37f', primary_region: 'cn-east-3' });
    } finally {
      await server.close();
    }
  });
});

describe('options', () => {
  it('default to port 4010 on loopback', () => {
    expect(resolveOptions({}, {})).toMatchObject({ port: 4010, host: '127.0.0.1', validateResponses: true, rainbondManageToken: 'rbd-manage-token', logLevel: 'silent' });
  });

  it('read every setting from the environment', () => {
    const env = { PORT: '5055', HOST: '0.0.0.0', RAINBOND_MANAGE_TOKEN: 't', FIXTURES_DIR: '/tmp/f', BODY_LIMIT: '2048', VALIDATE_RESPONSES: 'false',
      JOURNAL_LIMIT: '50', MOCK_LATENCY_MS: '10-20', LOG_LEVEL: 'warn', DATA_FILE: '/tmp/state.json', ADMIN_TOKEN: 'adm', ADMIN_API: 'false',
      MAX_SESSIONS: '7', JOURNAL_MAX_BYTES: '65536', JOURNAL_BODY_BYTES: '512', MAX_FAULTS: '3', FAULT_MAX_BYTES: '1000',
      ADMIN_ORIGINS: 'http://localhost:5173, https://console.example.com', ADMIN_HOSTS: 'RegionMock', METRICS: 'off', DRAIN_TIMEOUT_MS: '1500' };
    expect(resolveOptions({}, env)).toEqual({
      port: 5055, host: '0.0.0.0', rainbondManageToken: 't', fixturesDir: '/tmp/f', bodyLimit: 2048, validateResponses: false,
      journalLimit: 50, latency: { min: 10, max: 20 }, logLevel: 'warn', dataFile: '/tmp/state.json', adminToken: 'adm', adminApi: false,
      maxSessions: 7, journalBytes: 65536, journalBodyBytes: 512, maxFaults: 3, faultBytes: 1000,
      adminOrigins: ['http://localhost:5173', 'https://console.example.com'], adminHosts: ['regionmock'], metrics: false, drainTimeoutMs: 1500,
    });
  });

  it('let explicit options win over the environment, without reading the variable they replace', () => {
    expect(resolveOptions({ port: 0 }, { PORT: '5055' }).port).toBe(0);
    expect(resolveOptions({ port: 0 }, { PORT: 'abc' }).port).toBe(0);
  });

  it('reject a bad environment through startServer\'s promise', async () => {
    const previous = process.env.JOURNAL_LIMIT;
    process.env.JOURNAL_LIMIT = 'lots';
    try {
      await expect(startServer({ port: 0 })).rejects.toThrow('JOURNAL_LIMIT must be a whole number');
    } finally {
      if (previous === undefined) delete process.env.JOURNAL_LIMIT;
      else process.env.JOURNAL_LIMIT = previous;
    }
  });

  it.each(['fast', '20-10', '5-200000'])('refuse MOCK_LATENCY_MS=%s', (value) => {
    expect(() => resolveOptions({}, { MOCK_LATENCY_MS: value })).toThrow('MOCK_LATENCY_MS: a latency must be "min-max"');
  });

  it('take a single MOCK_LATENCY_MS value as a fixed delay', () => {
    expect(resolveOptions({}, { MOCK_LATENCY_MS: '250' }).latency).toEqual({ min: 250, max: 250 });
  });

  it('refuse a BODY_LIMIT that is not a positive whole number', () => {
    expect(() => resolveOptions({}, { BODY_LIMIT: '1mb' })).toThrow('BODY_LIMIT must be a whole number');
  });

  it.each(['abc', '-1', '70000', '80.5'])('refuse PORT=%s with a clear message', (port) => {
    expect(() => resolveOptions({}, { PORT: port })).toThrow(`PORT must be a whole number from 0 to 65535, got "${port}"`);
  });
});

describe('VALIDATE_RESPONSES', () => {
  it('takes only true or false', () => {
    expect(() => resolveOptions({}, { VALIDATE_RESPONSES: 'nope' })).toThrow('VALIDATE_RESPONSES must be true or false, got "nope"');
    expect(resolveOptions({}, { VALIDATE_RESPONSES: 'true' }).validateResponses).toBe(true);
  });
});
