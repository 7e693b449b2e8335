import { MockError, type Problem } from '../core/errors';
import type { Envelope } from '../core/respond/pack';

/** The admin API's own error body: `{"error": <kind>, "message": <what to fix>}`. */
export const adminEnvelope: Envelope = {
  fromProblem(problem: Problem): MockError {
    switch (problem.kind) {
      case 'no-route':
        return new MockError(404, 'not_found', `No admin route ${problem.method} ${problem.path}`);
      case 'no-method':
        return new MockError(405, 'method_not_allowed', `${problem.method} is not allowed here; try ${problem.allowed.join(', ')}`);
      case 'malformed-body':
        return new MockError(400, 'malformed_json', problem.detail);
      case 'body-too-large':
        return new MockError(400, 'body_too_large', `The body is larger than ${problem.limit} bytes`);
      case 'unsupported-media-type':
        return new MockError(400, 'unsupported_media_type', `Send application/json, not ${problem.contentType}`);
      case 'invalid':
        return new MockError(400, 'invalid_request', problem.issues.map((i) => `${[i.in, i.field].filter(Boolean).join('.')} ${i.message}`).join('; '));
      case 'internal':
        return new MockError(500, 'internal', problem.detail);
      case 'mock-usage':
        return new MockError(400, 'invalid_request', problem.detail);
    }
  },

  render(error: MockError) {
    // A refused scenario also names its file and the pointer of the problem, for tools to show.
    const [file] = error.details.file ?? [];
    const [pointer] = error.details.pointer ?? [];
    return { body: { error: String(error.code ?? 'error'), message: error.message, ...(file === undefined ? {} : { file }), ...(pointer === undefined ? {} : { pointer }) } };
  },
};
