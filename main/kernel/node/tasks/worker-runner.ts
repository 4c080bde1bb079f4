// Runs tasks on worker threads, so that heavy work never holds the main process's
// event loop (which serves every window). Two lanes, so a long background job (a
// whole-file check, a search index catching up) never delays what a person is waiting
// for (opening a workspace, an import); each task names its lane (see task.ts), and
// worker-count.ts sizes them. Workers are started on demand and stopped after a while
// without work. A worker gets only the task's name and finds it in a registry built
// from the same list as the one this runner is given.

import { Worker } from 'node:worker_threads';
import { RosterError, INTERNAL_MESSAGE } from '../../common/errors.js';
import { asRosterError } from '../sqlite/sqlite-errors.js';
import type { RunOptions, TaskDefinition, TaskRunner } from './task.js';
import type { TaskRegistry } from './task-registry.js';
import { taskWorkerCounts } from './worker-count.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

const IDLE_MS = 30_000;

interface Job {
  readonly id: number;
  readonly name: string;
  readonly input: unknown;
  readonly onProgress: ((progress: unknown) => void) | undefined;
  readonly signal: AbortSignal | undefined;
  resolve(output: unknown): void;
  reject(error: unknown): void;
}

interface Slot {
  readonly worker: Worker;
  job: Job | null;
  idleTimer: NodeJS.Timeout | undefined;
}

class Lane {
  readonly #slots = new Set<Slot>();
  readonly #queue: Job[] = [];
  readonly #max: number;
  readonly #spawn: () => Worker;
  #closed = false;

  constructor(max: number, spawn: () => Worker) {
    this.#max = max;
    this.#spawn = spawn;
  }

  submit(job: Job): void {
    if (this.#closed) {
      job.reject(new RosterError('WORKSPACE_CLOSED', 'Roster is shutting down.'));
      return;
    }
    this.#queue.push(job);
    this.#pump();
  }

  /** Removes a job that has not started; true if it was still queued. */
  unqueue(job: Job): boolean {
    const index = this.#queue.indexOf(job);
    if (index === -1) return false;
    this.#queue.splice(index, 1);
    return true;
  }

  abort(job: Job): void {
    for (const slot of this.#slots) {
      if (slot.job === job) slot.worker.postMessage({ type: 'abort', id: job.id } satisfies ToWorker);
    }
  }

  #pump(): void {
    while (this.#queue.length > 0) {
      let slot = [...this.#slots].find((candidate) => candidate.job === null);
      if (!slot) {
        if (this.#slots.size >= this.#max) return;
        slot = this.#start();
      }
      const job = this.#queue.shift() as Job;
      clearTimeout(slot.idleTimer);
      slot.job = job;
      slot.worker.postMessage({ type: 'run', id: job.id, name: job.name, input: job.input } satisfies ToWorker);
      if (job.signal?.aborted) this.abort(job);
    }
  }

  #start(): Slot {
    const worker = this.#spawn();
    const slot: Slot = { worker, job: null, idleTimer: undefined };
    this.#slots.add(slot);
    worker.unref();
    worker.on('message', (message: FromWorker) => {
      const job = slot.job;
      if (!job || message.id !== job.id) return;
      if (message.type === 'progress') {
        job.onProgress?.(message.progress);
        return;
      }
      slot.job = null;
      if (message.type === 'done') job.resolve(message.output);
      else {
        const { code, message: text, details, stack } = message.error;
        job.reject(new RosterError(code, text, details, stack ? { cause: Object.assign(new Error(text), { stack }) } : undefined));
      }
      slot.idleTimer = setTimeout(() => void this.#stop(slot), IDLE_MS);
      slot.idleTimer.unref();
      this.#pump();
    });
    const fail = (error: unknown): void => {
      this.#slots.delete(slot);
      const job = slot.job;
      slot.job = null;
      job?.reject(new RosterError('INTERNAL', INTERNAL_MESSAGE, undefined, { cause: error }));
      this.#pump();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (this.#slots.has(slot)) fail(new Error(`task worker exited with code ${code}`));
    });
    return slot;
  }

  async #stop(slot: Slot): Promise<void> {
    if (slot.job !== null) return;
    this.#slots.delete(slot);
    clearTimeout(slot.idleTimer);
    await slot.worker.terminate();
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#queue.splice(0)) job.reject(new RosterError('CANCELLED', 'Roster is shutting down; the task did not run.'));
    const slots = [...this.#slots];
    for (const slot of slots) if (slot.job) slot.worker.postMessage({ type: 'abort', id: slot.job.id } satisfies ToWorker);
    // Give running tasks a moment to roll back and close their connections cleanly.
    await Promise.all(
      slots.map(
        (slot) =>
          new Promise<void>((resolve) => {
            if (!slot.job) return resolve();
            const timer = setTimeout(resolve, 2000);
            slot.worker.once('message', () => {
              clearTimeout(timer);
              resolve();
            });
          }),
      ),
    );
    this.#slots.clear();
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }
}

export interface WorkerRunnerOptions {
  /** The bundled worker entry (dist/main/task-worker.cjs). */
  readonly script: string;
  /** The tasks this runner may run: the list the worker entry builds its own registry from. */
  readonly registry: TaskRegistry;
  /** Default: from the machine's cores (worker-count.ts). */
  readonly foregroundWorkers?: number;
  readonly backgroundWorkers?: number;
}

export class WorkerTaskRunner implements TaskRunner {
  readonly parallelism: number;
  readonly #registry: TaskRegistry;
  readonly #foreground: Lane;
  readonly #background: Lane;
  #nextId = 1;

  constructor(options: WorkerRunnerOptions) {
    // A worker needs no set-up message: better-sqlite3 finds its own addon in every thread.
    const spawn = (): Worker => new Worker(options.script);
    const counts = taskWorkerCounts();
    this.#registry = options.registry;
    this.parallelism = options.foregroundWorkers ?? counts.foreground;
    this.#foreground = new Lane(this.parallelism, spawn);
    this.#background = new Lane(options.backgroundWorkers ?? counts.background, spawn);
  }

  run<Input, Output, Progress>(
    task: TaskDefinition<Input, Output, Progress>,
    input: NoInfer<Input>,
    options: RunOptions<NoInfer<Progress>> = {},
  ): Promise<Output> {
    // Checked here, where the caller's stack still says who asked for it.
    if (!this.#registry.has(task)) return Promise.reject(asRosterError(new Error(`task ${task.name} is not registered`)));
    const lane = task.lane === 'background' ? this.#background : this.#foreground;
    return new Promise<Output>((resolve, reject) => {
      const job: Job = {
        id: this.#nextId++,
        name: task.name,
        input,
        onProgress: options.onProgress as ((progress: unknown) => void) | undefined,
        signal: options.signal,
        resolve: (output) => {
          options.signal?.removeEventListener('abort', onAbort);
          resolve(output as Output);
        },
        reject: (error) => {
          options.signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      const onAbort = (): void => {
        if (lane.unqueue(job)) job.reject(new RosterError('CANCELLED', 'The operation was cancelled; nothing was changed.'));
        else lane.abort(job);
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      lane.submit(job);
    });
  }

  async close(): Promise<void> {
    await Promise.all([this.#foreground.close(), this.#background.close()]);
  }
}
