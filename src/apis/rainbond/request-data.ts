import busboy from 'busboy';
import type { IncomingHttpHeaders } from 'node:http';
import { ConsoleError, HANDLER_CALL, consoleFile, drf, traceback, under, type Frame } from './console-error';
import { DRF } from './messages';
import { parsePythonJson, PyJsonError } from './python-json';

/**
 * `request.data` as Django REST framework builds it for the console (rest_framework/request.py
 * `_parse`, 3.16.0), with the default parsers the console keeps (goodrain_web/settings.py sets
 * no DEFAULT_PARSER_CLASSES): JSON, form-encoded and multipart.
 */

/** A form or multipart body: Django's QueryDict, of which a field reads the last value. */
export class QueryDict {
  constructor(readonly values: Map<string, string | UploadedFile>) {}
}

/** A multipart file part: in `request.data` too, and never a valid string. */
export class UploadedFile {}

const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';
const MULTIPART_TYPE = 'multipart/form-data';
const PARSERS = [JSON_TYPE, FORM_TYPE, MULTIPART_TYPE];

/** The view's line that first reads `request.data` (openapi/v2/views/region_view.py). */
export type DataReader = readonly [line: number, fn: string, code: string, caret: string];

function mediaType(contentType: string): { type: string; charset: string | undefined } {
  const [type, ...params] = contentType.split(';');
  const charset = params.map((p) => /^\s*charset\s*=\s*"?([^";]+)"?\s*$/i.exec(p)?.[1]).find(Boolean);
  return { type: type.trim().toLowerCase(), charset };
}

/** DRF's media_type_matches: the request's type may be a wildcard (any type at all is read as JSON). */
function parserFor(type: string): string | undefined {
  const [main, sub] = type.split('/');
  return PARSERS.find((p) => {
    const [pMain, pSub] = p.split('/');
    return (main === '*' || main === pMain) && (sub === '*' || sub === pSub);
  });
}

const LOAD = 'self._data, self._files = self._parse()';

/** Frames from the view down to where DRF reads the body. */
function readingFrames(view: DataReader): Frame[] {
  const [line, fn, code, caret] = view;
  return [
    HANDLER_CALL,
    [consoleFile('openapi/v2/views/region_view.py'), line, fn, code, caret],
    [drf('request.py'), 221, 'data', 'self._load_data_and_files()'],
    [drf('request.py'), 284, '_load_data_and_files', LOAD, under(LOAD, 'self._parse()')],
  ];
}

function parseError(view: DataReader, detail: string, cause: string): ConsoleError {
  const first = traceback([[drf('parsers.py'), 66, 'parse', 'return json.load(decoded_stream, parse_constant=parse_constant)']], cause);
  const second = traceback(
    [...readingFrames(view), [drf('request.py'), 359, '_parse', 'parsed = parser.parse(stream, media_type, self.parser_context)'], [drf('parsers.py'), 68, 'parse', "raise ParseError('JSON parse error - %s' % str(exc))"]],
    `rest_framework.exceptions.ParseError: ${detail}`,
  );
  const trace = `${first}\nDuring handling of the above exception, another exception occurred:\n\n${second}`;
  return new ConsoleError({ kind: 'api', status: 400, errorType: 'ParseError', detail, trace });
}

/** The second byte's range for each UTF-8 lead byte that allows a narrower one (Unicode table 3-7). */
const SECOND: Record<number, [number, number]> = { 0xe0: [0xa0, 0xbf], 0xed: [0x80, 0x9f], 0xf0: [0x90, 0xbf], 0xf4: [0x80, 0x8f] };

/**
 * Python's UTF-8 reading through a codecs StreamReader: the first bad byte is named as its
 * UnicodeDecodeError names it; an incomplete sequence at the very end waits for more bytes
 * that never come, so it is dropped without a word.
 */
