import type { Request } from 'express';
import { answerAsFixtureSays } from '../state/fixtures';
import type { Operation } from '../documents/operations';
import type { Call } from '../respond/pack';
import type { Session } from '../session/session';
import type { PackState } from '../state/store';

/**
 * Fixture markers replace a success: the record the call is about first, then the credential
 * it came with (each answers the status its `x-mock-status` names).
 */
export function answerAsMarked<S>(call: Call<S>): void {
  if (call.subject) answerAsFixtureSays(call.subject);
  if (call.credential) answerAsFixtureSays(call.credential);
}

/** What a pack's authenticator and handler see of a request: its operation, its session's slice of the state, and how to change it. */
export function callFor<S>(api: string, req: Request, session: Session, operation: Operation, params: Record<string, string>, bodyText?: string): Call<S> {
  const call: Call<S> = {
    operation,
    params,
    query: {},
    headers: req.headers,
    body: undefined,
    raw: { method: req.method, url: req.originalUrl, body: bodyText },
    // Read at use: a reset or a state replacement during a delay must not be written over.
    get state() {
      return session.store.slice<S>(api);
    },
    session,
    commit: (changes) => {
      answerAsMarked(call);
      return session.store.commit(api, changes as PackState);
    },
    about: (record) => {
      call.subject = record;
    },
  };
  return call;
}
