import busboy from 'busboy';
import type { IncomingHttpHeaders } from 'node:http';
import { pythonDecode, pythonDecodeLoosely } from './python-codecs';

/**
 * Form-encoded and multipart bodies as Django reads them for DRF's FormParser and
 * MultiPartParser (django/http/request.py QueryDict, django/http/multipartparser.py).
 */

/** A form or multipart body: Django's QueryDict, of which a field reads the last value. */
export class QueryDict {
  constructor(readonly values: Map<string, string | UploadedFile>) {}
}

/** A multipart file part: in `request.data` too, and never a valid string. */
export class UploadedFile {}

/** Django's DATA_UPLOAD_MAX_NUMBER_FIELDS and DATA_UPLOAD_MAX_NUMBER_FILES, which the console keeps at their defaults. */
const MAX_FIELDS = 1000;
const MAX_FILES = 100;

/** Django's refusals of too many parts: SuspiciousOperations, which reach the console's handler as unhandled errors. */
export class TooMany extends Error {
  constructor(readonly kind: 'TooManyFieldsSent' | 'TooManyFilesSent') {
    super(kind === 'TooManyFieldsSent' ? 'The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS.' : 'The number of files exceeded settings.DATA_UPLOAD_MAX_NUMBER_FILES.');
  }
}

/** A multipart body Django's parser refuses: its message, which DRF wraps in a ParseError. */
export class MultipartError extends Error {}

/** Percent-decoding of one form name or value (urllib.parse.unquote): `+` is a space, each run of %XX is read in the charset, what does not decode is replaced. */
function unquote(part: string, charset: string | undefined): string {
  return part.replace(/\+/g, ' ').replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => pythonDecodeLoosely(Buffer.from(run.replace(/%/g, ''), 'hex'), charset));
}

/** QueryDict(body, encoding): Python's parse_qsl with blank values kept, `&` only, at most 1,000 fields. */
export function formBody(bytes: Buffer, charset: string | undefined): QueryDict {
  let text: string;
  try {
    text = pythonDecode(bytes, charset);
  } catch {
    // "some user agents are misbehaving" (django/http/request.py): read as iso-8859-1.
    text = bytes.toString('latin1');
  }
  const pieces = text === '' ? [] : text.split('&');
  if (pieces.length > MAX_FIELDS) throw new TooMany('TooManyFieldsSent');
  const values = new Map<string, string | UploadedFile>();
  for (const piece of pieces) {
    if (piece === '') continue;
    const at = piece.indexOf('=');
    values.set(unquote(at < 0 ? piece : piece.slice(0, at), charset), at < 0 ? '' : unquote(piece.slice(at + 1), charset));
  }
  return new QueryDict(values);
}

/** Django reads a body that ends without its closing boundary up to its end; busboy wants the boundary, so it is added. */
function closed(bytes: Buffer, headers: IncomingHttpHeaders): Buffer {
  const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  if (!boundary || bytes.includes(`--${boundary}--`)) return bytes;
  const end = bytes.subarray(-2).toString('latin1') === '\r\n' ? '' : '\r\n';
  return Buffer.concat([bytes, Buffer.from(`${end}--${boundary}--\r\n`, 'latin1')]);
}

/** Django's MultiPartParser: a part without a filename is a field; files then replace fields of their name (request.data). */
export async function multipartBody(bytes: Buffer, headers: IncomingHttpHeaders): Promise<QueryDict> {
  const fields = new Map<string, string | UploadedFile>();
  const files = new Map<string, UploadedFile>();
  let parser: busboy.Busboy;
  try {
    // The body limit bounds the whole body already: a field is as long as the body lets it be.
    parser = busboy({ headers: headers as busboy.BusboyConfig['headers'], defParamCharset: 'utf8', limits: { fieldSize: Infinity } });
  } catch {
    throw new MultipartError('Invalid boundary in multipart: None');
  }
  let counted = 0;
  await new Promise<void>((resolve, reject) => {
    const count = (kind: 'field' | 'file') => {
      if (kind === 'field' && ++counted > MAX_FIELDS + 2) reject(new TooMany('TooManyFieldsSent'));
      if (kind === 'file' && files.size >= MAX_FILES) reject(new TooMany('TooManyFilesSent'));
    };
    parser.on('field', (name, value) => {
      count('field');
      fields.set(name, value);
    });
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      if (info.filename === undefined) {
        count('field');
        stream.on('end', () => fields.set(name, Buffer.concat(chunks).toString('utf8')));
      } else {
        count('file');
        files.set(name, new UploadedFile());
      }
    });
    parser.on('close', resolve);
    parser.on('error', (err: Error) => reject(new MultipartError(err.message)));
    parser.end(closed(bytes, headers));
  });
  for (const [name, file] of files) fields.set(name, file);
  return new QueryDict(fields);
}
