// The undo steps of a workspace window's own changes: add (one person or a paste of
// many), rename and delete. Each reverses through exact-rows.ts, so it is one SQLite
// transaction and refuses (UNDO_CONFLICT) when the rows changed since.

import type Database from 'better-sqlite3';
import type { UndoStep } from '../../../kernel/node/undo-history.js';
import { deleteExact, insertExact, renameExact, type ExactPerson } from './exact-rows.js';

/** Runs a raw write on the workspace the way every window write runs (queued, checked, announced). */
export type RawWriter = <T>(task: (db: Database.Database) => T) => Promise<T>;

function quoted(name: string): string {
  const short = name.length > 40 ? `${name.slice(0, 39)}…` : name;
  return `“${short}”`;
}

function peopleLabel(verb: string, people: readonly ExactPerson[]): string {
  if (people.length === 1) return `${verb} ${quoted(people[0]?.name ?? '')}`;
  return `${verb} ${people.length.toLocaleString('en-US')} people`;
}

export function addedStep(write: RawWriter, people: readonly ExactPerson[]): UndoStep {
  const saved = [...people];
  return {
    label: peopleLabel('Add', saved),
    undo: () => write((db) => deleteExact(db, saved)),
    redo: () => write((db) => insertExact(db, saved)),
  };
}

export function deletedStep(write: RawWriter, people: readonly ExactPerson[]): UndoStep {
  const saved = [...people];
  return {
    label: peopleLabel('Delete', saved),
    undo: () => write((db) => insertExact(db, saved)),
    redo: () => write((db) => deleteExact(db, saved)),
  };
}

export function renamedStep(write: RawWriter, before: ExactPerson, after: ExactPerson): UndoStep {
  return {
    label: `Rename ${quoted(before.name)} to ${quoted(after.name)}`,
    undo: () => write((db) => renameExact(db, after, before)),
    redo: () => write((db) => renameExact(db, before, after)),
  };
}
