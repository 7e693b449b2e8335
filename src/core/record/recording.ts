import { accessSync, constants, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Operation } from '../documents/operations';
import type { Violation } from '../documents/ajv-pointers';
import { scrubbed, type SecretFields } from '../documents/secrets';
import { bodyDigest, type RecordedAnswer } from '../session/recorded';
import { REQUEST_ID_HEADER } from '../arrival/request-id';

/** One exchange with the provider, as the proxy saw it. */
export interface ProviderExchange {
  session: string;
  api: string;
  operation: Operation;
  params: Record<string, string>;
  query: Record<string, unknown>;
  /** The request's body as sent, when one was. */
  sent: Buffer | undefined;
  status: number;
  headers: Headers;
  text: string;
  violations: readonly Violation[];
  /** The fields the API's document marks as secret. */
  secrets: SecretFields;
}

interface SessionRecording {
  answers: RecordedAnswer[];
  refused: Array<{ answer: RecordedAnswer; violations: Violation[] }>;
}

/**
 * `--record DIR`: each exchange with the provider, kept as a recorded answer of a scenario
 * file per session (`recording-<session>.json`), which `--scenario` plays back offline. Only
 * what replay needs is written: the match (operation, path parameters, query, the body's
 * digest, never the body or a header of the request, so no credential) and the answer with
 * the headers its document declares, its secret fields masked. An answer its document does
 * not allow goes to `recording-<session>.violations.json`, which is never played. A file is
 * written whole to a temporary one and renamed, before the client gets the answer.
 */
export class Recorder {
  private readonly sessions = new Map<string, SessionRecording>();

  /** The folder is made if its parent exists (Node's recursive mkdir never returns on some paths, /proc for one), and must be writable. */
  constructor(private readonly dir: string, private readonly provider: string) {
    try {
      mkdirSync(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    accessSync(dir, constants.W_OK);
  }

  record(exchange: ProviderExchange): void {
    const { answer, found } = recordedAnswer(exchange);
    const recording = this.sessions.get(exchange.session) ?? { answers: [], refused: [] };
    this.sessions.set(exchange.session, recording);
    const base = `recording-${exchange.session.replace(/[^A-Za-z0-9._-]/g, '_')}`;
    // A request the document refuses is still a call the provider answered: only an answer it does not allow is kept apart.
    const wrong = exchange.violations.filter((v) => v.in === 'response');
    if (wrong.length > 0) {
      const violations = wrong.map((v) => ({ ...v, message: scrubbed(v.message, found) }));
      if (recording.refused.some((r) => isDeepStrictEqual(r, { answer, violations }))) return;
      recording.refused.push({ answer, violations });
      return this.write(`${base}.violations.json`, { provider: this.provider, answers: recording.refused });
    }
    if (recording.answers.some((r) => isDeepStrictEqual(r, answer))) return;
    recording.answers.push(answer);
    this.write(`${base}.json`, {
      name: base.slice(0, 64),
      description: `Answers of ${this.provider} to session ${exchange.session}, recorded by regionmock --record`,
      recorded: recording.answers,
    });
  }

  private write(name: string, content: unknown): void {
    const file = join(this.dir, name);
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`);
    renameSync(temporary, file);
  }
}

/** The recorded answer of an exchange, its secrets masked, and the secret values found (to keep them out of messages too). */
function recordedAnswer(exchange: ProviderExchange): { answer: RecordedAnswer; found: string[] } {
  const { operation, secrets } = exchange;
  const declared = new Set(['content-type', ...(operation.responses.get(exchange.status)?.declaredHeaders ?? [])]);
  // Every answer gets its own request id, the replayed one too.
  declared.delete(REQUEST_ID_HEADER);
  const headers: Record<string, string> = {};
  exchange.headers.forEach((value, name) => {
    if (declared.has(name)) headers[name] = value;
  });
  const masked = secrets.maskText(exchange.text, headers['content-type']);
  const query = Object.fromEntries(Object.entries(secrets.maskQuery(exchange.query)).map(([k, v]) => [k, String(v)]));
  const answer: RecordedAnswer = {
    api: exchange.api,
    operationId: operation.operationId,
    params: secrets.maskQuery(exchange.params),
    query,
    ...(operation.takesBody ? { bodyDigest: bodyDigest(exchange.sent ?? Buffer.alloc(0)) } : {}),
    status: exchange.status,
    headers,
    body: exchange.text === '' && !headers['content-type'] ? null : masked.text,
  };
  return { answer, found: masked.found };
}