function decodeUtf8(bytes: Buffer): string {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i];
    const size = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    const bad = (why: string) => new PyJsonError(`'utf-8' codec can't decode byte 0x${lead.toString(16).padStart(2, '0')} in position ${i}: ${why}`);
    if (size === 0) throw bad('invalid start byte');
    for (let k = 1; k < size; k++) {
      if (i + k >= bytes.length) return bytes.subarray(0, i).toString('utf8');
      const [low, high] = k === 1 ? (SECOND[lead] ?? [0x80, 0xbf]) : [0x80, 0xbf];
      if (bytes[i + k] < low || bytes[i + k] > high) throw bad('invalid continuation byte');
    }
    i += size;
  }
  return bytes.toString('utf8');
}

/** The body's text in its charset; Django falls back on its DEFAULT_CHARSET (utf8) for one Python does not know. */
function decode(bytes: Buffer, charset: string | undefined): string {
  let label = 'utf-8';
  try {
    if (charset) label = new TextDecoder(charset).encoding;
  } catch {
    label = 'utf-8';
  }
  return label === 'utf-8' ? decodeUtf8(bytes) : new TextDecoder(label).decode(bytes);
}

async function multipart(bytes: Buffer, headers: IncomingHttpHeaders, view: DataReader): Promise<QueryDict> {
  const values = new Map<string, string | UploadedFile>();
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: headers as busboy.BusboyConfig["headers"], defParamCharset: 'utf8' });
  } catch {
    throw parseError(view, 'Multipart form parse error - Invalid boundary in multipart: None', 'ValueError: Invalid boundary in multipart: None');
  }
  await new Promise<void>((resolve, reject) => {
    parser.on('field', (name, value) => values.set(name, value));
    parser.on('file', (name, stream) => {
      values.set(name, new UploadedFile());
      stream.resume();
    });
    parser.on('close', resolve);
    parser.on('error', (err: Error) => reject(parseError(view, `Multipart form parse error - ${err.message}`, `ValueError: ${err.message}`)));
    parser.end(bytes);
  });
  return new QueryDict(values);
}

/**
 * What the view's `request.data` is: a dict for no body (Content-Length missing or 0, whatever
 * the type), the parsed JSON, or a QueryDict; 415 for a type no parser takes, ParseError for a
 * body its parser refuses.
 */
export async function requestData(bytes: Buffer | undefined, headers: IncomingHttpHeaders, view: DataReader): Promise<unknown> {
  const contentType = headers['content-type'] ?? '';
  const { type, charset } = mediaType(contentType);
  // gevent's WSGI server sets CONTENT_LENGTH only from the header: a chunked body is not read.
  const length = Number.parseInt(String(headers['content-length'] ?? '0'), 10) || 0;
  if (bytes === undefined || length === 0) return type === FORM_TYPE || type === MULTIPART_TYPE ? new QueryDict(new Map()) : {};
  const parser = parserFor(type);
  if (!parser) {
    const detail = DRF.unsupportedMediaType(contentType);
    const frames = [...readingFrames(view), [drf('request.py'), 356, '_parse', 'raise exceptions.UnsupportedMediaType(media_type)'] as const];
    return Promise.reject(new ConsoleError({ kind: 'api', status: 415, errorType: 'UnsupportedMediaType', detail, trace: traceback(frames, `rest_framework.exceptions.UnsupportedMediaType: ${detail}`) }));
  }
  if (parser === MULTIPART_TYPE) return multipart(bytes, headers, view);
  if (parser === FORM_TYPE) return new QueryDict(new Map(new URLSearchParams(bytes.toString('utf8'))));
  try {
    return parsePythonJson(decode(bytes, charset));
  } catch (err) {
    if (!(err instanceof PyJsonError)) throw err;
    const cause = /^(Out of range|'.*' codec)/.test(err.message) ? `ValueError: ${err.message}` : `json.decoder.JSONDecodeError: ${err.message}`;
    throw parseError(view, `JSON parse error - ${err.message}`, cause);
  }
}
