import { join } from 'node:path';
import { checkPackState, RecordError } from '../../src/core/state/fixtures';
import { OperationTable } from '../../src/core/documents/operations';
import { SpecDocument } from '../../src/core/documents/spec';
import { toyPack } from '../toy-vendor/pack';

const spec = new SpecDocument(join(__dirname, '..', 'toy-vendor', 'toy.openapi.yaml'));
const operations = new OperationTable(spec);
const pack = toyPack();
const check = (state: unknown) => () => checkPackState(state, pack, spec, operations);
const keys = [{ key: 'k' }];

describe('the checks of a pack\'s records', () => {
  it('take records that their schemas allow, and a marker for a documented error status', () => {
    const state = { widgets: [{ widget_id: 'w-1', name: 'a', 'x-mock-status': 500 }], keys };
    expect(check(state)()).toEqual(state);
  });

  it.each([
    ['a collection that is not a list', { widgets: {}, keys }, /Bad state toy.widgets, the collection: must be a list of records/],
    ['a record its schema refuses', { widgets: [{ widget_id: 'w-1' }], keys }, /record 1 \(widget_id "w-1"\): field \/name is required \(schema Widget\)/],
    ['a repeated key', { widgets: [{ widget_id: 'w-1', name: 'a' }, { widget_id: 'w-1', name: 'b' }], keys }, /record 2 .*repeats an earlier record/],
    ['a marker for a status no operation documents', { widgets: [{ widget_id: 'w-1', name: 'a', 'x-mock-status': 418 }], keys }, /x-mock-status must be an error status the document lists: 401, 404, 500, 400/],
  ])('refuse %s, naming the collection, the record and the field', (_what, state, message) => {
    expect(check(state)).toThrow(RecordError);
    expect(check(state)).toThrow(message);
  });

  it('name a record whose key is a secret by its place only', () => {
    expect(check({ widgets: [], keys: [{ key: 'secret-value', extra: 1 }] })).toThrow(/Bad state toy.keys, record 1: /);
    expect(check({ widgets: [], keys: [{ key: 'secret-value', extra: 1 }] })).not.toThrow(/secret-value/);
  });
});
