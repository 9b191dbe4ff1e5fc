/** `_PY_NSMALLNEGINTS`: -5..-1 are cached. */
export const NSMALLNEGINTS = 5;
/** `_PY_NSMALLPOSINTS`: 0..256 are cached. */
export const NSMALLPOSINTS = 257;

/**
 * The 262 static small ints of CPython 3.11 (-5..256, `_PyRuntime.global_objects.singletons.small_ints`):
 * a table of their addresses. The strategy fills it when it attaches, through a callback that allocates
 * each int (their refcount starts at 999,999,999 in 3.11; they are not truly immortal until 3.12).
 *
 * @example
 * const ints = new SmallIntCache();
 * ints.fill((v) => allocateStaticInt(v));
 * ints.get(7);    // the address of the one 7
 * ints.get(257);  // 0: not cached
 */
export class SmallIntCache {
  /** `addresses[v + 5]` is the address of `v`. */
  readonly addresses = new Uint32Array(NSMALLNEGINTS + NSMALLPOSINTS);
  private byAddress = new Map<number, number>();

  /** True for the values CPython caches. */
  static isSmall(value: number): boolean {
    return Number.isInteger(value) && value >= -NSMALLNEGINTS && value < NSMALLPOSINTS;
  }

  /** True once `fill` ran. */
  get filled(): boolean {
    return this.byAddress.size === this.addresses.length;
  }

  /** Allocates every small int through `allocate(value)` (ascending from -5) and records its address. */
  fill(allocate: (value: number) => number): void {
    this.byAddress.clear();
    for (let v = -NSMALLNEGINTS; v < NSMALLPOSINTS; v++) {
      const addr = allocate(v);
      this.addresses[v + NSMALLNEGINTS] = addr;
      this.byAddress.set(addr, v);
    }
  }

  /** The address of small int `value`, or 0 when it is not cached (or not filled yet). */
  get(value: number): number {
    if (!SmallIntCache.isSmall(value)) return 0;
    return this.addresses[value + NSMALLNEGINTS]!;
  }

  /** True if `addr` is one of the cached ints (never freed). */
  isCached(addr: number): boolean {
    return this.byAddress.has(addr);
  }

  /** The value of the cached int at `addr`, or undefined. */
  valueAt(addr: number): number | undefined {
    return this.byAddress.get(addr);
  }

  /** Updates an address after a moving collector moved a cached int. */
  relocate(value: number, addr: number): void {
    const old = this.get(value);
    this.byAddress.delete(old);
    this.addresses[value + NSMALLNEGINTS] = addr;
    this.byAddress.set(addr, value);
  }
}
