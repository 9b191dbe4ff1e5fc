/**
 * CPython 3.11's interned strings (`Objects/unicodeobject.c` `PyUnicode_InternInPlace`): a table from
 * text to the one string object holding it. Interned strings are **mortal** in 3.11: the table's two
 * references are not counted (`refcnt -= 2`, `SSTATE_INTERNED_MORTAL`), so when the last real reference
 * goes, `unicode_dealloc` removes the string from the table (`remove`) and frees it.
 *
 * @example
 * const interned = new InternTable();
 * interned.intern("spam", a);  // a: now the canonical "spam"
 * interned.intern("spam", b);  // a: the caller drops b and uses a
 * interned.remove(a);          // a died: "spam" is no longer interned
 */
export class InternTable {
  private readonly byText = new Map<string, number>();
  private readonly byAddress = new Map<number, string>();

  /** Number of interned strings. */
  get size(): number {
    return this.byText.size;
  }

  /**
   * `PyUnicode_InternInPlace`: the canonical string for `text`: the one already interned, or `addr`,
   * which becomes interned.
   */
  intern(text: string, addr: number): number {
    const found = this.byText.get(text);
    if (found !== undefined) return found;
    this.byText.set(text, addr);
    this.byAddress.set(addr, text);
    return addr;
  }

  /** The interned string holding `text`, or 0. */
  lookup(text: string): number {
    return this.byText.get(text) ?? 0;
  }

  /** True if the string at `addr` is interned (`PyUnicode_CHECK_INTERNED`). */
  isInterned(addr: number): boolean {
    return this.byAddress.has(addr);
  }

  /** `unicode_dealloc` of an interned string: drop it from the table. Returns false if it was not interned. */
  remove(addr: number): boolean {
    const text = this.byAddress.get(addr);
    if (text === undefined) return false;
    this.byAddress.delete(addr);
    this.byText.delete(text);
    return true;
  }

  /** Updates an address after a moving collector moved an interned string. */
  relocate(from: number, to: number): void {
    const text = this.byAddress.get(from);
    if (text === undefined) return;
    this.byAddress.delete(from);
    this.byAddress.set(to, text);
    this.byText.set(text, to);
  }

  /** Calls `f` for every interned string. */
  forEach(f: (text: string, addr: number) => void): void {
    for (const [text, addr] of this.byText) f(text, addr);
  }

  /**
   * `all_name_chars`: a code object's string constant is interned when it matches `[A-Za-z0-9_]*`
   * (names and varnames always are).
   */
  static isNameLike(text: string): boolean {
    return /^[A-Za-z0-9_]*$/.test(text);
  }
}
