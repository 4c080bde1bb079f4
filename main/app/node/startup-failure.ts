// What a person sees when Roster cannot start: a title and a message for an error
// dialog, written once here so the Electron glue stays a few lines and the wording is
// tested under Node. The details (stack, paths) go to main.log; the dialog says where
// that is.

/** A failure at start that already knows its words (missing native module, missing files). */
export class StartupError extends Error {
  override readonly name = 'StartupError';
  readonly title: string;

  constructor(title: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.title = title;
  }
}

const MAX_MESSAGE = 1500;

export interface StartupFailureText {
  readonly title: string;
  readonly message: string;
}

export function startupFailureText(error: unknown, logFile: string): StartupFailureText {
  const where = `Details are in ${logFile}.`;
  if (error instanceof StartupError) return { title: error.title, message: `${error.message}\n\n${where}` };
  // A RosterError's message is written for people (WORKSPACE_TOO_NEW: "…saved by a newer
  // version of Roster. Update Roster…"); anything else is at least named.
  const reason = error instanceof Error ? error.message : String(error);
  const clipped = reason.length > MAX_MESSAGE ? `${reason.slice(0, MAX_MESSAGE)}…` : reason;
  return { title: 'Roster could not start', message: `${clipped}\n\n${where}` };
}
