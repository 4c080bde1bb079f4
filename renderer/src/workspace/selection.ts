// The people selected in the table, by id, so the selection survives sorting, scrolling
// and refreshes. Each keeps the person as last loaded (for copy and menu labels).
//
// Bulk actions on very large selections ("all 1,000,000 matching", issue 12's defect
// 6) will add a query-based mode here; the table and the commands only ask this class.

import type { PersonDto } from '../../../main/common/people-contract.js';

export class Selection {
  readonly #people = new Map<number, PersonDto>();

  get size(): number {
    return this.#people.size;
  }

  has(id: number): boolean {
    return this.#people.has(id);
  }

  /** Ids in the order they were selected (a range: in table order). */
  ids(): number[] {
    return [...this.#people.keys()];
  }

  people(): PersonDto[] {
    return [...this.#people.values()];
  }

  /** Empties it; true if anything was selected. */
  clear(): boolean {
    const had = this.#people.size > 0;
    this.#people.clear();
    return had;
  }

  /** Exactly this person (or no one). */
  only(person: PersonDto | undefined): void {
    this.#people.clear();
    if (person) this.#people.set(person.id, person);
  }

  toggle(person: PersonDto): void {
    if (this.#people.has(person.id)) this.#people.delete(person.id);
    else this.#people.set(person.id, person);
  }

  replace(people: Iterable<PersonDto>): void {
    this.#people.clear();
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
