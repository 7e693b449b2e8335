import { MockError, type FieldIssue, type Problem } from '../../core/errors';
import type { Envelope } from '../../core/respond/pack';
import { aboutTheMock, apiException, ConsoleError, traceback, type ConsoleShape } from './console-error';
import { methodNotAllowed } from './failures';
import { CONSOLE, DRF } from './messages';
import { viewHeaders } from './routes';

/** Django's page for a URL no pattern takes, DEBUG off (django/views/defaults.py ERROR_PAGE_TEMPLATE), 179 bytes. */
const NOT_FOUND_PAGE =
  '\n<!doctype html>\n<html lang="en">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n';
/** The console's DEFAULT_CHARSET is spelled `utf8` (goodrain_web/settings.py), and Django writes it so. */
const HTML = 'text/html; charset=utf8';

/** A finding of the document's validator once the console's serializer has passed a body: said in DRF's words. */
function drfMessage(issue: FieldIssue): string {
  if (issue.keyword === 'required') return DRF.required;
  if (issue.keyword === 'maxLength') return DRF.maxLength(Number(issue.params.limit));
  if (issue.keyword === 'type') return issue.value === null ? DRF.null : DRF.invalidString;
  return issue.message;
}

/** Rainbond's bodies, as `custom_exception_handler` (console/views/base.py:567-689) builds each. */
function body(shape: ConsoleShape, documented: boolean): { body: unknown; headers?: Record<string, string>; contentType?: string } {
  switch (shape.kind) {
    case 'validation': {
      const console = { detail: CONSOLE.validationDetail, err: shape.err, code: 20400, error_type: 'ValidationError' };
      // The documents' Fail requires a msg, which the console leaves out here: the documented contract keeps it.
      return { body: documented ? { ...console, msg: CONSOLE.validationDetail } : console };
    }
    case 'api': {
      const { detail, status } = shape;
      const reply = { detail, code: status, msg: detail, msg_show: detail, error_type: shape.errorType, error_trace: shape.trace };
      return { body: reply, headers: status === 401 ? { 'WWW-Authenticate': 'Token' } : undefined };
    }
    case 'service':
      return { body: { code: shape.status, msg: shape.msg, msg_show: shape.msgShow, data: { bean: {}, list: [] } } };
    case 'unhandled': {
      const { message, trace } = shape;
      const details = { args: [message], message, module: shape.module };
      return { body: { code: 10401, msg: message, msg_show: trace, error_type: shape.errorType, error_trace: trace, error_details: details } };
    }
    case 'fail':
      return { body: { msg: shape.msg } };
    case 'no-route':
      // XFrameOptionsMiddleware marks Django's own pages too.
      return { body: NOT_FOUND_PAGE, contentType: HTML, headers: { 'X-Frame-Options': 'DENY' } };
  }
}

/** Rainbond's envelope: the console's own answers, and where the documented contract asks for more (`documented`). */
export function rainbondEnvelope(documented: boolean): Envelope {
  return {
    // DRF's JSONRenderer has no charset (rest_framework/renderers.py).
    jsonContentType: 'application/json',
    fromProblem(problem: Problem): MockError {
      switch (problem.kind) {
        case 'no-route':
          return new ConsoleError({ kind: 'no-route' });
        case 'no-method': {
          // The view's Allow (with OPTIONS); its Vary and X-Frame-Options are on the answer already.
          const error = methodNotAllowed(problem.method);
          error.headers = { Allow: viewHeaders(problem.path).Allow };
          return error;
        }
        case 'body-too-large': {
          // The console sets no limit on a JSON body: this one is the mock's own, said in its own words.
          return aboutTheMock(`regionmock: the body is larger than ${problem.limit} bytes (BODY_LIMIT)`);
        }
        case 'malformed-body':
        case 'unsupported-media-type': {
          const detail = DRF.unsupportedMediaType(problem.kind === 'malformed-body' ? problem.detail : problem.contentType);
          return apiException(415, 'UnsupportedMediaType', detail, []);
        }
        case 'invalid': {
          const err: Record<string, string[]> = {};
          for (const issue of problem.issues) (err[issue.field || 'non_field_errors'] ??= []).push(drfMessage(issue));
          return new ConsoleError({ kind: 'validation', err });
        }
        case 'internal':
          // `msg` names the mock's own fault for the developer (the core logs it too); the trace is the console's form, never the mock's code.
          return new ConsoleError({ kind: 'unhandled', errorType: 'MockFailure', module: 'regionmock', message: problem.detail, trace: traceback([], 'regionmock.MockFailure') });
        case 'mock-usage':
          return new MockError(400, 400, problem.detail);
      }
    },

    render(error: MockError) {
      if (error instanceof ConsoleError) return body(error.shape, documented);
      // The read-only token's 403, the mock's addition.
      if (error.status === 403) {
        return { body: { detail: error.message, code: 403, msg: error.message, msg_show: '您没有执行该操作的权限', error_type: 'PermissionDenied' } };
      }
      // The mock's own words (a misused Prefer, its body limit), in the envelope a client of the console already reads.
      const detail = error.message;
      return body({ kind: 'api', status: error.status, errorType: 'MockUsage', detail, trace: traceback([], `regionmock.MockUsage: ${detail}`) }, documented);
    },
  };
}
