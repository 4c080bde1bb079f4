// Ctrl-C during a long command (an import, an export, a copy, a move, a merge): the
// work is cancelled cleanly through an AbortSignal, so nothing is half-written, and the
// command then exits 130, as a shell reports a command stopped by SIGINT (128 + 2),
// which is what scripts test for.
//
// Only while such work runs is SIGINT caught; at any other moment Node's default
// applies and the process ends at once, which is safe there (nothing is being written
// that a crash would not also leave sound).

let interrupted = false;

/** Runs `task` with a signal that Ctrl-C trips. */
export async function interruptible<T>(task: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onInterrupt = (): void => {
    interrupted = true;
    controller.abort();
  };
  process.once('SIGINT', onInterrupt);
  try {
    return await task(controller.signal);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

/** True when this run's work was cancelled by Ctrl-C. */
export function wasInterrupted(): boolean {
  return interrupted;
}

/** Forgets an earlier interrupt (run() starts each invocation clean; tests call it in-process). */
export function resetInterrupted(): void {
  interrupted = false;
}
