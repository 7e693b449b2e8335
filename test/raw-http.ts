import { connect } from 'node:net';

/** One request as it goes on the wire. */
export interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  json(): unknown;
}

/** The bytes of one HTTP/1.1 request, Content-Length set from the body. */
export function wire({ method, path, headers = {}, body }: RawRequest): string {
  const all: Record<string, string> = { Host: '127.0.0.1', ...headers };
  if (body !== undefined) all['Content-Length'] = String(Buffer.byteLength(body));
  const lines = Object.entries(all).map(([name, value]) => `${name}: ${value}`);
  return `${method} ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n${body ?? ''}`;
}

/** Reads the complete responses at the front of `data`; returns them and how many bytes they took. */
function parseResponses(data: Buffer, heads: boolean[]): { responses: RawResponse[]; used: number } {
  const responses: RawResponse[] = [];
  let at = 0;
  while (responses.length < heads.length) {
    const end = data.indexOf('\r\n\r\n', at);
    if (end < 0) break;
    const [statusLine, ...lines] = data.subarray(at, end).toString('latin1').split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const i = line.indexOf(':');
      headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
    }
    const status = Number(statusLine.split(' ')[1]);
    const length = heads[responses.length] || status === 204 ? 0 : Number(headers['content-length'] ?? 0);
    if (data.length < end + 4 + length) break;
    const text = data.subarray(end + 4, end + 4 + length).toString('utf8');
    responses.push({ status, headers, text, json: () => JSON.parse(text) });
    at = end + 4 + length;
  }
  return { responses, used: at };
}

/**
 * Sends every request in one write on one connection (HTTP/1.1 pipelining) and resolves with
 * the answers in order, as a pipelining client reads them.
 */
export function pipeline(port: number, requests: RawRequest[], timeoutMs = 10_000): Promise<RawResponse[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let heads = requests.map((r) => r.method === 'HEAD');
    const answers: RawResponse[] = [];
    let data = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer after ${timeoutMs} ms; got: ${data.toString('utf8').slice(0, 500)}`));
    }, timeoutMs);
    socket.on('connect', () => socket.write(requests.map(wire).join('')));
    socket.on('data', (chunk) => {
      data = data.length === 0 ? chunk : Buffer.concat([data, chunk]);
      const { responses, used } = parseResponses(data, heads);
      answers.push(...responses);
      heads = heads.slice(responses.length);
      data = data.subarray(used);
      if (answers.length < requests.length) return;
      clearTimeout(timer);
      socket.destroy();
      resolve(answers);
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
