import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { ADMIN_SPEC, adminPack } from './admin';
import type { ApiEntry } from './core/catalog';
import { kmsPack } from './apis/kms';
import { rainbondPack } from './apis/rainbond';
import { ConfigError, resolveOptions, type MockOptions } from './config';
import { checkWholeState } from './core/catalog';
import { requestLog } from './core/request-log';
import { docsRouter } from './docs/router';
import { PACKAGE_VERSION } from './core/paths';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { jsonBody } from './core/body';
import { cors } from './core/cors';
import { checkPackState, loadPackFixtures } from './core/fixtures';
import { OperationTable } from './core/operations';
import type { VendorPack } from './core/pack';
import { stampRequestId } from './core/request-id';
import { SessionRegistry } from './core/session';
import { SpecDocument } from './core/spec';
import type { StateData, Store } from './core/store';
import { vendorRouter } from './core/vendor-router';

const DOCS_PATH = /^\/__docs(\/|$)/i;

type Mount = (sessions: SessionRegistry) => RequestHandler;

/** A pack with its document compiled, ready to be mounted on the sessions. */
function compilePack<S>(pack: VendorPack<S>, options: MockOptions, spec = new SpecDocument(pack.specFile)) {
  const operations = new OperationTable(spec);
  for (const id of operations.byId.keys()) {
    if (!pack.handlers[id]) throw new Error(`${pack.name}: the document's operation ${id} has no handler`);
  }
  const mount: Mount = (sessions) =>
    vendorRouter(pack, { spec, operations, sessions, validateResponses: options.validateResponses, latency: options.latency });
  return { pack, spec, operations, mount };
}

/** A vendor pack compiled, with its fixtures read and checked. */
function loadVendor<S>(pack: VendorPack<S>, options: MockOptions) {
  const { spec, operations, mount } = compilePack(pack, options);
  const api: ApiEntry = { name: pack.name, operations, checkState: (raw) => checkPackState(raw, pack, spec, operations) };
  return { api, state: loadPackFixtures(options.fixturesDir, pack, spec, operations), mount };
}

export interface MockApp {
  app: Express;
  sessions: SessionRegistry;
  /** The default session's store. */
  store: Store;
}

/**
 * The state the data file holds, checked as a replacement state is; none when there is no file
 * yet. A file or folder the mock could not write to stops start-up rather than the first write.
 */
function readDataFile(file: string, apis: ApiEntry[]): StateData | undefined {
  try {
    accessSync(dirname(resolve(file)), constants.W_OK);
    if (existsSync(file)) accessSync(file, constants.R_OK | constants.W_OK);
  } catch (err) {
    throw new ConfigError(`Bad data file ${file}: cannot write it (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!existsSync(file)) return undefined;
  try {
    return checkWholeState(apis, JSON.parse(readFileSync(file, 'utf8')));
  } catch (err) {
    throw new ConfigError(`Bad data file ${file}: ${(err as Error).message}`);
  }
}

/** Composes the vendor packs, the admin API and the shared steps into one Express app. */
export function buildApp(overrides: Partial<MockOptions> = {}): MockApp {
  const options = resolveOptions(overrides);
  const vendors = [loadVendor(rainbondPack({ manageToken: options.rainbondManageToken }), options), loadVendor(kmsPack(), options)];
  const seed: StateData = Object.fromEntries(vendors.map((v) => [v.api.name, v.state]));
  const apis = vendors.map((v) => v.api);
  const file = options.dataFile;
  const persistence = file ? { file, initial: readDataFile(file, apis) ?? seed } : undefined;
  const sessions = new SessionRegistry(seed, options.journalLimit, persistence);
  const adminSpec = new SpecDocument(ADMIN_SPEC);
  const facts = { version: PACKAGE_VERSION, validateResponses: options.validateResponses };
  const access = { token: options.adminToken, enabled: options.adminApi };
  const admin = compilePack(adminPack(apis, adminSpec, facts, access), options, adminSpec);

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const logRequest = requestLog(options.logLevel);
  // The steps every request takes, in one layer: each Express layer is a cost per request.
  app.use((req, res, next) => {
    stampRequestId(res);
    logRequest(req, res);
    cors(req, res, next);
  });
  app.use(jsonBody(options.bodyLimit));
  const docs = docsRouter();
  // Express matches paths regardless of case; the docs' router is only entered for its own.
  app.use((req, res, next) => (DOCS_PATH.test(req.path) ? docs(req, res, next) : next()));
  app.use(admin.mount(sessions));
  for (const vendor of vendors) app.use(vendor.mount(sessions));
  app.use((req: Request, res: Response) => {
    res.status(404).json({ error: 'not_found', message: `No route for ${req.method} ${req.path}` });
  });
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return void res.status(status).json({ error: 'bad_request', message: (err as Error).message });
    }
    console.error('regionmock:', err);
    res.status(500).json({ error: 'internal', message: 'regionmock failed to answer this request' });
  });
  return { app, sessions, store: sessions.default.store };
}

/** The Express app, ready for supertest. */
export function createApp(overrides: Partial<MockOptions> = {}): Express {
  return buildApp(overrides).app;
}
