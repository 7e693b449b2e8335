import { MockError } from '../../core/errors';

/**
 * The console's failures, one per branch of `custom_exception_handler`
 * (console/views/base.py:567-689, v6.9.8): which branch an exception takes decides the body.
 */
export type ConsoleShape =
  /** DRF's ValidationError (base.py:599-606): `detail` 参数错误, `err`, code 20400. */
  | { kind: 'validation'; err: Record<string, unknown> }
  /** Any other DRF APIException (base.py:607-628): detail, code, msg, msg_show, error_type, error_trace. */
  | { kind: 'api'; status: number; errorType: string; detail: string; trace: string }
  /** ServiceHandleException (base.py:580-581): console/utils/response.py's MessageResponse. */
  | { kind: 'service'; status: number; msg: string; msgShow: string }
  /** Anything else (base.py:675-689): 500, code 10401, the traceback twice and error_details. */
  | { kind: 'unhandled'; errorType: string; module: string; message: string; trace: string }
  /** A view's own `Response({"msg": ...}, status)`. */
  | { kind: 'fail'; status: number; msg: string }
  /** Django's page for a path no URL pattern takes (django/views/defaults.py, DEBUG off). */
  | { kind: 'no-route' };

/** The status of the branches that do not carry their own. */
const FIXED_STATUS = { validation: 400, unhandled: 500, 'no-route': 404 } as const;

export class ConsoleError extends MockError {
  constructor(readonly shape: ConsoleShape) {
    const status = 'status' in shape ? shape.status : FIXED_STATUS[shape.kind];
    const message = 'msg' in shape ? shape.msg : 'detail' in shape ? shape.detail : 'message' in shape ? shape.message : shape.kind;
    // A request's field errors are also the core's details (the proxy lists them as violations).
    super(status, undefined, message, shape.kind === 'validation' ? fieldMessages(shape.err) : {});
  }
}

function fieldMessages(err: Record<string, unknown>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(err).filter(([, m]) => Array.isArray(m) && m.every((x) => typeof x === 'string'))) as Record<string, string[]>;
}

/** Where the console's image keeps its code and its libraries (its Dockerfile's /app/ui and venv). */
const CONSOLE = '/app/ui';
const LIBS = '/app/ui/py_venv/lib/python3.11/site-packages';

/** One frame of a Python 3.11 traceback: file, line, function, the line's code, and its caret line if Python draws one. */
export type Frame = readonly [file: string, line: number, fn: string, code: string, caret?: string];

export const drf = (file: string) => `${LIBS}/rest_framework/${file}`;
export const django = (file: string) => `${LIBS}/django/${file}`;
export const consoleFile = (file: string) => `${CONSOLE}/${file}`;

/** Python 3.11's carets under the part of a line that raised. */
export const under = (code: string, expr: string) => `${' '.repeat(4 + code.indexOf(expr))}${'^'.repeat(expr.length)}`;

/** `traceback.format_exc()` for these frames and the exception's last line. */
export function traceback(frames: readonly Frame[], last: string): string {
  const lines = ['Traceback (most recent call last):'];
  for (const [file, line, fn, code, caret] of frames) {
    lines.push(`  File "${file}", line ${line}, in ${fn}`, `    ${code}`);
    if (caret) lines.push(caret);
  }
  lines.push(last);
  return `${lines.join('\n')}\n`;
}

/** DRF's `dispatch` calling the view's handler (rest_framework/views.py:512, 3.16.0). */
export const HANDLER_CALL: Frame = [drf('views.py'), 512, 'dispatch', 'response = handler(request, *args, **kwargs)', `               ${'^'.repeat(33)}`];

/** A DRF APIException as the console's handler shows it: its status, class, detail, and the frames that raised it. */
export function apiException(status: number, errorType: string, detail: string, frames: readonly Frame[]): ConsoleError {
  return new ConsoleError({ kind: 'api', status, errorType, detail, trace: traceback(frames, `rest_framework.exceptions.${errorType}: ${detail}`) });
}

/** The mock's own words (its own limits, a misused control), not the console's: never checked against the document. */
export function aboutTheMock(detail: string): MockError {
  const error = new MockError(400, 400, detail);
  error.aboutTheMock = true;
  return error;
}
