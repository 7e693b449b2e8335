import { MockError, type FieldIssue, type Problem } from '../../core/errors';
import type { Envelope } from '../../core/pack';

const MSG_MAX = 300;
/** The real console's code for a validation error (REAL-BEHAVIOUR.md). */
const VALIDATION_CODE = 20400;
/** The console's own field validators (openapi/v2/serializer/region_serializer.py) and their words. */
const CONSOLE_VALIDATORS: Record<string, string> = {
  url: '集群API地址非法',
  wsurl: '集群Websocket地址非法',
  status: '集群状态值不正确',
  scope: '集群开放类型不正确',
};

const truncate = (text: string) => (text.length > MSG_MAX ? `${text.slice(0, MSG_MAX - 1)}…` : text) || 'error';

/** A validator finding, in the words Django REST framework uses for the same failure. */
function drfMessage(issue: FieldIssue): string {
  const limit = /(\d+)/.exec(issue.message)?.[1];
  switch (issue.keyword) {
    case 'required':
      return 'This field is required.';
    case 'minLength':
      return 'This field may not be blank.';
    case 'pattern':
      if (CONSOLE_VALIDATORS[issue.field]) return CONSOLE_VALIDATORS[issue.field];
      return typeof issue.value === 'string' && issue.value.trim() === '' ? 'This field may not be blank.' : 'Enter a valid value.';
    case 'maxLength':
      return `Ensure this field has no more than ${limit} characters.`;
    case 'enum':
      return CONSOLE_VALIDATORS[issue.field] ?? `"${String(issue.value)}" is not a valid choice.`;
    case 'type':
      if (issue.value === null) return 'This field may not be null.';
      if (issue.field === '') return `Invalid data. Expected a dictionary, but got ${Array.isArray(issue.value) ? 'list' : typeof issue.value}.`;
      return 'Not a valid string.';
    default:
      return issue.message;
  }
}

function validationError(issues: FieldIssue[]): MockError {
  const err: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = issue.field || 'non_field_errors';
    const message = drfMessage(issue);
    const list = (err[key] ??= []);
    if (!list.includes(message)) list.push(message);
  }
  return new MockError(400, VALIDATION_CODE, `Invalid parameters: ${Object.keys(err).join(', ')}`, err);
}

/** Rainbond's body for each kind of failure: the document's Fail, with the console's extras. */
export const rainbondEnvelope: Envelope = {
  fromProblem(problem: Problem): MockError {
    switch (problem.kind) {
      case 'no-route':
        return new MockError(404, undefined, `Not Found: ${problem.method} ${problem.path}`);
      case 'no-method':
        return new MockError(405, 405, `Method "${problem.method}" not allowed.`);
      case 'malformed-body':
        return new MockError(400, 400, `JSON parse error - ${problem.detail}`);
      case 'body-too-large':
        return new MockError(400, 400, `Request body is larger than ${problem.limit} bytes.`);
      case 'unsupported-media-type':
        return new MockError(400, 400, `Unsupported media type "${problem.contentType}" in request: send application/json.`);
      case 'invalid': {
        // Django resolves the URL before anything else: a region_id its pattern refuses is a 404.
        if (problem.issues.some((i) => i.in === 'path')) {
          return new MockError(404, undefined, problem.operationId === 'getRegion' ? '数据中心不存在' : '修改的数据中心不存在');
        }
        return validationError(problem.issues);
      }
      case 'internal':
        return new MockError(500, 10401, problem.detail);
      case 'mock-usage':
        return new MockError(400, 400, problem.detail);
    }
  },

  render(error: MockError) {
    const msg = truncate(error.message);
    switch (error.status) {
      case 400:
        return error.code === VALIDATION_CODE
          ? { body: { msg, detail: '参数错误', err: error.details, code: VALIDATION_CODE, error_type: 'ValidationError' } }
          : { body: { msg, detail: msg } };
      case 401:
        return {
          body: { detail: msg, code: 401, msg, msg_show: msg, error_type: 'AuthenticationFailed' },
          headers: { 'WWW-Authenticate': 'Token' },
        };
      case 403:
        return { body: { detail: msg, code: 403, msg, msg_show: '您没有执行该操作的权限', error_type: 'PermissionDenied' } };
      case 405:
        return { body: { detail: msg, code: 405, msg, msg_show: msg, error_type: 'MethodNotAllowed' } };
      case 500:
        return { body: { code: 10401, msg, msg_show: '系统异常', error_type: 'ServiceHandleException' } };
      default:
        return { body: { msg } };
    }
  },
};
