import { OperationTable } from '../../src/core/documents/operations';
import { SpecDocument } from '../../src/core/documents/spec';
import { RAINBOND_SPEC } from '../helpers';

const table = new OperationTable(new SpecDocument(RAINBOND_SPEC));

describe('the operation table of a document', () => {
  it('finds an operation and decodes its path parameters', () => {
    const match = table.match('PUT', '/openapi/v2/manage/regions/a%20b');
    expect(match).toMatchObject({ kind: 'operation', operation: { operationId: 'updateRegion', method: 'PUT' }, params: { region_id: 'a b' }, undecodable: [] });
  });

  it('serves HEAD with the GET operation', () => {
    expect(table.match('HEAD', '/openapi/v2/manage/regions')).toMatchObject({ kind: 'operation', operation: { operationId: 'listRegions' } });
  });

  it('names the methods a path takes, HEAD beside GET, and knows unknown paths', () => {
    expect(table.match('PATCH', '/openapi/v2/manage/regions/x')).toEqual({ kind: 'no-method', allowed: ['GET', 'PUT', 'DELETE', 'HEAD'] });
    expect(table.match('GET', '/openapi/v2/nothing')).toEqual({ kind: 'no-route' });
  });

  it('keeps a parameter that is not valid percent-encoding as sent, and says so', () => {
    expect(table.match('GET', '/openapi/v2/manage/regions/%ZZ')).toMatchObject({ params: { region_id: '%ZZ' }, undecodable: ['region_id'] });
  });

  it('compiles every documented status with its example', () => {
    const update = table.byId.get('updateRegion');
    expect([...(update?.responses.keys() ?? [])]).toEqual([200, 400, 401, 403, 404, 415, 500, 502, 504]);
    expect(update?.responses.get(504)?.example).toEqual({ msg: 'Gateway Timeout' });
  });
});
