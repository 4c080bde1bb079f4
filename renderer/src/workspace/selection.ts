// The people selected in the table. Two modes:
//
//   - by id: the people the person clicked, shift-selected or arrowed over, each kept as
//     last loaded (for copy and menu labels), so the selection survives sorting,
//     scrolling and refreshes;
//   - all matching: Ctrl+A. Instant at any size: it holds the search it was made for,
//     how many that search matched, and the people deselected since (Ctrl+click, Space),
//     never a list of everyone. Bulk actions hand it to main as a query (issue 12,
//     defect 6), so no million ids cross IPC.

import type { PeopleSelection, PersonDto } from '../../../main/common/people-contract.js';

export class Selection {
  readonly #people = new Map<number, PersonDto>();
  /** All matching mode: the search it stands for and its count; the deselected are in #except. */
  #all: { search: string; count: number } | null = null;
  readonly #except = new Set<number>();

  get size(): number {
    return this.#all ? Math.max(0, this.#all.count - this.#except.size) : this.#people.size;
  }

  /** True in all-matching mode (Ctrl+A). */
  get all(): boolean {
    return this.#all !== null;
  }

  has(id: number): boolean {
    return this.#all ? !this.#except.has(id) : this.#people.has(id);
  }

  /** Ids in the order they were selected (a range: in table order). Empty in all-matching mode. */
  ids(): number[] {
    return this.#all ? [] : [...this.#people.keys()];
  }

  /** The selected people as loaded (by-id mode); in all-matching mode main is asked instead. */
  people(): PersonDto[] {
    return this.#all ? [] : [...this.#people.values()];
  }

  /** What main needs to act on the selection, or null when nothing is selected. */
  request(): PeopleSelection | null {
    if (this.size === 0) return null;
    if (this.#all) return { kind: 'matching', ...(this.#all.search ? { search: this.#all.search } : {}), except: [...this.#except] };
    return { kind: 'ids', ids: this.ids() };
  }

  /** Empties it; true if anything was selected. */
  clear(): boolean {
    const had = this.size > 0 || this.#all !== null;
    this.#people.clear();
    this.#all = null;
    this.#except.clear();
    return had;
  }

  /** Everyone `search` matches (`count` of them), at once. */
  selectAll(search: string, count: number): void {
    this.#people.clear();
    this.#except.clear();
    this.#all = { search, count };
  }

  /** The count of the search changed (people added or deleted): all matching still means all. */
  updateCount(count: number): void {
    if (this.#all) this.#all = { ...this.#all, count };
  }

  /** Exactly this person (or no one). */
  only(person: PersonDto | undefined): void {
    this.clear();
    if (person) this.#people.set(person.id, person);
  }

  toggle(person: PersonDto): void {
    if (this.#all) {
      if (this.#except.has(person.id)) this.#except.delete(person.id);
      else this.#except.add(person.id);
      return;
    }
    if (this.#people.has(person.id)) this.#people.delete(person.id);
    else this.#people.set(person.id, person);
  }

  replace(people: Iterable<PersonDto>): void {
    this.clear();
    for (const person of people) this.#people.set(person.id, person);
  }

  /** A fresher copy of a person, if selected (a rename seen on refresh). */
  refresh(person: PersonDto): void {
    if (this.#people.has(person.id)) this.#people.set(person.id, person);
  }

  /** Drops these ids; true if any was selected. */
  remove(ids: Iterable<number>): boolean {
    let changed = false;
    for (const id of ids) changed = this.#people.delete(id) || changed;
    return changed;
  }
}
