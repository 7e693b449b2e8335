import { join } from 'node:path';
import { MASK, maskHeaders, scrubbed, SecretFields, secretFieldsOf } from '../../src/core/documents/secrets';
import { SpecDocument } from '../../src/core/documents/spec';

const SPEC = join(__dirname, '..', '..', 'spec');
const rainbond = secretFieldsOf(new SpecDocument(join(SPEC, 'rainbond.openapi.yaml')));
const kms = secretFieldsOf(new SpecDocument(join(SPEC, 'kms.openapi.yaml')));
const fields = new SecretFields(['token', 'key_file']);

describe('secret fields read from the documents', () => {
  it('are the fields each document marks x-secret, through $refs', () => {
    expect([...rainbond.names].sort()).toEqual(['cert_file', 'key_file', 'ssl_ca_cert', 'token']);
    expect([...kms.names].sort()).toEqual(['sk', 'token']);
  });

  it('are read once per document', () => {
    const spec = new SpecDocument(join(SPEC, 'kms.openapi.yaml'));
    expect(secretFieldsOf(spec)).toBe(secretFieldsOf(spec));
  });
});

describe('masking a body', () => {
  it('masks a marked field anywhere, keeping each value\'s JSON type, and leaves the rest as it was', () => {
    const body = { region_name: 'bj', token: 'abcd', nested: [{ key_file: 'PEM' }, { key_file: null }, { key_file: '' }], count: 2 };
    const seen: string[] = [];
    expect(fields.maskValue(body, seen)).toEqual({ region_name: 'bj', token: MASK, nested: [{ key_file: MASK }, { key_file: null }, { key_file: '' }], count: 2 });
    expect(seen).toEqual(['abcd', 'PEM']);
    // The value given is never changed.
    expect(body.token).toBe('abcd');
  });

  it('keeps numbers numbers, booleans booleans, and the shape of arrays and objects under a marked name', () => {
    expect(fields.maskValue({ token: { a: 7, b: true, c: ['x', ''] } })).toEqual({ token: { a: 0, b: false, c: [MASK, ''] } });
  });

  it('returns the same value when nothing is marked in it', () => {
    const body = { region_name: 'bj', list: [{ url: 'u' }] };
    expect(fields.maskValue(body)).toBe(body);
    expect(fields.maskText('{"region_name":"bj"}')).toEqual({ text: '{"region_name":"bj"}', found: [] });
  });

  it('masks JSON text, form-encoded text and multipart parts', () => {
    expect(JSON.parse(fields.maskText('{"token":"s3cr3t","a":1}').text)).toEqual({ token: MASK, a: 1 });
    expect(fields.maskText('a=1&token=s3cr3t&key_file=', 'application/x-www-form-urlencoded').text).toBe('a=1&token=***&key_file=');
    const multipart = '--b\r\nContent-Disposition: form-data; name="token"\r\n\r\ns3cr3t\r\n--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--b--\r\n';
    const masked = fields.maskText(multipart, 'multipart/form-data; boundary=b');
    expect(masked.text).not.toContain('s3cr3t');
    expect(masked.text).toContain('name="a"\r\n\r\n1\r\n');
    expect(masked.found).toEqual(['s3cr3t']);
  });

  it('masks names spelt with escapes, and text that is not JSON as a whole (cut short, or malformed)', () => {
    expect(fields.maskText('{"tok\\u0065n":"s3cr3t"}').text).not.toContain('s3cr3t');
    expect(fields.maskText('{"token": "s3cr3t", "a": NaN}').text).toBe('{"token": "***", "a": NaN}');
    expect(fields.maskText('{"a":1,"token":"s3cr').text).toBe('{"a":1,"token":"***"');
    expect(fields.maskText('tok%65n=s3cr3t', 'application/x-www-form-urlencoded').text).toBe('token=***');
  });

  it('takes found secrets out of a message, and masks credential headers', () => {
    expect(scrubbed('expected X, got "s3cr3t"', ['s3cr3t'])).toBe('expected X, got "***"');
    expect(maskHeaders({ authorization: 'real', accept: 'a', 'x-list': ['1', '2'] }, new Set(['authorization']))).toEqual({ authorization: MASK, accept: 'a', 'x-list': '1, 2' });
  });
});
