import { InvalidHandleError } from "../errors";
import type { Handle } from "./handle";
import { ShadowStack } from "./shadow-stack";

const INDEX_BITS = 22;
const INDEX_MASK = (1 << INDEX_BITS) - 1;
const GEN_MASK = 0x1ff;
const FLAG_LIVE = 1;
const FLAG_PERSISTENT = 2;
const FLAG_ESCAPED = 4;
/** Tables made so far: each starts its generations at a different value (see `salt`). */
let tablesMade = 0;

/**
 * Called when a slot gains or loses an object reference (a strategy's `retain`/`release`).
 * @example
 * const table = new HandleTable({ retain: (a) => {}, release: (a) => {} });
 */
export interface RootOwner {
  retain(addr: number): void;
  release(addr: number): void;
}

/**
 * The root table: typed arrays of slots, a free list, and a stack of scoped handles.
 *
 * A handle is `index | generation << 22`; the generation changes each time a slot is reused, so a
 * released handle is caught rather than silently reading another object. Handles made inside a scope
 * are released when it closes, unless they were persisted or escaped. No JS object is made per handle.
 *
 * @example
 * const mark = table.openScope();
 * const h = table.create(addr, false);
 * table.closeScope(mark); // releases h
 */
export class HandleTable {
  /** Slot i holds an object address (0 = None). Collectors update these when objects move. */
  addrs: Uint32Array;
  private gens: Uint16Array;
  private flags: Uint8Array;
  private freeList: Int32Array;
  private freeTop = 0;
  private scoped: Int32Array;
  private scopedTop = 0;
  /** Highest slot index ever used + 1. */
  used = 1;
  /** Live handles now. */
  live = 0;
  /** The shadow stack of compiled code: the other half of the root set, with the same owner. */
  readonly stack: ShadowStack;
  /**
   * Where this table's generations start. Consecutive tables (runtimes) get different salts, so a
   * handle from another runtime names the wrong generation here and is refused instead of silently
   * reading this runtime's object in the same slot.
   */
  private readonly salt = (tablesMade++ * 97 + 1) & GEN_MASK;

  constructor(
    private readonly owner: RootOwner,
    capacity = 1024,
  ) {
    this.addrs = new Uint32Array(capacity);
    this.gens = new Uint16Array(capacity).fill(this.salt);
    this.flags = new Uint8Array(capacity);
    this.freeList = new Int32Array(capacity);
    this.scoped = new Int32Array(capacity);
    this.stack = new ShadowStack(owner);
    // Slot 0 is None, permanently live and persistent.
    this.flags[0] = FLAG_LIVE | FLAG_PERSISTENT;
  }

  /**
   * Makes a handle for `addr`. `adopt` = the caller hands over a reference it already owns (a new
   * object), so the owner's `retain` is not called. Scoped unless `persistent`.
   */
  create(addr: number, adopt: boolean, persistent = false): Handle {
    if (addr === 0 && !persistent) return 0;
    let i: number;
    if (this.freeTop > 0) i = this.freeList[--this.freeTop]!;
    else {
      if (this.used === this.addrs.length) this.grow();
      i = this.used++;
    }
    if (i > INDEX_MASK) throw new InvalidHandleError(`too many live handles (more than ${INDEX_MASK})`);
    this.addrs[i] = addr;
    this.flags[i] = FLAG_LIVE | (persistent ? FLAG_PERSISTENT : 0);
    this.live++;
    if (!adopt && addr !== 0) this.owner.retain(addr);
    if (!persistent) {
      if (this.scopedTop === this.scoped.length) this.scoped = grow32(this.scoped);
      this.scoped[this.scopedTop++] = i;
    }
    return i | ((this.gens[i]! & GEN_MASK) << INDEX_BITS);
  }

  /** The slot index of a valid handle. @throws InvalidHandleError */
  index(h: Handle): number {
    const i = h & INDEX_MASK;
    if (h === 0) return 0;
    if (
      h !== h >>> 0 || // not a handle at all: 0.5, NaN, a string (`i` alone would alias a real slot)
      i === 0 ||
      i >= this.used ||
      (this.flags[i]! & FLAG_LIVE) === 0 ||
      (this.gens[i]! & GEN_MASK) !== h >>> INDEX_BITS
    ) {
      throw new InvalidHandleError(
        h !== h >>> 0
          ? `invalid handle ${typeof h === "number" ? h : typeof h}: a handle is a whole number a runtime issued`
          : `invalid handle ${h}: ${i >= this.used || i === 0 ? "it was never issued by this runtime" : "it was released (or belongs to another runtime)"}`,
      );
    }
    return i;
  }

