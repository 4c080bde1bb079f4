// The people selected in the table. Two modes:
//
//   - by id: the people the person clicked, shift-selected or arrowed over, each kept as
//     last loaded (for copy and menu labels), so the selection survives sorting,
//     scrolling and refreshes;
//   - all matching: Ctrl+A. Instant at any size: it holds the search and filter it was made for,
//     how many that search matched, and the people deselected since (Ctrl+click, Space),
//     never a list of everyone. Bulk actions hand it to main as a query, so no
//     million ids cross IPC.

import type { PeopleFilter, PeopleSelection, PersonDto } from '../../../../main/features/people/common/people-contract.js';

export class Selection {
  readonly #people = new Map<number, PersonDto>();
  /** All matching mode: the search and filter it stands for and how many it holds now; the deselected are in #except. */
  #all: { search: string; filter: PeopleFilter | undefined; size: number } | null = null;
  readonly #except = new Set<number>();

  get size(): number {
    return this.#all ? this.#all.size : this.#people.size;
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
    if (this.#all) {
      const { search, filter } = this.#all;
      return { kind: 'matching', ...(search ? { search } : {}), ...(filter ? { filter } : {}), except: [...this.#except] };
    }
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

  /** Everyone `search` and `filter` match (`count` of them), at once. */
  selectAll(search: string, filter: PeopleFilter | undefined, count: number): void {
    this.#people.clear();
    this.#except.clear();
    this.#all = { search, filter, size: count };
  }

  /** In all-matching mode, the people left out (for main's exact count of what is selected). */
  exceptIds(): number[] {
    return [...this.#except];
  }

  /**
   * How many the selection holds now, as main counted it (the search's count, less the
   * people left out who still match): people added or deleted elsewhere change it, and
   * the toolbar must say exactly what Delete will do.
   */
  setAllSize(size: number): void {
    if (this.#all) this.#all = { ...this.#all, size };
  }

  /** Exactly this person (or no one). */
  only(person: PersonDto | undefined): void {
    this.clear();
    if (person) this.#people.set(person.id, person);
  }

  toggle(person: PersonDto): void {
    if (this.#all) {
      // The person is on screen, so matches: the size moves by one at once (main's count follows).
      if (this.#except.has(person.id)) {
        this.#except.delete(person.id);
        this.#all = { ...this.#all, size: this.#all.size + 1 };
      } else {
        this.#except.add(person.id);
        this.#all = { ...this.#all, size: Math.max(0, this.#all.size - 1) };
      }
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
