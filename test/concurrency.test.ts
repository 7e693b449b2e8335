import { startServer, type RunningServer } from '../src';
import type { KeyRecord } from '../src/apis/kms/types';
import type { Region } from '../src/apis/rainbond/types';
import { KEY_ID, MANAGE_TOKEN, primaryRegionPath, REGION_ID, regionPath, validRegionUpdate } from './helpers';

let server: RunningServer;
beforeAll(async () => {
  // Random latency shuffles the order in which the writes land.
  server = await startServer({ port: 0, latency: { min: 0, max: 15 } });
});
afterAll(() => server.close());

const SESSIONS = ['alpha', 'beta', 'gamma'];
const PER_SESSION = 100;

interface Sent {
  session: string;
  kind: 'region' | 'key';
  body: Record<string, unknown>;
}

/** Valid writes carry their number in every field they change, so a mix of two would show. */
function writeFor(i: number, session: string): Sent {
  const valid = i % 3 !== 0;
  if (i % 2 === 0) {
    const tag = `${session}-${i}`;
    const body: Record<string, unknown> = {
      ...validRegionUpdate(),
      region_alias: `alias-${tag}`,
      url: `https://r${i}.example.com:8443`,
      wsurl: `wss://r${i}.example.com:6060`,
      httpdomain: `h${i}.example.com`,
      tcpdomain: `10.0.0.${i % 250}`,
      desc: `desc-${tag}`,
      status: valid ? String(i % 4) : '9',
    };
    return { session, kind: 'region', body };
  }
  const regions = ['cn-north-4', 'cn-east-3', 'ap-southeast-1'];
  return { session, kind: 'key', body: { key_id: KEY_ID, primary_region: valid ? regions[i % 3] : 'not a region' } };
}

function send(w: Sent): Promise<Response> {
  const headers = { 'Content-Type': 'application/json', 'X-Mock-Session': w.session };
  return w.kind === 'region'
    ? fetch(`${server.url}${regionPath(REGION_ID)}`, { method: 'PUT', headers: { ...headers, Authorization: MANAGE_TOKEN }, body: JSON.stringify(w.body) })
    : fetch(`${server.url}${primaryRegionPath(KEY_ID)}`, { method: 'PUT', headers: { ...headers, 'X-Auth-Token': 'kms-dev-token' }, body: JSON.stringify(w.body) });
}

describe('hundreds of simultaneous writes to one region and one key, across sessions', () => {
  it('end in one accepted write whole, one journal entry per request, and a server still up', async () => {
    const writes = SESSIONS.flatMap((s) => Array.from({ length: PER_SESSION }, (_, i) => writeFor(i, s)));
    const answers = await Promise.all(writes.map(send));
    const accepted = writes.filter((_, i) => answers[i].status === 200);
    expect(answers.every((a) => a.status === 200 || a.status === 400)).toBe(true);
    expect(accepted.length).toBeGreaterThan(writes.length / 2);

    for (const session of SESSIONS) {
      const state = (await (await fetch(`${server.url}/__admin/state`, { headers: { 'X-Mock-Session': session } })).json()) as {
        rainbond: { regions: Region[] };
        kms: { keys: KeyRecord[] };
      };
      const region = state.rainbond.regions.find((r) => r.region_id === REGION_ID)!;
      const regionWrites = accepted.filter((w) => w.session === session && w.kind === 'region').map((w) => w.body);
      const landed = regionWrites.filter((b) => b.region_alias === region.region_alias);
      expect(landed).toHaveLength(1);
      expect(region).toMatchObject(landed[0]);

      const key = state.kms.keys.find((k) => k.key_id === KEY_ID)!;
      const all = [key.primary_region, ...key.replica_regions].sort();
      expect(all).toEqual(['ap-southeast-1', 'cn-east-3', 'cn-north-4']);

      const count = (await (await fetch(`${server.url}/__admin/requests/count`, { headers: { 'X-Mock-Session': session } })).json()) as { count: number };
      expect(count.count).toBe(PER_SESSION);
    }
    expect((await fetch(`${server.url}/__admin/health`)).status).toBe(200);
  }, 60_000);
});
