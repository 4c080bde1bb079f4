// The rules for a person's name, in one place, shared by the core (which enforces
// them), the CLI and the renderer (which explains them before a round trip).

export const NAME_MAX_CODE_POINTS = 256;

export type NameProblem = 'empty' | 'too-long' | 'control-characters' | 'malformed';

export type NameCheck = { ok: true; name: string } | { ok: false; problem: NameProblem; message: string };

// C0/C1 control characters (tabs, newlines, NUL...) make names unprintable in lists
// and break CSV rows, so they are refused rather than silently stripped.
const CONTROL_CHARACTERS = /\p{Cc}/u;

/** Counts Unicode code points, not UTF-16 units: one emoji is one character. */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * Trims and checks a name. Returns the stored form or the reason it is refused,
 * worded for the person who typed it.
 */
export function checkName(raw: string): NameCheck {
  if (!raw.isWellFormed()) {
    return { ok: false, problem: 'malformed', message: 'The name contains broken Unicode characters.' };
  }
  const name = raw.trim();
  if (name.length === 0) {
    return { ok: false, problem: 'empty', message: 'A name cannot be empty.' };
  }
  const length = codePointLength(name);
  if (length > NAME_MAX_CODE_POINTS) {
    return {
      ok: false,
      problem: 'too-long',
      message: `A name can have at most ${NAME_MAX_CODE_POINTS} characters; this one has ${length}.`,
    };
  }
  if (CONTROL_CHARACTERS.test(name)) {
    return { ok: false, problem: 'control-characters', message: 'A name cannot contain tabs, line breaks or other control characters.' };
  }
  return { ok: true, name };
}
