import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import request from 'supertest';
import { buildApp, resolveOptions } from '../src';

const ROOT = join(__dirname, '..');
interface ComposeService {
  build: { context: string; dockerfile: string };
  image: string;
  profiles?: string[];
  ports: string[];
  environment: Record<string, string>;
  healthcheck: { test: string[]; interval: string };
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
}
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as { services: Record<string, ComposeService> };
const service = compose.services.regionmock;
const dockerfileText = readFileSync(join(ROOT, service.build.context, service.build.dockerfile), 'utf8');
/** Dockerfile instructions, continuation lines joined. */
const instructions = dockerfileText
  .replace(/\\\n\s*/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const of = (keyword: string) => instructions.filter((l) => l.toUpperCase().startsWith(`${keyword} `));

describe('docker-compose.yml', () => {
  it('has the regionmock service, built from this folder\'s Dockerfile', () => {
    expect(service.build.context).toBe('.');
    expect(existsSync(join(ROOT, service.build.context, service.build.dockerfile))).toBe(true);
  });

  it('publishes port 4010, the one the image exposes and listens on', () => {
    expect(service.ports).toContain('4010:4010');
    const [, container] = service.ports[0].split(':');
    expect(of('EXPOSE')).toEqual([`EXPOSE ${container}`]);
    expect(service.environment.PORT).toBe(container);
    expect(service.environment.HOST).toBe('0.0.0.0');
  });

  it('lets containers on the compose network reach the admin API by the service\'s name', async () => {
    const { app } = buildApp(resolveOptions({ port: 0, logLevel: 'silent' }, service.environment));
    const state = await request(app).get('/__admin/state').set('Host', 'regionmock:4010');
    expect(state.status).toBe(200);
    expect((await request(app).get('/__admin/state').set('Host', 'other-service:4010')).status).toBe(403);
  });

  it('checks health on the readiness probe, /__admin/ready', () => {
    expect(service.healthcheck.test.join(' ')).toContain('http://127.0.0.1:4010/__admin/ready');
    expect(service.healthcheck.interval).toMatch(/^\d+s$/);
  });

  it('shows how to mount a user\'s own fixtures, commented out', () => {
    const text = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
    expect(text).toMatch(/#\s+volumes:\n\s*#\s+- \.\/my-fixtures:\/fixtures:ro/);
    expect(text).toMatch(/#\s*FIXTURES_DIR: \/fixtures/);
  });
});

describe('docker-compose.yml, profile shared: three replicas behind HAProxy', () => {
  const shared = Object.entries(compose.services).filter(([, s]) => s.profiles?.includes('shared'));
  const replicas = shared.filter(([, s]) => s.image === service.image);
  const balancers = shared.filter(([, s]) => s.image.startsWith('haproxy:'));

  it('has three replicas of the image, each checked on /__admin/ready, and one HAProxy', () => {
    expect(replicas.map(([name]) => name)).toEqual(['regionmock-1', 'regionmock-2', 'regionmock-3']);
    expect(balancers).toHaveLength(1);
    for (const [, replica] of replicas) {
      expect(replica.build).toEqual(service.build);
      expect(replica.healthcheck.test.join(' ')).toContain(`http://127.0.0.1:${replica.environment.PORT}/__admin/ready`);
      expect(replica.environment.HOST).toBe('0.0.0.0');
    }
  });

  it('runs the committed deploy/haproxy.cfg with every variable it names, pointing at the replicas', () => {
    const [name, balancer] = balancers[0];
    const [source, target] = (balancer.volumes ?? [])[0].split(':');
    expect(source).toBe('./deploy/haproxy.cfg');
    expect(target).toBe('/usr/local/etc/haproxy/haproxy.cfg');
    const cfg = readFileSync(join(ROOT, source), 'utf8').split('\n').filter((l) => !l.trim().startsWith('#')).join('\n');
    const names = [...new Set([...cfg.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]))].sort();
    expect(Object.keys(balancer.environment).sort()).toEqual(names);
    expect(replicas.map(([replica, s]) => `${replica}:${s.environment.PORT}`)).toEqual(['REPLICA_1', 'REPLICA_2', 'REPLICA_3'].map((v) => balancer.environment[v]));
    expect(balancer.ports).toContain(`8080:${balancer.environment.LISTEN.replace(/^:/, '')}`);
    expect(Object.keys(balancer.depends_on ?? {})).toEqual(replicas.map(([replica]) => replica));
    for (const dependency of Object.values(balancer.depends_on ?? {})) expect(dependency.condition).toBe('service_healthy');
    // Admin calls reach a replica with the Host clients gave the balancer.
    for (const [, replica] of replicas) expect(replica.environment.ADMIN_HOSTS.split(',')).toContain(name);
  });

  it('lets admin calls through the balancer\'s name reach a replica', async () => {
    const { app } = buildApp(resolveOptions({ port: 0, logLevel: 'silent' }, replicas[0][1].environment));
    expect((await request(app).get('/__admin/state').set('Host', `${balancers[0][0]}:8080`)).status).toBe(200);
  });
});

describe('Dockerfile', () => {
  it('builds in stages on Node 24 slim, a Node line still supported', () => {
    const froms = of('FROM');
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) expect(from).toMatch(/^FROM node:24-slim\b/);
    expect(froms[0]).toMatch(/ AS build$/);
    expect(of('COPY').some((c) => c.includes('--from=build'))).toBe(true);
  });

  it('runs as a user other than root', () => {
    const users = of('USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/USER (root|0)\b/);
  });

  it('checks health on the readiness probe, /__admin/ready, and serves on 0.0.0.0', () => {
    expect(of('HEALTHCHECK')[0]).toContain('/__admin/ready');
    expect(of('ENV').join(' ')).toContain('HOST=0.0.0.0');
    expect(of('CMD').at(-1)).toContain('dist/cli.js');
  });

  it('copies only what exists in the build context and is not ignored', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').filter(Boolean);
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist']));
    for (const copy of of('COPY').filter((c) => !c.includes('--from='))) {
      const sources = copy.split(/\s+/).slice(1, -1);
      for (const source of sources) expect({ source, exists: existsSync(join(ROOT, source)) }).toEqual({ source, exists: true });
    }
  });
});
