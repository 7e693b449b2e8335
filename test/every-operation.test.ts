import request from 'supertest';
import { asAnswered, clone, documentedExamples, sharedMock, kmsDoc, rainbondDoc } from './helpers';
import { OPERATIONS } from './operations';

const shared = sharedMock();

const checker = (api: string) => (api === 'rainbond' ? rainbondDoc : kmsDoc);

describe.each(OPERATIONS.map((op) => [op.operationId, op] as const))('%s', (_id, op) => {
  let examples: Map<number, unknown>;
  beforeAll(async () => {
    examples = await documentedExamples(op.file, op.path, op.method);
  });

  it('succeeds on the built-in fixtures, with an answer its document allows', async () => {
    const res = await op.call(shared.app);
    checker(op.api).expectAnswer(op.path, op.method, res);
    expect(res.status).toBeLessThan(300);
  });

  it('answers every status it documents through Prefer, changing nothing', async () => {
    for (const [status, example] of examples) {
      const before = clone(shared.store.data);
      const res = await op.call(shared.app).set('Prefer', `code=${status}`);
      checker(op.api).expectAnswer(op.path, op.method, res, status);
      if (status >= 300) expect(res.body).toEqual(asAnswered(example, res));
      expect(shared.store.data).toEqual(before);
    }
  });

  it('answers every status it documents through a fault, changing nothing', async () => {
    for (const [status, example] of examples) {
      await shared.sessions.default.reset();
      const added = await request(shared.app).post('/__admin/faults').send({ api: op.api, operationId: op.operationId, status, times: 1 });
      expect(added.status).toBe(201);
      const before = clone(shared.store.data);
      const res = await op.call(shared.app);
      checker(op.api).expectAnswer(op.path, op.method, res, status);
      if (status >= 300) expect(res.body).toEqual(asAnswered(example, res));
      expect(shared.store.data).toEqual(before);
    }
  });

  it.each([500, 502, 504])('answers %i from the fixtures for the failing token, changing nothing', async (status) => {
    const token = op.api === 'rainbond' ? `rbd-fail-${status}-token` : `kms-fail-${status}-token`;
    const before = clone(shared.store.data);
    const res = await op.call(shared.app, token);
    checker(op.api).expectAnswer(op.path, op.method, res, status);
    expect(res.body).toEqual(asAnswered(examples.get(status), res));
    expect(shared.store.data).toEqual(before);
    const entry = shared.sessions.default.journal.find().at(-1);
    expect(entry).toMatchObject({ operationId: op.operationId, status, forced: 'fixture' });
  });

  it('answers 401 without credentials', async () => {
    const res = await request(shared.app)[op.method](op.url);
    checker(op.api).expectAnswer(op.path, op.method, res, 401);
  });
});

describe.each(OPERATIONS.filter((op) => op.api === 'kms').map((op) => [op.operationId, op] as const))('KMS %s', (_id, op) => {
  it('answers 403 to KMS tokens that are expired or of another project, and to read-only tokens that write', async () => {
    for (const [token, code] of [['kms-expired-token', 'KMS.0303'], ['kms-staging-token', 'KMS.0321']]) {
      const res = await op.call(shared.app, token);
      kmsDoc.expectAnswer(op.path, op.method, res, 403);
      expect(res.body.error.error_code).toBe(code);
    }
    const readonly = await op.call(shared.app, 'kms-readonly-token');
    const writes = op.method === 'put' || op.operationId === 'replicateKey';
    kmsDoc.expectAnswer(op.path, op.method, readonly, writes ? 403 : 200);
  });
});
