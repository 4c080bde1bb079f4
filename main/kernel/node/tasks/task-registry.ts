// The tasks a runner may run, by name. A worker thread receives only a task's name and
// looks it up here, so the app's list (built once per thread) must name each task once.

import type { AnyTaskDefinition } from './task.js';

export interface TaskRegistry {
  /** The task with this name, or undefined if the list has none. */
  get(name: string): AnyTaskDefinition | undefined;
  /** True if this very definition is on the list (not just one with its name). */
  has(task: AnyTaskDefinition): boolean;
}

/** A registry of `tasks`; throws if two share a name (a worker could not tell them apart). */
export function createTaskRegistry(tasks: readonly AnyTaskDefinition[]): TaskRegistry {
  const byName = new Map<string, AnyTaskDefinition>();
  for (const task of tasks) {
    if (byName.has(task.name)) throw new Error(`two tasks are named ${task.name}`);
    byName.set(task.name, task);
  }
  return {
    get: (name) => byName.get(name),
    has: (task) => byName.get(task.name) === task,
  };
}
