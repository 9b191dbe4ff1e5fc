import type { FreeListLine } from "./debug-malloc-stats";
import { FreeList } from "./free-list";

/** `PyFloat_MAXFREELIST`. */
export const FLOAT_MAXFREELIST = 100;
/** `PyTuple_MAXSAVESIZE`: tuples of 1..20 items have free lists. */
export const TUPLE_MAXSAVESIZE = 20;
/** `PyTuple_MAXFREELIST`: per size. */
export const TUPLE_MAXFREELIST = 2000;
/** `PyList_MAXFREELIST`. */
export const LIST_MAXFREELIST = 80;
/** `PyDict_MAXFREELIST`: dict objects, and separately 8-slot unicode keys objects. */
export const DICT_MAXFREELIST = 80;
/** `_PyAsyncGen_MAXFREELIST`: value wrappers and `asend` objects each. */
export const ASYNC_GEN_MAXFREELIST = 80;
/** `PyContext_MAXFREELIST`. */
export const CONTEXT_MAXFREELIST = 255;
/** `PyDict_LOG_MINSIZE`: only keys objects of 2^3 = 8 slots are kept. */
export const DICT_LOG_MINSIZE = 3;

/** Which free list an address came from, for `clear`'s release callback. */
export type FreeListKind =
  | "float"
  | "tuple"
  | "list"
  | "dict"
  | "dict-keys"
  | "async-gen-value"
  | "async-gen-asend"
  | "context";

/**
 * CPython 3.11's per-type free lists, with their limits and quirks (`Objects/*object.c`,
 * `Include/internal/pycore_*.h`). Popping from a list does not pass through the GC allocator, so it
 * does not change `gc.get_count()`; a full collection empties all of them (`clear_freelists`).
 *
 * @example
 * const fl = new CPythonFreeLists();
 * fl.pushTuple(20, addr); // true: 20-tuples are saved...
 * fl.popTuple(20);        // 0: ...but never reused in 3.11 (gh-121439)
 */
export class CPythonFreeLists {
  readonly float = new FreeList("float", FLOAT_MAXFREELIST);
  /** `tuples[n - 1]` holds tuples of `n` items, 1 ≤ n ≤ 20. */
  readonly tuples: readonly FreeList[] = Array.from(
    { length: TUPLE_MAXSAVESIZE },
    (_, i) => new FreeList(`tuple[${i + 1}]`, TUPLE_MAXFREELIST),
  );
  readonly list = new FreeList("list", LIST_MAXFREELIST);
  readonly dict = new FreeList("dict", DICT_MAXFREELIST);
  readonly dictKeys = new FreeList("dict keys", DICT_MAXFREELIST);
  readonly asyncGenValue = new FreeList("async_gen value wrapper", ASYNC_GEN_MAXFREELIST);
  readonly asyncGenAsend = new FreeList("async_gen asend", ASYNC_GEN_MAXFREELIST);
  readonly context = new FreeList("Context", CONTEXT_MAXFREELIST);

  /**
   * @param tupleReuseMax the largest tuple size `popTuple` reuses: 19 before 3.14 (20-tuples are saved
   * but never reused), 20 from 3.14 (gh-121439); the version profile's `freeLists.tupleReuseMax`.
   */
  constructor(private readonly tupleReuseMax = TUPLE_MAXSAVESIZE - 1) {}

  /** `float_dealloc` of an exact float: keep it if fewer than 100 are kept. */
  pushFloat(addr: number): boolean {
    return this.float.push(addr);
  }
  /** `PyFloat_FromDouble`: a kept float, or 0. */
  popFloat(): number {
    return this.float.pop();
  }

  /** `maybe_freelist_push`: exact tuples of 1..20 items, 2000 per size. */
  pushTuple(size: number, addr: number): boolean {
    if (size < 1 || size > TUPLE_MAXSAVESIZE) return false;
    return this.tuples[size - 1]!.push(addr);
  }
  /** `maybe_freelist_pop`: only sizes up to `tupleReuseMax` are reused (19: the 3.11 quirk); 0 when none. */
  popTuple(size: number): number {
    if (size < 1 || size > this.tupleReuseMax) return 0;
    return this.tuples[size - 1]!.pop();
  }

  /** `list_dealloc` of an exact list (its item array already freed). */
  pushList(addr: number): boolean {
    return this.list.push(addr);
  }
  popList(): number {
    return this.list.pop();
  }

  /** `dict_dealloc` of an exact dict. */
  pushDict(addr: number): boolean {
    return this.dict.push(addr);
  }
  popDict(): number {
    return this.dict.pop();
  }

  /** `free_keys_object`: kept only for 8-slot keys with unicode keys (`DK_IS_UNICODE`). */
  pushDictKeys(addr: number, log2Size: number, unicode: boolean): boolean {
    if (log2Size !== DICT_LOG_MINSIZE || !unicode) return false;
    return this.dictKeys.push(addr);
  }
  /** `new_keys_object`: reuse only for an 8-slot unicode keys object. */
  popDictKeys(log2Size: number, unicode: boolean): number {
    if (log2Size !== DICT_LOG_MINSIZE || !unicode) return 0;
    return this.dictKeys.pop();
  }

  /** Objects kept in all the lists. */
  get totalKept(): number {
    let n = this.float.size + this.list.size + this.dict.size + this.dictKeys.size;
    n += this.asyncGenValue.size + this.asyncGenAsend.size + this.context.size;
    for (const t of this.tuples) n += t.size;
    return n;
  }

  /**
   * `clear_freelists` (every generation-2 collection, and finalization): empties every list in
   * CPython's order — tuples, floats, lists, dicts then dict keys, async generators, contexts —
   * handing each address to `release` to be freed. Returns how many objects were released.
   */
  clear(release: (addr: number, kind: FreeListKind) => void): number {
    let n = 0;
    for (const t of this.tuples) n += t.clear((a) => release(a, "tuple"));
    n += this.float.clear((a) => release(a, "float"));
    n += this.list.clear((a) => release(a, "list"));
    n += this.dict.clear((a) => release(a, "dict"));
    n += this.dictKeys.clear((a) => release(a, "dict-keys"));
    n += this.asyncGenValue.clear((a) => release(a, "async-gen-value"));
    n += this.asyncGenAsend.clear((a) => release(a, "async-gen-asend"));
    n += this.context.clear((a) => release(a, "context"));
    return n;
  }

  /**
   * The lines `_PyObject_DebugTypeStats` prints in 3.11: dict (48 bytes), float (24), list (40), then
   * tuples of 1..20 items (24 + 8n bytes). Sizes are CPython's `sizeof`, without the GC header.
   */
  debugLines(): FreeListLine[] {
    const lines: FreeListLine[] = [
      { name: "free PyDictObject", count: this.dict.size, size: 48 },
      { name: "free PyFloatObject", count: this.float.size, size: 24 },
      { name: "free PyListObject", count: this.list.size, size: 40 },
    ];
    for (let n = 1; n <= TUPLE_MAXSAVESIZE; n++) {
      lines.push({
        name: `free ${n}-sized PyTupleObject`,
        count: this.tuples[n - 1]!.size,
        size: 24 + 8 * n,
      });
    }
    return lines;
  }
}
