import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { ADMIN_SPEC, adminPack } from './admin';
import { completeAdminDocument } from './admin/document';
import type { ApiEntry } from './core/state/catalog';
import { VENDOR_PACKS, type PackFactory } from './apis';
import { ConfigError, providerUrl, resolveOptions, type MockOptions } from './config';
import { checkWholeState } from './core/state/catalog';
import { requestLog } from './core/record/request-log';
import { docsRouter, type ServedDocument } from './docs/router';
import { consoleRouter } from './console/router';
import { PACKAGE_VERSION } from './core/documents/paths';
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { requestBody } from './core/pipeline/body';
import { cors } from './core/arrival/cors';
import { credentialHeaders } from './core/arrival/credentials';
import { readDataState } from './core/state/change-log';
import { DataFile } from './core/state/data-file';
import { exchangeOf } from './core/arrival/exchange';
import { JournalBudget } from './core/session/journal';
import { checkPackState, loadPackFixtures, recordChecker } from './core/state/fixtures';
import { OperationTable } from './core/documents/operations';
import type { FixtureCollection, VendorPack } from './core/respond/pack';
import { builtOnce } from './core/documents/compile-cache';
import { CoverageBook, type CoverageReport } from './core/record/coverage';
import { CallMetrics } from './core/record/metrics';
import { Readiness } from './core/arrival/readiness';
import { requestValidator, type RequestCheck } from './core/documents/request-validator';
import { cacheValidatorRouteMatchers } from './core/documents/route-matchers';
import { NetworkGate } from './core/session/network-gate';
import { applyOverlay } from './core/documents/overlay';
import { stampRequestId } from './core/arrival/request-id';
import { DEFAULT_SESSION, SessionRegistry } from './core/session/session';
import { SpecDocument } from './core/documents/spec';
import type { StateData, Store } from './core/state/store';
import { vendorRouter, type VendorRouter } from './core/pipeline/vendor-router';
import { applyInTurn, scenarios, startingScenario } from './scenarios/setup';
import { Recorder } from './core/record/recording';
import type { Scenario } from './scenarios/scenario';

const DOCS_PATH = /^\/__docs(\/|$)/i;
const CONSOLE_PATH = /^\/__console(\/|$)/;

type Mount = (sessions: SessionRegistry, coverage: CoverageBook, networkGate: NetworkGate, metrics: CallMetrics | undefined, recorder?: Recorder) => VendorRouter;

/** A document compiled (schemas, operations, the request validator): once per process, see builtOnce. */
interface CompiledDocument {
  spec: SpecDocument;
  operations: OperationTable;
  validate: RequestCheck;
}

function compileDocument(key: string, files: string[], unknownQuery: 'ignore' | 'refuse', read: () => SpecDocument): CompiledDocument {
  return builtOnce(`document|${key}|${unknownQuery}`, files, () => {
    const spec = read();
    // express-openapi-validator loads its copy of the document when made: made at the API's
    // first request, a start-up does not wait for the documents of APIs nobody has called yet.
    let check: RequestCheck | undefined;
    // Its route matchers are cached from the start, whichever API is called first.
    cacheValidatorRouteMatchers(Object.keys(spec.doc.paths));
    const validate: RequestCheck = (req, res) => (check ??= requestValidator(spec.doc, unknownQuery))(req, res);
    return { spec, operations: new OperationTable(spec), validate };
  });
}

/** A vendor's document with the overlays of its mode applied. */
function compileVendorDocument<S>(pack: VendorPack<S>): CompiledDocument {
  const files = documentFiles(pack);
  return compileDocument(files.join('|'), files, pack.unknownQuery, () => new SpecDocument(pack.specFile, (doc) => pack.overlays?.forEach((file) => applyOverlay(doc, file))));
}

const documentFiles = <S>(pack: VendorPack<S>) => [pack.specFile, ...(pack.overlays ?? [])];

/** A pack with its document compiled, ready to be mounted on the sessions. */
function compilePack<S>(pack: VendorPack<S>, options: MockOptions, compiled = compileVendorDocument(pack)) {
  const { spec, operations, validate } = compiled;
  for (const id of operations.byId.keys()) {
    if (!pack.handlers[id]) throw new Error(`${pack.name}: the document's operation ${id} has no handler`);
  }
  const mount: Mount = (sessions, coverage, networkGate, metrics, recorder) =>
    vendorRouter(pack, {
      coverage,
      metrics,
      recorder,
      // Checked here too: options given in process do not pass through the environment's readers.
      proxy: options.proxy === undefined ? undefined : providerUrl('proxy', options.proxy),
      networkGate,
      spec,
      operations,
      validate,
      sessions,
      validateResponses: options.validateResponses,
      latency: options.latency,
      journalBodyBytes: options.journalBodyBytes,
    });
  return { pack, spec, operations, mount };
}

