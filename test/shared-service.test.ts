// Three regionmock processes behind HAProxy running the committed deploy/haproxy.cfg, as the
// shared QA environment runs them: sessions keep to one replica, and a replica that drains on
// SIGTERM loses no call. HAProxy comes from Debian's package (.ci/run installs it).
import { killAll } from './cli-process';
import { call, closeConnections, startCluster, until, type Cluster } from './balancer';
import { parsePrometheusText } from './prometheus-text';
import { MANAGE_TOKEN, REGION_ID, regionPath, validRegionUpdate } from './helpers';

jest.setTimeout(90_000);
afterEach(() => {
  closeConnections();
  killAll();
});

const FIXTURE_ALIAS_PATH = regionPath(REGION_ID);
const vendor = (session?: string): Record<string, string> => ({ Authorization: MANAGE_TOKEN, ...(session ? { 'X-Mock-Session': session } : {}) });
const admin = (session?: string): Record<string, string> => (session ? { 'X-Mock-Session': session } : {});
const aliasOf = (body: unknown) => (body as { region_alias: string }).region_alias;

/** How many vendor calls of `session` each replica's own journal holds, asking each one directly. */
async function journalCounts(cluster: Cluster, session: string, replicas = [0, 1, 2]): Promise<number[]> {
  return Promise.all(replicas.map(async (i) => ((await call(cluster.replicas[i].url, 'GET', '/__admin/requests/count', admin(session))).json() as { count: number }).count));
}

/** The replica whose journal holds the session's calls; fails unless exactly one holds any. */
async function replicaOf(cluster: Cluster, session: string, made: number, replicas = [0, 1, 2]): Promise<number> {
  const counts = await journalCounts(cluster, session, replicas);
  expect({ session, counts: [...counts].sort() }).toEqual({ session, counts: [...replicas.slice(1).map(() => 0), made] });
  return replicas[counts.findIndex((n) => n === made)];
}

