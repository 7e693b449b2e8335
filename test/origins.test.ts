import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { putRegion } from './operations';
import { startServer, type RunningServer } from '../src';
import { adminDoc, expectRainbond, sharedMock, MANAGE_TOKEN, REGION_ID, regionPath, validRegionUpdate } from './helpers';
import { launchChromium } from './browser/launch';
import { pipeline } from './raw-http';

const EVIL = 'https://evil.example';
const shared = sharedMock({ adminOrigins: ['http://localhost:5173'], adminHosts: ['regionmock'] });

const changeAlias = () => putRegion(shared.app).send({ ...validRegionUpdate(), region_alias: 'kept' });
const alias = () => (shared.store.data.rainbond.regions as Array<{ region_id: string; region_alias: string }>).find((r) => r.region_id === REGION_ID)?.region_alias;

describe('the admin API and pages of other origins', () => {
  it('refuses to read the state for a page of another origin, without CORS headers', async () => {
    const res = await request(shared.app).get('/__admin/state').set('Origin', EVIL);
    adminDoc.expectAnswer('/__admin/state', 'get', res, 403);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(JSON.stringify(res.body)).not.toContain('rbd-manage-token');
  });

  it('refuses the preflight of another origin', async () => {
    const res = await request(shared.app).options('/__admin/reset').set('Origin', EVIL).set('Access-Control-Request-Method', 'POST');
    expect(res.status).toBe(403);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a form POST that needs no preflight, and nothing changes', async () => {
    await changeAlias();
    const res = await request(shared.app).post('/__admin/reset').set('Origin', EVIL).set('Content-Type', 'application/x-www-form-urlencoded').send('a=1');
    adminDoc.expectAnswer('/__admin/reset', 'post', res, 403);
    expect(alias()).toBe('kept');
  });

  it('refuses a call from another site that carries no Origin (Sec-Fetch-Site)', async () => {
    const res = await request(shared.app).get('/__admin/requests').set('Sec-Fetch-Site', 'cross-site');
    adminDoc.expectAnswer('/__admin/requests', 'get', res, 403);
  });

  it.each(['evil.example:4010', 'rebind.attacker.test', 'localhost.evil.example'])('gives nothing to a request for the host %s (DNS rebinding)', async (host) => {
    const [state, faults] = await pipeline((await listening()).port, [
      { method: 'GET', path: '/__admin/state', headers: { Host: host } },
      { method: 'POST', path: '/__admin/faults', headers: { Host: host, 'Content-Type': 'application/json' }, body: '{"status": 500}' },
    ]);
    expect(state.status).toBe(403);
    expect(state.text).not.toContain('token');
    expect(faults.status).toBe(403);
    expect(live!.sessions.default.faults.list()).toEqual([]);
  });

  it('answers an allowed origin, the mock\'s own pages, its own host names and tools that send no Origin', async () => {
    const allowed = await request(shared.app).get('/__admin/state').set('Origin', 'http://localhost:5173');
    expect(allowed.status).toBe(200);
    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    const preflight = await request(shared.app).options('/__admin/reset').set('Origin', 'http://localhost:5173').set('Access-Control-Request-Method', 'POST');
    expect(preflight.status).toBe(204);
    const own = await request(shared.app).post('/__admin/reset').set('Host', '127.0.0.1:4010').set('Origin', 'http://127.0.0.1:4010');
    expect(own.status).toBe(200);
    // The docs page opened as localhost, calling the address its document names.
    expect((await request(shared.app).post('/__admin/reset').set('Host', '127.0.0.1:4010').set('Origin', 'http://localhost:4010')).status).toBe(200);
    expect((await request(shared.app).post('/__admin/reset').set('Host', '127.0.0.1:4010').set('Origin', 'http://localhost:4011')).status).toBe(403);
    for (const host of ['localhost:4010', 'regionmock:4010', '[::1]:4010', '10.0.0.7', 'api.localhost']) {
      expect((await request(shared.app).get('/__admin/health').set('Host', host)).status).toBe(200);
    }
    expect((await request(shared.app).get('/__admin/state').set('Sec-Fetch-Site', 'same-origin')).status).toBe(200);
  });

  it('leaves the vendor routes open to frontends on any origin', async () => {
    const res = await request(shared.app).get(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).set('Origin', EVIL);
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(EVIL);
  });
});

