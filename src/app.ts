import express, { type Express, type NextFunction, type Request, type Response, type Router } from 'express';
import { adminRouter } from './admin/router';
import { kmsPack } from './apis/kms';
import { rainbondPack } from './apis/rainbond';
import { resolveOptions, type MockOptions } from './config';
import { jsonBody } from './core/body';
import { loadPackFixtures } from './core/fixtures';
import { OperationTable } from './core/operations';
import type { VendorPack } from './core/pack';
import { requestId } from './core/request-id';
import { SpecDocument } from './core/spec';
import { vendorRouter } from './core/vendor-router';
import { Store, type PackState, type StateData } from './core/store';

/** A pack with its document compiled and its fixtures read, waiting for the store. */
interface LoadedPack {
  name: string;
  state: PackState;
  mount(store: Store, validateResponses: boolean): Router;
}

function loadPack<S>(pack: VendorPack<S>, fixturesDir: string): LoadedPack {
  const spec = new SpecDocument(pack.specFile);
  const operations = new OperationTable(spec);
  for (const id of operations.byId.keys()) {
    if (!pack.handlers[id]) throw new Error(`${pack.name}: the document's operation ${id} has no handler`);
  }
  return {
    name: pack.name,
    state: loadPackFixtures(fixturesDir, pack, spec, operations),
    mount: (store, validateResponses) => vendorRouter(pack, { spec, operations, store, validateResponses }),
  };
}

export interface MockApp {
  app: Express;
  store: Store;
}

/** Composes the packs, the admin routes and the shared steps into one Express app. */
export function buildApp(overrides: Partial<MockOptions> = {}): MockApp {
  const options = resolveOptions(overrides);
  const packs = [rainbondPack({ manageToken: options.rainbondManageToken }), kmsPack()].map((p) =>
    loadPack(p as VendorPack<unknown>, options.fixturesDir),
  );
  const seed: StateData = Object.fromEntries(packs.map((p) => [p.name, p.state]));
  const store = new Store(seed);

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestId);
  app.use(jsonBody(options.bodyLimit));
  app.use('/__admin', adminRouter());
  for (const pack of packs) app.use(pack.mount(store, options.validateResponses));
  app.use((req: Request, res: Response) => {
    res.status(404).json({ error: 'not_found', message: `No route for ${req.method} ${req.path}` });
  });
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    console.error('regionmock:', err);
    res.status(500).json({ error: 'internal', message: 'regionmock failed to answer this request' });
  });
  return { app, store };
}

/** The Express app, ready for supertest. */
export function createApp(overrides: Partial<MockOptions> = {}): Express {
  return buildApp(overrides).app;
}