/** A vendor pack compiled, with its fixtures read and checked. */
function loadVendor<S>(pack: VendorPack<S>, options: MockOptions) {
  const { spec, operations, mount } = compilePack(pack, options);
  const defs = pack.fixtures as Record<string, FixtureCollection>;
  // Made at first use: only a scenario checks records one by one.
  const checkers = new Map<string, ReturnType<typeof recordChecker>>();
  const api: ApiEntry = {
    name: pack.name,
    operations,
    collections: Object.keys(defs),
    checkState: (raw) => checkPackState(raw, pack, spec, operations),
    keys: Object.fromEntries(Object.entries(defs).map(([collection, def]) => [collection, def.key])),
    secretCollections: new Set(Object.keys(defs).filter((collection) => defs[collection].secretKey)),
    checkRecord: (collection, record) => {
      let check = checkers.get(collection);
      if (!check) checkers.set(collection, (check = recordChecker(defs[collection].schema, spec, operations)));
      return check(record);
    },
  };
  const folder = resolve(pack.fixturesDir ?? join(options.fixturesDir, pack.name));
  const files = Object.values(pack.fixtures as Record<string, FixtureCollection>).map((def) => join(folder, def.file));
  // Checked fixtures are frozen by the store and never changed in place, so every app of the process may share them.
  // The rules' source is part of the key: two packs of one name may check their records differently.
  const key = `fixtures|${pack.name}|${folder}|${documentFiles(pack).map((f) => resolve(f)).join('|')}|${JSON.stringify(pack.fixtures)}|${String(pack.checkRules ?? '')}`;
  const state = builtOnce(key, [...documentFiles(pack), ...files], () => loadPackFixtures(folder, pack, spec, operations));
  return { api, spec, files: documentFiles(pack), controlled: pack.controlled, readsBodies: pack.readBody !== undefined, state, mount };
}

/** What buildApp can be handed besides options, as json-server's createApp is handed its database. */
export interface AppParts {
  /** The vendor packs to serve (the built-in ones by default): a test can add its own. */
  packs?: PackFactory[];
  /** The default session's state to start from, checked as a state replacement is; a reset still goes back to the fixtures. */
  state?: StateData;
}

export interface MockApp {
  app: Express;
  /** Every document the mock serves, as it uses them (the admin document completed). */
  documents: ServedDocument[];
  sessions: SessionRegistry;
  /** The default session's store. */
  store: Store;
  /** Which documented outcomes the calls got, as GET /__admin/coverage: of one session (default by default) or of all with `*`. */
  coverage(session?: string): CoverageReport;
  /**
   * Resets a session (the default one unless named) and applies a scenario to it: a name the
   * mock knows, a file, or the scenario itself. A scenario it refuses throws, naming the pointer.
   */
  apply(scenario: string | Scenario, options?: { session?: string }): Promise<void>;
  /** What GET /__admin/ready answers; `drain()` turns it to 503 (startServer's close does). */
  readiness: Readiness;
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
    return checkWholeState(apis, readDataState(file));
  } catch (err) {
    // JSON.parse quotes the text around the fault, which may be a token: only its kind is named.
    const why = err instanceof SyntaxError ? 'it is not valid JSON' : (err as Error).message;
    throw new ConfigError(`Bad data file ${file}: ${why}`);
  }
}