describe('CORS on the vendor routes', () => {
  it('answers a browser preflight and lets the call through with the origin allowed', async () => {
    const preflight = await request(shared.app)
      .options(regionPath(REGION_ID))
      .set('Origin', 'http://localhost:5173')
      .set('Access-Control-Request-Method', 'PUT')
      .set('Access-Control-Request-Headers', 'authorization, content-type');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(preflight.headers['access-control-allow-headers']).toBe('authorization, content-type');
    const res = await request(shared.app).put(regionPath(REGION_ID)).set('Origin', 'http://localhost:5173').set('Authorization', MANAGE_TOKEN).send(validRegionUpdate());
    expectRainbond(res, 200);
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(res.headers['access-control-expose-headers']).toContain('X-Request-Id');
    expect(shared.sessions.default.journal.find()).toHaveLength(1);
  });

  it('adds nothing for a client that sends no Origin', async () => {
    const res = await request(shared.app).put(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).send(validRegionUpdate());
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

let live: RunningServer | undefined;
async function listening(): Promise<RunningServer> {
  live ??= await startServer({ port: 0 });
  return live;
}

describe('in Chromium, a page of another origin', () => {
  let browser: Browser;
  let server: RunningServer;
  let attacker: Server;
  let attackerUrl: string;

  beforeAll(async () => {
    server = await listening();
    // The attacker's page, on another origin: it reads the state and posts a form to reset.
    attacker = createServer((_req, res) => {
      res.setHeader('Content-Type', 'text/html');
      res.end(`<!doctype html><form id="f" method="POST" action="${server.url}/__admin/reset" target="sink"><input name="a" value="1"></form>
        <iframe name="sink"></iframe>
        <script>
          window.stolen = fetch('${server.url}/__admin/state').then((r) => r.text()).catch((e) => 'refused: ' + e.name);
          window.vendor = fetch('${server.url}${regionPath(REGION_ID)}', { headers: { Authorization: '${MANAGE_TOKEN}' } }).then((r) => r.status).catch(() => 0);
        </script>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerUrl = `http://localhost:${(attacker.address() as AddressInfo).port}/`;
    browser = await launchChromium(['--host-resolver-rules=MAP rebind.test 127.0.0.1']);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => attacker?.close(resolve));
    await live?.close();
  });

  it('cannot read the state nor reset it with a form, while the vendor APIs answer it', async () => {
    const put = await fetch(`${server.url}${regionPath(REGION_ID)}`, {
      method: 'PUT',
      headers: { Authorization: MANAGE_TOKEN, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...validRegionUpdate(), region_alias: 'survives' }),
    });
    expect(put.status).toBe(200);
    const page = await browser.newPage();
    await page.goto(attackerUrl);
    expect(await page.evaluate('window.stolen')).toMatch(/^refused: TypeError/);
    expect(await page.evaluate('window.vendor')).toBe(200);
    const posted = page.waitForResponse((r) => r.url().endsWith('/__admin/reset'));
    await page.evaluate('document.getElementById("f").submit()');
    expect((await posted).status()).toBe(403);
    const region = (server.sessions.default.store.data.rainbond.regions as Array<{ region_id: string; region_alias: string }>).find((r) => r.region_id === REGION_ID);
    expect(region?.region_alias).toBe('survives');
    await page.close();
  });

  it('reached through DNS rebinding gets nothing from the admin API', async () => {
    const page = await browser.newPage();
    const res = await page.goto(`http://rebind.test:${server.port}/__admin/state`);
    expect(res?.status()).toBe(403);
    expect(await page.content()).not.toContain('kms-dev-token');
    await page.close();
  });
});
