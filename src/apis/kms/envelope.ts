import { MockError, type Problem } from '../../core/errors';
import type { Envelope } from '../../core/respond/pack';
import { kmsError } from './errors';

/** Which KMS code a request the document refuses gets: missing beats malformed key id beats the rest. */
function invalidRequest(problem: Extract<Problem, { kind: 'invalid' }>): MockError {
  const issues = problem.issues;
  if (issues.some((i) => i.keyword === 'required')) return kmsError('KMS.0204');
  if (issues.some((i) => i.field === 'key_id')) return kmsError('KMS.0205');
  if (issues.some((i) => i.in === 'body' && i.field === '')) return kmsError('KMS.0214');
  return kmsError('KMS.0308');
}

/**
 * KMS's own failures are nested, `{"error": {"error_code", "error_msg"}}`; those of the API
 * gateway in front of it (APIGW.*) are flat and repeat the request id.
 */
export const kmsEnvelope: Envelope = {
  requestIdField: 'request_id',

  fromProblem(problem: Problem): MockError {
    switch (problem.kind) {
      case 'no-route':
        return kmsError('APIGW.0101');
      case 'no-method':
        return kmsError('KMS.0215');
      case 'malformed-body':
        return kmsError('KMS.0202');
      case 'body-too-large':
        return kmsError('KMS.0203');
      case 'unsupported-media-type':
        return kmsError('KMS.0214');
      case 'invalid':
        return invalidRequest(problem);
      case 'internal':
        // The cause is the mock's own (the core logs it), not KMS's words.
        return kmsError('KMS.0103');
      case 'mock-usage':
        // The mock's words, under KMS's code for a request it cannot read, so clients parse it as usual.
        return new MockError(400, 'KMS.0214', problem.detail);
    }
  },

  render(error: MockError) {
    const code = String(error.code);
    if (code.startsWith('APIGW.')) return { body: { error_code: code, error_msg: error.message, request_id: '' } };
    return { body: { error: { error_code: code, error_msg: error.message } } };
  },
};
