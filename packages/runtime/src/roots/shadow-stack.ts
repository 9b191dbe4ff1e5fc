import { InvalidHandleError } from "../errors";
import type { RootOwner } from "./handle-table";

/**
 * The shadow stack: the roots of compiled code (a workload, an interpreter's value stack), as
 * AssemblyScript's runtime keeps them. One typed array of object addresses and a stack pointer; the
 * collectors scan it beside the handle table and rewrite an entry when they move its object.
 *
 * Why: a handle costs a slot, a generation, a flag, a scope entry and a release per temporary; an entry
 * here costs one store and one stack-pointer bump, and a frame's entries all go with one `popTo`. Entries
 * are counted references, as handles are (`owner.retain`/`release`: an incref/decref under reference
 * counting, nothing under a tracing strategy), so the same code runs under every strategy.
 *
 * Invariant: `words[0 .. sp)` are the live entries, each an object address (0 = None) the owner counts as
 * one reference; `words[sp ..)` are garbage the collectors never read.
 *
 * @example
 * const mark = stack.sp;
 * const i = stack.push(addr);  // retained
 * stack.get(i);                // the address, updated if a collection moved the object
 * stack.popTo(mark);           // released
 */
export class ShadowStack {
  /** Entry i holds an object address (0 = None). Collectors rewrite moved entries; re-read after growth. */
  words: Uint32Array;
  /** Entries in use: the next push goes to `words[sp]`. */
  sp = 0;

  constructor(
    private readonly owner: RootOwner,
    capacity = 1024,
  ) {
    this.words = new Uint32Array(capacity);
  }

  /** Pushes `addr` as a new reference (retained); returns its index. */
  push(addr: number): number {
    if (addr !== 0) this.owner.retain(addr);
    return this.pushOwned(addr);
  }

  /**
   * Pushes a reference the caller already owns (a new object): not retained again, released by `popTo`.
   * Returns its index.
   */
  pushOwned(addr: number): number {
    // The one check of the fast path: room for the entry.
    if (this.sp === this.words.length) this.grow();
    this.words[this.sp] = addr;
    return this.sp++;
  }

  /**
   * The address in entry `i` (valid until the next allocation, which may move it).
   * @throws InvalidHandleError when `i` is not a live entry.
   */
  get(i: number): number {
    // `i >>> 0` turns a negative, fractional or non-number index into one that fails the bound.
    if (i >>> 0 !== i || i >= this.sp) this.refuse(i);
    return this.words[i]!;
  }

  /** Points entry `i` at `addr`: retains the new address, then releases the old one. */
  set(i: number, addr: number): void {
    const old = this.get(i);
    if (addr !== 0) this.owner.retain(addr);
    this.words[i] = addr;
    if (old !== 0) this.owner.release(old);
  }

  /**
   * Pops every entry from `mark` up (a frame's return), releasing them last pushed first, as CPython's
   * frame clears its value stack from the top.
   * @throws InvalidHandleError when `mark` is above the stack pointer.
   */
  popTo(mark: number): void {
    if (mark >>> 0 !== mark || mark > this.sp) this.refuse(mark);
    // The stack pointer drops before each release, so a finalizer the release runs (refcounting) sees
    // a stack without the entry and may push and pop above it.
    while (this.sp > mark) {
      const a = this.words[--this.sp]!;
      if (a !== 0) this.owner.release(a);
    }
  }

  /**
   * A frame returns entry `i` to its caller: the entry moves down to `mark` (its reference moves with
   * it, no retain or release) and every other entry from `mark` up is popped and released. Returns
   * `mark`, the result's index. The result sits in the stack throughout, so a finalizer a release runs
   * cannot lose it.
   * @throws InvalidHandleError unless `mark <= i < sp`.
   */
  returnTo(mark: number, i: number): number {
    this.get(i);
    if (mark >>> 0 !== mark || mark > i) this.refuse(mark);
    const words = this.words;
    const result = words[i]!;
    words[i] = words[mark]!;
    words[mark] = result;
    this.popTo(mark + 1);
    return mark;
  }

  /** Calls `visit(words, i)` for every live entry holding an object; the visitor may rewrite `words[i]`. */
  forEachRoot(visit: (words: Uint32Array, i: number) => void): void {
    const words = this.words;
    for (let i = 0; i < this.sp; i++) if (words[i] !== 0) visit(words, i);
  }

  private grow(): void {
    const w = new Uint32Array(this.words.length * 2);
    w.set(this.words);
    this.words = w;
  }

  private refuse(i: unknown): never {
    throw new InvalidHandleError(
      `invalid shadow-stack index ${typeof i === "number" ? i : typeof i}: the stack holds ${this.sp} entries`,
    );
  }
}
