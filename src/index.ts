import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { buildApp } from './app';
import { resolveOptions, type ServerOptions } from './config';

export { buildApp, createApp, type MockApp } from './app';
export { resolveOptions, type MockOptions, type ServerOptions } from './config';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves both vendor APIs; resolves once the port is bound. */
export function startServer(overrides: Partial<ServerOptions> = {}): Promise<RunningServer> {
  const options = resolveOptions(overrides);
  const { app } = buildApp(options);
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(options.port, options.host);
    server.once('error', reject);
    server.once('listening', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://${options.host}:${port}`,
        port,
        close: () => new Promise((done, fail) => server.close((err) => (err ? fail(err) : done()))),
      });
    });
  });
}
