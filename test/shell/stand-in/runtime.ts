// The state every part of the stand-in Electron shares: whether `ready` has fired,
// ids, and the report of what happened (events for the test, rule violations).
//
// A rule the stand-in enforces throws where Electron throws, with Electron's message,
// and is also reported as a violation: app code that swallows the throw still fails
// the test that ran it. Where Electron does not throw but silently does the wrong
// thing (a userData change after the single-instance lock, a dialog before `ready`),
// the stand-in throws anyway, so the mistake cannot pass unnoticed; each such rule
// says so. It is never more lenient than Electron.

export interface Violation {
  /** Short name of the rule, e.g. "protocol.registerSchemesAsPrivileged after ready". */
  readonly rule: string;
  readonly message: string;
  /** Where Electron says or does this (doc page or source file). */
  readonly source: string;
}

/** What the stand-in tells the test about, in order. */
export type ShellEvent =
  | { readonly type: 'violation'; readonly violation: Violation }
  | { readonly type: 'app'; readonly name: string; readonly prevented?: boolean; readonly detail?: unknown }
  | { readonly type: 'error-box'; readonly title: string; readonly content: string }
  | { readonly type: 'message-box'; readonly message: string; readonly detail?: string }
  | { readonly type: 'window'; readonly id: number; readonly what: string; readonly detail?: unknown }
  | { readonly type: 'console'; readonly level: 'error'; readonly text: string };

export interface RuntimeOptions {
  /** Told about every event (the runner forwards them to the test process). */
  readonly onEvent?: (event: ShellEvent) => void;
}

export class Runtime {
  ready = false;
  readonly events: ShellEvent[] = [];
  readonly #onEvent: ((event: ShellEvent) => void) | undefined;
  #nextId = 1;

  constructor(options: RuntimeOptions = {}) {
    this.#onEvent = options.onEvent;
  }

  nextId(): number {
    return this.#nextId++;
  }

  report(event: ShellEvent): void {
    this.events.push(event);
    this.#onEvent?.(event);
  }

  get violations(): Violation[] {
    return this.events.flatMap((event) => (event.type === 'violation' ? [event.violation] : []));
  }

  /** Reports a broken rule and returns the error to throw (`throw runtime.broken(...)`). */
  broken(rule: string, source: string, error: Error): Error {
    this.report({ type: 'violation', violation: { rule, message: error.message, source } });
    return error;
  }

  /** Electron's "can only be used after ready" rules. */
  requireReady(rule: string, source: string, error: () => Error): void {
    if (!this.ready) throw this.broken(rule, source, error());
  }
}

/** Something that can be cancelled, like Electron's event objects. */
export class StandInEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}