describe('replicas behind HAProxy (deploy/haproxy.cfg)', () => {
  it('keeps each of 50 parallel sessions on one replica, with only its own state, faults and journal', async () => {
    const cluster = await startCluster();
    const sessions = Array.from({ length: 50 }, (_, i) => `qa-${i}`);
    await Promise.all(
      sessions.map(async (session, i) => {
        const put = await call(cluster.url, 'PUT', FIXTURE_ALIAS_PATH, vendor(session), { ...validRegionUpdate(), region_alias: `alias-${session}` });
        expect(put.status).toBe(200);
        // Every other session makes its region list fail.
        if (i % 2 === 0) {
          const fault = await call(cluster.url, 'POST', '/__admin/faults', admin(session), { operationId: 'listRegions', status: 500 });
          expect(fault.status).toBe(201);
        }
        const got = await call(cluster.url, 'GET', FIXTURE_ALIAS_PATH, vendor(session));
        expect(aliasOf(got.json())).toBe(`alias-${session}`);
        expect((await call(cluster.url, 'GET', '/openapi/v2/manage/regions', vendor(session))).status).toBe(i % 2 === 0 ? 500 : 200);
        const faults = (await call(cluster.url, 'GET', '/__admin/faults', admin(session))).json() as { faults: unknown[] };
        expect(faults.faults).toHaveLength(i % 2 === 0 ? 1 : 0);
        const journal = (await call(cluster.url, 'GET', '/__admin/requests', admin(session))).json() as { requests: Array<{ operationId: string; requestHeaders: Record<string, string> }> };
        expect(journal.requests.map((r) => r.operationId)).toEqual(['updateRegion', 'getRegion', 'listRegions']);
        expect(new Set(journal.requests.map((r) => r.requestHeaders['x-mock-session']))).toEqual(new Set([session]));
      }),
    );
    // Asked directly, exactly one replica holds each session's three calls.
    const homes = await Promise.all(sessions.map((session) => replicaOf(cluster, session, 3)));
    expect(new Set(homes).size).toBeGreaterThan(1);
    // A coverage read naming another session in its query goes to that session's replica.
    const coverage = (await call(cluster.url, 'GET', '/__admin/coverage?session=qa-7')).json() as { operations: Array<{ statuses: Array<{ count: number }> }> };
    expect(coverage.operations.flatMap((op) => op.statuses).reduce((sum, s) => sum + s.count, 0)).toBe(3);
    // The replicas' own metrics add up to the calls made: 50 sessions x 3.
    const metrics = await Promise.all(cluster.replicas.map(async (r) => parsePrometheusText((await call(r.url, 'GET', '/__admin/metrics')).text)));
    expect(metrics.reduce((sum, m) => sum + m.sum('regionmock_calls_total'), 0)).toBe(150);
  });

  it('sends calls without X-Mock-Session, and with it set to default, to one replica: the default session', async () => {
    const cluster = await startCluster();
    expect((await call(cluster.url, 'PUT', FIXTURE_ALIAS_PATH, vendor(), { ...validRegionUpdate(), region_alias: 'shared-default' })).status).toBe(200);
    const reads = await Promise.all(Array.from({ length: 12 }, (_, i) => call(cluster.url, 'GET', FIXTURE_ALIAS_PATH, i % 2 ? vendor('default') : vendor())));
    expect(reads.map((r) => aliasOf(r.json()))).toEqual(reads.map(() => 'shared-default'));
    await replicaOf(cluster, 'default', 13);
  });

  it('passes the admin API through with the caller\'s Host: refused unless the replicas allow the balancer\'s name', async () => {
    const cluster = await startCluster(['--admin-hosts', 'regionmock-lb']);
    const port = new URL(cluster.url).port;
    expect((await call(cluster.url, 'GET', '/__admin/state', { Host: `regionmock-lb:${port}` })).status).toBe(200);
    const foreign = await call(cluster.url, 'GET', '/__admin/state', { Host: `qa.example.com:${port}` });
    expect(foreign.status).toBe(403);
    expect(foreign.json()).toEqual({ error: 'forbidden', message: 'The admin API does not answer to the host name qa.example.com; allow it with --admin-hosts' });
  });

  it('loses no call when a replica drains on SIGTERM, and serves its sessions from another replica afterwards', async () => {
    const cluster = await startCluster(['--drain-timeout', '20000']);
    const fixtureAlias = aliasOf((await call(cluster.url, 'GET', FIXTURE_ALIAS_PATH, vendor('untouched'))).json());
    const sessions = Array.from({ length: 30 }, (_, i) => `drain-${i}`);
    await Promise.all(sessions.map((session) => call(cluster.url, 'PUT', FIXTURE_ALIAS_PATH, vendor(session), { ...validRegionUpdate(), region_alias: `before-${session}` })));
    const homes = await Promise.all(sessions.map((session) => replicaOf(cluster, session, 1)));
    const byReplica = [0, 1, 2].map((r) => sessions.filter((_, i) => homes[i] === r));
    const leaving = byReplica.findIndex((list) => list.length === Math.max(...byReplica.map((l) => l.length)));
    const moved = byReplica[leaving];
    const stays = [0, 1, 2].filter((r) => r !== leaving);
    const replica = cluster.replicas[leaving];

    // Slow calls under way on the replica that is about to go.
    const slow = moved.map((session) => call(cluster.url, 'GET', FIXTURE_ALIAS_PATH, { ...vendor(session), Prefer: 'delay=1500' }));
    // Awaited below; should a step before fail, their end is no crash of its own.
    for (const s of slow) s.catch(() => undefined);
    await until('the slow calls to reach the replica', async () => {
      const metrics = parsePrometheusText((await call(replica.url, 'GET', '/__admin/metrics')).text);
      return metrics.sum('regionmock_calls_in_flight') === moved.length;
    });
    const ended = replica.process.stop();
    await until('the replica to start draining', async () => replica.process.output().includes('draining'));
    // Calls sent while it drains go elsewhere, and none fails.
    const during = await Promise.all(moved.flatMap((session) => [0, 1].map(() => call(cluster.url, 'GET', FIXTURE_ALIAS_PATH, vendor(session)))));
    expect(during.map((r) => r.status)).toEqual(during.map(() => 200));

    const answered = await Promise.all(slow);
    expect(answered.map((r) => [r.status, aliasOf(r.json())])).toEqual(moved.map((session) => [200, `before-${session}`]));
    expect((await ended).code).toBe(0);
    await until('HAProxy to take the replica out', async () => (await cluster.status(leaving)).startsWith('DOWN'));

    await Promise.all(
      moved.map(async (session) => {
        // Its state starts from the fixtures on the replica that serves it now.
        const first = await call(cluster.url, 'GET', FIXTURE_ALIAS_PATH, vendor(session));
        expect([first.status, aliasOf(first.json())]).toEqual([200, fixtureAlias]);
        expect((await call(cluster.url, 'PUT', FIXTURE_ALIAS_PATH, vendor(session), { ...validRegionUpdate(), region_alias: `after-${session}` })).status).toBe(200);
        for (let i = 0; i < 3; i++) expect(aliasOf((await call(cluster.url, 'GET', FIXTURE_ALIAS_PATH, vendor(session))).json())).toBe(`after-${session}`);
        // Exactly one of the replicas left holds what it did since.
        const states = await Promise.all(stays.map(async (r) => (await call(cluster.replicas[r].url, 'GET', '/__admin/state', admin(session))).json() as { rainbond: { regions: Array<{ region_id: string; region_alias: string }> } }));
        const holding = states.filter((s) => s.rainbond.regions.some((region) => region.region_alias === `after-${session}`));
        expect({ session, holding: holding.length }).toEqual({ session, holding: 1 });
      }),
    );
  });
});
