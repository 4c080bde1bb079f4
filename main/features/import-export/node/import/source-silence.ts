// Noticing an import source that has gone quiet: a named pipe nobody writes to yet, a
// terminal waiting for someone to type, a network file system that stalled. Reading
// such a source blocks without a word, so whoever shows the import (the CLI, on
// stderr) is told once per silence, and again if data came and then stopped again.

/** How long a source may send nothing before the person is told. */
const SILENCE_NOTICE_MS = 3000;

export interface SilenceWatch {
  /** Data (or progress) arrived: the silence is over, and the clock starts again. */
  touch(): void;
  stop(): void;
}

export function watchSilence(onSilent: () => void, ms = SILENCE_NOTICE_MS): SilenceWatch {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const arm = (): void => {
    timer = setTimeout(() => {
      timer = undefined;
      if (!stopped) onSilent();
    }, ms);
    // Never what keeps the process alive.
    timer.unref();
  };
  arm();
  return {
    touch() {
      if (stopped) return;
      if (timer) clearTimeout(timer);
      arm();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
