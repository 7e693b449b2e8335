import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CLI = join(__dirname, '..', 'dist', 'cli.js');

export interface Run {
  code: number | null;
  output: string;
}

export interface CliProcess {
  child: ChildProcess;
  /** The URL once the mock says it listens; rejects if it exits first. */
  listening: Promise<string>;
  ended: Promise<Run>;
  /** Everything it printed so far. */
  output(): string;
  /** SIGTERM, then the run. */
  stop(): Promise<Run>;
}

const running = new Set<ChildProcess>();

/** Starts the built command line; every process started is killed after each test. */
export function startCli(args: string[] = [], env: Record<string, string> = {}): CliProcess {
  return startProcess(process.execPath, [CLI, ...args], { env });
}

/** Starts any command that runs the mock (node, npx), watching its output for the address. */
export function startProcess(command: string, args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): CliProcess {
  // Its own process group, so that stopping a wrapper (npx) stops the mock it started too.
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  running.add(child);
  let output = '';
  const ended = new Promise<Run>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child);
      resolve({ code, output });
    }),
  );
  const listening = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve(url);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void ended.then(() => reject(new Error(`exited before listening: ${output}`)));
  });
  // Tests that expect an early exit never await this promise.
  listening.catch(() => undefined);
  return {
    child,
    listening,
    ended,
    output: () => output,
    stop: () => {
      signal(child, 'SIGTERM');
      return ended;
    },
  };
}

function signal(child: ChildProcess, name: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, name);
  } catch {
    child.kill(name);
  }
}

export function killAll(): void {
  for (const child of running) signal(child, 'SIGKILL');
  running.clear();
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A fresh folder for each test of the file, removed after it together with every process the test started. */
export function folderPerTest(prefix: string): () => string {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => {
    killAll();
    rmSync(dir, { recursive: true, force: true });
  });
  return () => dir;
}
