import { accessSync, constants, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Operation } from '../documents/operations';
import type { Violation } from '../documents/ajv-pointers';
import { scrubbed, type SecretFields } from '../documents/secrets';
import { bodyDigest, type RecordedAnswer } from '../session/recorded';
import { REQUEST_ID_HEADER, UNSET_REQUEST_ID, withRequestId } from '../arrival/request-id';

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
  /** The body field of an error that repeats the call's request id (the envelope's), if any. */
  requestIdField: string | undefined;
}

interface SessionRecording {
  answers: RecordedAnswer[];
  refused: Array<{ answer: RecordedAnswer; violations: Violation[] }>;
  /** What is written already, as text: the same exchange twice is written once. */
  seen: Set<string>;
}

/**
 * `--record DIR`: each exchange with the provider, kept as a recorded answer of a scenario
 * file per session (`recording-<session>.json`), which `--scenario` plays back offline. Only
 * what replay needs is written: the match (operation, path parameters, query, the body's
 * digest, never the body or a header of the request, so no credential) and the answer with
 * the headers its document declares, its secret fields masked. An answer its document does
 * not allow goes to `recording-<session>.violations.json`, which is never played. A file is
 * written whole to a temporary one and renamed, before the client gets the answer; a file
 * from an earlier run is added to, not replaced. A session's recording keeps at most `limit`
 * answers (--journal-limit); a failed write is said once on stderr and the client still gets
 * the provider's answer.
 */
export class Recorder {
  private readonly sessions = new Map<string, SessionRecording>();
  private readonly full = new Set<string>();
  private failed = false;

  /**
   * The folder is made if its parent exists (Node's recursive mkdir never returns on some
   * paths, /proc for one), and must be writable. `kept`: how many sessions' recordings stay
   * in memory; one let go is read back from its file when its session calls again.
   */
  constructor(private readonly dir: string, private readonly provider: string, private readonly limit: number, private readonly kept: number) {
    try {
      mkdirSync(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    accessSync(dir, constants.W_OK);
  }

  record(exchange: ProviderExchange): void {
    const { answer, found } = recordedAnswer(exchange);
    // Session names may hold ':', which no scenario name may: '~', which no session name holds, keeps them apart.
    const base = `recording-${exchange.session.replace(/:/g, '~')}`;
    const recording = this.sessions.get(exchange.session) ?? this.earlier(base);
    // Most recent last, so the one let go when there are too many is the least recent.
    this.sessions.delete(exchange.session);
    this.sessions.set(exchange.session, recording);
    if (this.sessions.size > this.kept) this.sessions.delete(this.sessions.keys().next().value as string);
    // A request the document refuses is still a call the provider answered: only an answer it does not allow is kept apart.
    const wrong = exchange.violations.filter((v) => v.in === 'response');
    const entry = wrong.length > 0 ? { answer, violations: wrong.map((v) => ({ ...v, message: scrubbed(v.message, found) })) } : answer;
    const text = JSON.stringify(entry);
    if (recording.seen.has(text)) return;
    if (recording.seen.size >= this.limit) return this.say(`the recording of session ${exchange.session} holds ${this.limit} answers (--journal-limit); later ones are not recorded`, base);
    recording.seen.add(text);
    if (entry !== answer) {
      recording.refused.push(entry as SessionRecording['refused'][number]);
      return this.write(`${base}.violations.json`, { provider: this.provider, answers: recording.refused });
    }
    recording.answers.push(answer);
    this.write(`${base}.json`, {
      name: base.replace(/~/g, '.').slice(0, 64),
      description: `Answers of ${this.provider} to session ${exchange.session}, recorded by regionmock --record`,
      recorded: recording.answers,
    });
  }

  /** What an earlier run recorded for the session, to add to; nothing when there is no readable file. */
  private earlier(base: string): SessionRecording {
    const read = <T>(name: string, field: string): T[] => {
      try {
        const list = (JSON.parse(readFileSync(join(this.dir, name), 'utf8')) as Record<string, unknown>)[field];
        return Array.isArray(list) ? (list as T[]) : [];
      } catch {
        return [];
      }
    };
    const answers = read<RecordedAnswer>(`${base}.json`, 'recorded');
    const refused = read<SessionRecording['refused'][number]>(`${base}.violations.json`, 'answers');
    return { answers, refused, seen: new Set([...answers, ...refused].map((e) => JSON.stringify(e))) };
  }

  private write(name: string, content: unknown): void {
    const file = join(this.dir, name);
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`);
      renameSync(temporary, file);
    } catch (err) {
      rmSync(temporary, { force: true });
      this.say(`could not write ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'}); the answer went to the client unrecorded`);
    }
  }

  /** Said once per kind: a recorder that cannot keep up must not flood the log. */
  private say(message: string, key = ''): void {
    if (key ? this.full.has(key) : this.failed) return;
    if (key) this.full.add(key);
    else this.failed = true;
    console.error(`regionmock: ${message}`);
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
  const masked = secrets.maskText(withRequestId(exchange.text, exchange.status, exchange.requestIdField, UNSET_REQUEST_ID), headers['content-type']);
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