  /** The address a handle holds. */
  get(h: Handle): number {
    return h === 0 ? 0 : this.addrs[this.index(h)]!;
  }

  /** Whether `h` is a live handle of this table. */
  isValid(h: Handle): boolean {
    const i = h & INDEX_MASK;
    if (h === 0) return true;
    return (
      i > 0 &&
      i < this.used &&
      (this.flags[i]! & FLAG_LIVE) !== 0 &&
      (this.gens[i]! & GEN_MASK) === h >>> INDEX_BITS
    );
  }

  /** Points a persistent handle at `addr`: retains the new value, then releases the old one. */
  set(h: Handle, addr: number, adopt = false): void {
    const i = this.index(h);
    if (i === 0) throw new InvalidHandleError("the None handle cannot be assigned");
    const old = this.addrs[i]!;
    if (!adopt && addr !== 0) this.owner.retain(addr);
    this.addrs[i] = addr;
    if (old !== 0) this.owner.release(old);
  }

  /** Releases a handle now (scoped or persistent). */
  release(h: Handle): void {
    const i = this.index(h);
    if (i === 0) return;
    this.free(i);
  }

  /** Makes a scoped handle survive its scope; release it explicitly later. */
  persist(h: Handle): void {
    const i = this.index(h);
    this.flags[i]! |= FLAG_PERSISTENT;
  }

  /** Moves a scoped handle to the enclosing scope when the current one closes. */
  escape(h: Handle): Handle {
    const i = this.index(h);
    if (i !== 0) this.flags[i]! |= FLAG_ESCAPED;
    return h;
  }

  /** Opens a scope; returns the mark to close it with. */
  openScope(): number {
    return this.scopedTop;
  }

  /** Releases every scoped handle made since `mark`, except persisted and escaped ones. */
  closeScope(mark: number): void {
    const top = this.scopedTop;
    let keep = mark;
    for (let k = mark; k < top; k++) {
      const i = this.scoped[k]!;
      const f = this.flags[i]!;
      if ((f & FLAG_LIVE) === 0 || (f & FLAG_PERSISTENT) !== 0) continue;
      if ((f & FLAG_ESCAPED) !== 0) {
        this.flags[i] = f & ~FLAG_ESCAPED;
        this.scoped[keep++] = i;
        continue;
      }
      this.free(i);
    }
    this.scopedTop = keep;
  }

  /** Calls `visit(slotIndex)` for every live slot holding an object: the roots. */
  forEachRoot(visit: (slot: number) => void): void {
    const flags = this.flags;
    const addrs = this.addrs;
    for (let i = 1; i < this.used; i++) if ((flags[i]! & FLAG_LIVE) !== 0 && addrs[i] !== 0) visit(i);
  }

  /**
   * Calls `visit(words, i)` for every root word holding an object: the handle slots, then the shadow
   * stack's entries. The visitor may rewrite `words[i]` (a moving collector). Collectors and verifiers
   * use this, so neither half of the root set can be forgotten.
   * @example
   * table.forEachRootWord((words, i) => { words[i] = forward(words[i]); });
   */
  forEachRootWord(visit: (words: Uint32Array, i: number) => void): void {
    const flags = this.flags;
    const addrs = this.addrs;
    for (let i = 1; i < this.used; i++) if ((flags[i]! & FLAG_LIVE) !== 0 && addrs[i] !== 0) visit(addrs, i);
    this.stack.forEachRoot(visit);
  }

  private free(i: number): void {
    const addr = this.addrs[i]!;
    this.addrs[i] = 0;
    this.flags[i] = 0;
    this.gens[i] = (this.gens[i]! + 1) & GEN_MASK;
    if (this.freeTop === this.freeList.length) this.freeList = grow32(this.freeList);
    this.freeList[this.freeTop++] = i;
    this.live--;
    if (addr !== 0) this.owner.release(addr);
  }

  private grow(): void {
    const n = this.addrs.length * 2;
    const a = new Uint32Array(n);
    a.set(this.addrs);
    this.addrs = a;
    const g = new Uint16Array(n).fill(this.salt);
    g.set(this.gens);
    this.gens = g;
    const f = new Uint8Array(n);
    f.set(this.flags);
    this.flags = f;
  }
}

function grow32(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
