import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a test provider may change in an answer before it goes out. */
export interface ProviderAnswer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}
export type Mutation = (req: { method: string; path: string; body: string }, answer: ProviderAnswer) => void;

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts)));
  });

/**
 * A provider made wrong on purpose: a regionmock (at `upstream()`) behind a small server that
 * passes every call and answer through, after `mutation()` changed what it wants to. With no
 * change, it answers as the mock does (every header but those of the connection, plus
 * `x-provider: yes` to show the answer came through it).
 */
export async function wrongProvider(upstream: () => string, mutation: () => Mutation): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    // Passed on as bytes: a body in another charset than UTF-8 must reach the mock as it came.
    const body = await readBody(req);
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length')) as Record<string, string>;
    const answered = await fetch(`${upstream()}${req.url}`, { method: req.method, headers, body: body.length > 0 ? new Uint8Array(body) : undefined });
    const passed = [...answered.headers].filter(([name]) => !['content-length', 'connection', 'keep-alive', 'transfer-encoding'].includes(name));
    const text = await answered.text();
    const answer: ProviderAnswer = { status: answered.status, headers: { ...Object.fromEntries(passed), 'x-provider': 'yes' }, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
    mutation()({ method: req.method ?? 'GET', path: req.url ?? '/', body: body.toString() }, answer);
    res.writeHead(answer.status, Object.fromEntries(Object.entries(answer.headers).filter(([, v]) => v !== '')));
    // An answer to HEAD has no body.
    res.end(req.method === 'HEAD' ? undefined : JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