/** `--record DIR` records the provider's answers: it needs one (`--proxy`), and a folder it can write, checked at start-up. */
function recorderFor(options: MockOptions): Recorder | undefined {
  if (options.record === undefined) return undefined;
  if (options.proxy === undefined) throw new ConfigError('--record (RECORD_DIR) records the answers of a provider: give one with --proxy (PROXY_URL)');
  try {
    return new Recorder(options.record, new URL(providerUrl('proxy', options.proxy)).origin, options.journalLimit, options.maxSessions + 1);
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(`Bad recording folder ${options.record}: cannot write it (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** The packs to serve: at least one, each named once, none named as the admin API. */
function checkedPacks(factories: PackFactory[], options: MockOptions): VendorPack<never>[] {
  const packs = factories.map((make) => make(options));
  if (packs.length === 0) throw new ConfigError('buildApp needs at least one vendor pack to serve');
  const names = packs.map((p) => p.name);
  const clash = names.find((name, i) => name === 'admin' || names.indexOf(name) !== i);
  if (clash !== undefined) throw new ConfigError(`A vendor pack may not be named "${clash}": each name once, and not "admin"`);
  return packs;
}

/** A state handed to buildApp, checked as the admin API checks a replacement. */
function givenState(apis: ApiEntry[], state: StateData): StateData {
  try {
    return checkWholeState(apis, structuredClone(state));
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
}

/** Composes the vendor packs, the admin API and the shared steps into one Express app. */
export function buildApp(overrides: Partial<MockOptions> = {}, parts: AppParts = {}): MockApp {
  const options = resolveOptions(overrides);
  const vendors = checkedPacks(parts.packs ?? VENDOR_PACKS, options).map((pack) => loadVendor(pack, options));
  const seed: StateData = Object.fromEntries(vendors.map((v) => [v.api.name, v.state]));
  const apis = vendors.map((v) => v.api);
  const file = options.dataFile;
  const fromFile = file ? readDataFile(file, apis) : undefined;
  const vendorFiles = vendors.flatMap((v) => v.files);
  const adminKey = `admin|${JSON.stringify(apis.map((a) => [a.name, a.collections]))}|${vendorFiles.join('|')}`;
  const adminDocument = compileDocument(adminKey, [ADMIN_SPEC, ...vendorFiles], 'refuse', () => new SpecDocument(ADMIN_SPEC, (doc) => completeAdminDocument(doc, apis)));
  const adminSpec = adminDocument.spec;
  const known = scenarios(apis, seed, adminSpec, options);
  const starting = startingScenario(options.scenario, known, fromFile === undefined ? undefined : file);
  const initial = starting?.state ?? (parts.state === undefined ? undefined : givenState(apis, parts.state)) ?? fromFile ?? seed;
  const persistence = { adapter: file ? new DataFile<StateData>(file) : undefined, initial };
  const credentials = credentialHeaders([adminSpec, ...vendors.map((v) => v.spec)]);
  const networkGate = new NetworkGate();
  const settings = {
    seed,
    journalLimit: options.journalLimit,
    journalBudget: new JournalBudget(options.journalBytes),
    maxFaults: options.maxFaults,
    networkGate,
    credentialHeaders: credentials,
  };
  const sessions = new SessionRegistry(settings, options.maxSessions, persistence);
  if (starting) sessions.default.holdOnly(starting);
  // One bucket per live session at most, and the default one.
  const coverage = new CoverageBook(options.maxSessions + 1);
  const facts = { version: PACKAGE_VERSION, validateResponses: options.validateResponses };
  const adminOrigins = new Set(options.adminOrigins);
  const access = { token: options.adminToken, enabled: options.adminApi, callers: { origins: adminOrigins, hosts: new Set(options.adminHosts) } };
  const readiness = new Readiness();
  const metrics = options.metrics
    ? new CallMetrics({
        sessions: () => sessions.size + 1,
        journalEntries: () => settings.journalBudget.entries,
        journalBytes: () => settings.journalBudget.used,
        storeWriteFailures: () => sessions.default.store.writeFailures,
      })
    : undefined;
  const admin = compilePack(adminPack(apis, adminSpec, facts, access, { faultBytes: options.faultBytes }, coverage, { readiness, metrics }, known), options, adminDocument);
  const recorder = recorderFor(options);
  const routers = [admin.mount(sessions, coverage, networkGate, metrics), ...vendors.map((v) => v.mount(sessions, coverage, networkGate, metrics, recorder))];
  const allowCors = cors({ adminOrigins, credentialHeaders: credentials });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const logRequest = requestLog(options.logLevel);
  // The steps every request takes, in one layer: each Express layer is a cost per request.
  // A request takes its place in its session's line here, as soon as its headers are read.
  app.use((req, res, next) => {
    stampRequestId(res);
    readiness.arrive(res);
    networkGate.admit(req, res);
    logRequest(req, res);
    for (const router of routers) if (router.arrive(req, res)) break;
    allowCors(req, res, next);
  });
  const readsItself = new Set(vendors.filter((v) => v.readsBodies).map((v) => v.api.name));
  app.use(requestBody(options.bodyLimit, (res) => readsItself.has(exchangeOf(res).arrival?.api ?? '')));
  // The docs page lists the vendors by name, the admin API last.
  const byName = [...vendors].sort((a, b) => a.api.name.localeCompare(b.api.name));
  const documents = [...byName.map((v) => ({ name: v.api.name, doc: v.spec.doc, controlled: v.controlled })), { name: 'admin', doc: adminSpec.doc, controlled: false }];
  const docs = docsRouter(documents);
  // Express matches paths regardless of case; the docs' router is only entered for its own.
  app.use((req, res, next) => (DOCS_PATH.test(req.path) ? docs(req, res, next) : next()));
  // The console calls the admin API: with that off, the console is off too.
  if (options.adminApi) {
    const qaConsole = consoleRouter();
    app.use((req, res, next) => (CONSOLE_PATH.test(req.path) ? qaConsole(req, res, next) : next()));
  }
  for (const router of routers) app.use(router.handle);
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
  const apply = async (scenario: string | Scenario, { session = DEFAULT_SESSION }: { session?: string } = {}) => applyInTurn(sessions.forHeader(session), known.resolve(scenario));
  return { app, documents, sessions, store: sessions.default.store, coverage: (session = DEFAULT_SESSION) => coverage.report(apis, session), readiness, apply };
}

/** The Express app, ready for supertest. */
export function createApp(overrides: Partial<MockOptions> = {}, parts: AppParts = {}): Express {
  return buildApp(overrides, parts).app;
}
