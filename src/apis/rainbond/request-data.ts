import type { IncomingHttpHeaders } from 'node:http';
import { MAX_DEPTH } from '../../core/pipeline/body';
import { aboutTheMock, apiException, ConsoleError, HANDLER_CALL, consoleFile, drf, traceback, under, type Frame } from './console-error';
import { formBody, multipartBody, MultipartError, QueryDict, TooMany } from './form-data';
import { DRF } from './messages';
import { pythonDecode } from './python-codecs';
import { parsePythonJson, PyJsonError, TooDeep } from './python-json';

/**
 * `request.data` as Django REST framework builds it for the console (rest_framework/request.py
 * `_parse`, 3.16.0), with the default parsers the console keeps (goodrain_web/settings.py sets
 * no DEFAULT_PARSER_CLASSES): JSON, form-encoded and multipart.
 */

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
const PARSE = 'parsed = parser.parse(stream, media_type, self.parser_context)';

/** Frames from the view down to where DRF hands the body to a parser. */
function readingFrames(view: DataReader, last: Frame): Frame[] {
  const [line, fn, code, caret] = view;
  return [
    HANDLER_CALL,
    [consoleFile('openapi/v2/views/region_view.py'), line, fn, code, caret],
    [drf('request.py'), 221, 'data', 'self._load_data_and_files()'],
    [drf('request.py'), 284, '_load_data_and_files', LOAD, under(LOAD, 'self._parse()')],
    last,
  ];
}

const PARSING: Frame = [drf('request.py'), 359, '_parse', PARSE, under(PARSE, 'parser.parse(stream, media_type, self.parser_context)')];

/** A ParseError raised while handling the parser's own exception: Python prints both tracebacks. */
function parseError(view: DataReader, detail: string, cause: { frame: Frame; last: string; raising: Frame }): ConsoleError {
  const first = traceback([cause.frame], cause.last);
  const second = traceback([...readingFrames(view, PARSING), cause.raising], `rest_framework.exceptions.ParseError: ${detail}`);
  const trace = `${first}\nDuring handling of the above exception, another exception occurred:\n\n${second}`;
  return new ConsoleError({ kind: 'api', status: 400, errorType: 'ParseError', detail, trace });
}

function jsonParseError(view: DataReader, err: PyJsonError): ConsoleError {
  const valueError = /^(Out of range|Exceeds the limit|'.*' codec)/.test(err.message);
  return parseError(view, `JSON parse error - ${err.message}`, {
    frame: [drf('parsers.py'), 66, 'parse', 'return json.load(decoded_stream, parse_constant=parse_constant)'],
    last: `${valueError ? 'ValueError' : 'json.decoder.JSONDecodeError'}: ${err.message}`,
    raising: [drf('parsers.py'), 68, 'parse', "raise ParseError('JSON parse error - %s' % str(exc))"],
  });
}

function multipartParseError(view: DataReader, err: MultipartError): ConsoleError {
  return parseError(view, `Multipart form parse error - ${err.message}`, {
    frame: [drf('parsers.py'), 110, 'parse', 'data, files = parser.parse()'],
    last: `django.http.multipartparser.MultiPartParserError: ${err.message}`,
    raising: [drf('parsers.py'), 113, 'parse', "raise ParseError('Multipart form parse error - %s' % str(exc))"],
  });
}

/** Django's SuspiciousOperation for too many parts: not an APIException, so the console's handler answers a 500. */
function tooMany(view: DataReader, err: TooMany): ConsoleError {
  const frames = readingFrames(view, PARSING);
  return new ConsoleError({ kind: 'unhandled', errorType: err.kind, module: 'django.core.exceptions', message: err.message, trace: traceback(frames, `django.core.exceptions.${err.kind}: ${err.message}`) });
}

function unsupported(view: DataReader, contentType: string): ConsoleError {
  const detail = DRF.unsupportedMediaType(contentType);
  const frames = readingFrames(view, [drf('request.py'), 356, '_parse', 'raise exceptions.UnsupportedMediaType(media_type)']);
  return apiException(415, 'UnsupportedMediaType', detail, frames);
}

async function parse(parser: string, bytes: Buffer, headers: IncomingHttpHeaders, charset: string | undefined): Promise<unknown> {
  if (parser === MULTIPART_TYPE) return multipartBody(bytes, headers);
  if (parser === FORM_TYPE) return formBody(bytes, charset);
  return parsePythonJson(pythonDecode(bytes, charset), MAX_DEPTH);
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
  if (!parser) throw unsupported(view, contentType);
  try {
    return await parse(parser, bytes, headers, charset);
  } catch (err) {
    if (err instanceof PyJsonError) throw jsonParseError(view, err);
    if (err instanceof MultipartError) throw multipartParseError(view, err);
    if (err instanceof TooMany) throw tooMany(view, err);
    if (err instanceof TooDeep) {
      // The mock's own limit (its journal and checks walk bodies recursively), in its own words.
      throw aboutTheMock(`regionmock: ${err.message}`);
    }
    throw err;
  }
}
