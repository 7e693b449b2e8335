import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import request from 'supertest';
import { buildApp, resolveOptions } from '../src';

const ROOT = join(__dirname, '..');
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, {
    build: { context: string; dockerfile: string };
    ports: string[];
    environment: Record<string, string>;
    healthcheck: { test: string[]; interval: string };
  }>;
};
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

  it('checks health on /__admin/health', () => {
    expect(service.healthcheck.test.join(' ')).toContain('http://127.0.0.1:4010/__admin/health');
    expect(service.healthcheck.interval).toMatch(/^\d+s$/);
  });

  it('shows how to mount a user\'s own fixtures, commented out', () => {
    const text = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
    expect(text).toMatch(/#\s+volumes:\n\s*#\s+- \.\/my-fixtures:\/fixtures:ro/);
    expect(text).toMatch(/#\s*FIXTURES_DIR: \/fixtures/);
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

  it('checks health on /__admin/health and serves on 0.0.0.0', () => {
    expect(of('HEALTHCHECK')[0]).toContain('/__admin/health');
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
