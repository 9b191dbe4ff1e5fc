import type { FreeListKind, ObjectFreeLists } from "./object-memory";

/** `PyTuple_MAXSAVESIZE`: tuples of 1..20 items are saved (20-tuples are saved but never reused). */
const TUPLE_MAXSAVESIZE = 20;
/** `PyTuple_MAXFREELIST`. */
const TUPLE_MAXFREELIST = 2000;
/** `PyFloat_MAXFREELIST`. */
const FLOAT_MAXFREELIST = 100;
/** `PyList_MAXFREELIST`, `PyDict_MAXFREELIST`. */
const LIST_MAXFREELIST = 80;
const DICT_MAXFREELIST = 80;

class Stack {
  items: number[] = [];
  constructor(readonly limit: number) {}
}

/**
 * CPython 3.11's free lists with their limits and quirks, kept as address stacks (LIFO, as CPython's
 * singly linked lists are): floats 100, lists 80, dicts 80, tuples 2000 per length 1..20, where a
 * 20-tuple is pushed but a pop serves only lengths below 20 (`maybe_freelist_pop`, gh-121439).
 *
 * @example
 * const lists = new FreeLists311();
 * lists.push("tuple", t, 2);
 * lists.pop("tuple", 2); // t
 */
export class FreeLists311 implements ObjectFreeLists {
  private readonly floats = new Stack(FLOAT_MAXFREELIST);
  private readonly lists = new Stack(LIST_MAXFREELIST);
  private readonly dicts = new Stack(DICT_MAXFREELIST);
  private readonly tuples: Stack[] = Array.from(
    { length: TUPLE_MAXSAVESIZE + 1 },
    () => new Stack(TUPLE_MAXFREELIST),
  );

  private stackFor(kind: FreeListKind, size: number): Stack | undefined {
    switch (kind) {
      case "float":
        return this.floats;
      case "list":
        return this.lists;
      case "dict":
        return this.dicts;
      default:
        return size >= 1 && size <= TUPLE_MAXSAVESIZE ? this.tuples[size] : undefined;
    }
  }

  pop(kind: FreeListKind, size: number): number {
    if (kind === "tuple" && size >= TUPLE_MAXSAVESIZE) return 0;
    const s = this.stackFor(kind, size);
    return s === undefined || s.items.length === 0 ? 0 : s.items.pop()!;
  }

  push(kind: FreeListKind, obj: number, size: number): boolean {
    const s = this.stackFor(kind, size);
    if (s === undefined || s.items.length >= s.limit) return false;
    s.items.push(obj);
    return true;
  }

  clear(release: (obj: number, kind: FreeListKind) => void): void {
    // _PyGC_ClearAllFreeLists order: tuples, floats, lists, dicts.
    for (let n = 1; n <= TUPLE_MAXSAVESIZE; n++) drain(this.tuples[n]!, "tuple", release);
    drain(this.floats, "float", release);
    drain(this.lists, "list", release);
    drain(this.dicts, "dict", release);
  }

  /** Objects saved now, per kind. */
  sizes(): Record<FreeListKind, number> {
    return {
      float: this.floats.items.length,
      list: this.lists.items.length,
      dict: this.dicts.items.length,
      tuple: this.tuples.reduce((n, s) => n + s.items.length, 0),
    };
  }
}

function drain(s: Stack, kind: FreeListKind, release: (obj: number, kind: FreeListKind) => void): void {
  const items = s.items;
  s.items = [];
  for (let i = items.length - 1; i >= 0; i--) release(items[i]!, kind);
}
