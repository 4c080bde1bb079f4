// `app.requestSingleInstanceLock` between real processes, the way Chromium's
// ProcessSingleton does it on Linux: a lock file in the user data folder names the
// process that holds it, and that process listens on a socket beside it. A second
// process finds the lock held by a live process, sends its argv, working directory
// and additional data (JSON) over the socket, and gets `false`; the first emits
// 'second-instance' with them, never before `ready` (Electron's docs/api/app.md). A lock left by
// a process that died is taken over. The lock lives in the folder that was userData
// when it was taken.

import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

export interface InstanceMessage {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly additionalData: unknown;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class SingleInstanceLock {
  readonly dir: string;
  readonly #lockFile: string;
  readonly #socketPath: string;
  #server: Server | null = null;
  #owned = false;

  constructor(dir: string) {
    this.dir = dir;
    this.#lockFile = join(dir, 'SingletonLock');
    this.#socketPath =
      process.platform === 'win32'
        ? `\\\\.\\pipe\\roster-stand-in-${createHash('sha256').update(dir).digest('hex').slice(0, 16)}`
        : join(dir, 'SingletonSocket');
  }

  get owned(): boolean {
    return this.#owned;
  }

  /** Takes the lock and listens, or sends `message` to the holder. */
  request(
    message: InstanceMessage,
    onMessage: (message: InstanceMessage) => void,
  ): { acquired: true } | { acquired: false; delivered: Promise<void> } {
    mkdirSync(this.dir, { recursive: true });
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = openSync(this.#lockFile, 'wx');
        writeSync(fd, String(process.pid));
        closeSync(fd);
        this.#owned = true;
        this.#listen(onMessage);
        return { acquired: true };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = Number.parseInt(readFileSync(this.#lockFile, 'utf8'), 10);
      if (Number.isInteger(holder) && holder > 0 && alive(holder)) return { acquired: false, delivered: this.#send(message) };
      // Left behind by a process that is gone.
      rmSync(this.#lockFile, { force: true });
    }
    throw new Error(`could not take or read the single-instance lock in ${this.dir}`);
  }

  #listen(onMessage: (message: InstanceMessage) => void): void {
    if (process.platform !== 'win32') rmSync(this.#socketPath, { force: true });
    this.#server = createServer((socket) => {
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('end', () => {
        socket.end('ack');
        onMessage(JSON.parse(text) as InstanceMessage);
      });
    });
    this.#server.listen(this.#socketPath);
    // The lock must not keep the process alive on its own.
    this.#server.unref();
  }

  async #send(message: InstanceMessage): Promise<void> {
    const body = JSON.stringify(message);
    const deadline = Date.now() + 5000;
    for (;;) {
      try {
        await new Promise<void>((resolve, reject) => {
          const socket = connect(this.#socketPath);
          socket.on('error', reject);
          socket.on('connect', () => socket.end(body));
          socket.on('data', () => undefined);
          socket.on('close', (hadError) => (hadError ? reject(new Error('socket closed with an error')) : resolve()));
        });
        return;
      } catch (error) {
        // The holder may still be starting to listen.
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  release(): void {
    if (!this.#owned) return;
    this.#owned = false;
    this.#server?.close();
    this.#server = null;
    if (process.platform !== 'win32') rmSync(this.#socketPath, { force: true });
    rmSync(this.#lockFile, { force: true });
  }
}
