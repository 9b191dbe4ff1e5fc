import { HeapCorruptionError, type LinearMemory } from "@heaplab/runtime";
import { AddressSet } from "./address-set";

/** `PYMEM_CLEANBYTE`: fresh memory from malloc/realloc is filled with it. */
export const CLEANBYTE = 0xcd;
/** `PYMEM_DEADBYTE`: freed memory is filled with it. */
export const DEADBYTE = 0xdd;
/** `PYMEM_FORBIDDENBYTE`: the guard bytes before and after each block. */
export const FORBIDDENBYTE = 0xfd;
/** Bytes the hooks add to each request: size word, API id + 7 pads, 8 trailing pads, serial number. */
export const DEBUG_OVERHEAD = 32;
/** API ids, as CPython writes them in the block header. */
export const API_RAW = 0x72; // 'r'
export const API_MEM = 0x6d; // 'm'
export const API_OBJ = 0x6f; // 'o'

/**
 * What a debug check found.
 * @example
 * catch (e) { if (e instanceof MemoryDebugError && e.kind === "overrun") console.error(e.report); }
 */
export type DebugErrorKind =
  | "bad-id"
  | "underrun"
  | "overrun"
  | "double-free"
  | "never-allocated"
  | "read-after-free";

/**
 * A debug-hook detection (`Fatal Python error: _PyMem_DebugRawFree: bad trailing pad byte` and the
 * others). The message names the address, the block's serial number and the bytes found; `report` is
 * the `_PyObject_DebugDumpAddress` text.
 * @example
 * try { raw.free(p); } catch (e) { if (e instanceof MemoryDebugError) console.log(e.kind, e.serial); }
 */
export class MemoryDebugError extends HeapCorruptionError {
  override name = "MemoryDebugError";
  constructor(
    readonly kind: DebugErrorKind,
    problem: string,
    address: number,
    /** The allocation serial number of the block at fault, or null when there is no block. */
    readonly serial: number | null,
    /** The CPython-style dump of the block. */
    readonly report: string,
  ) {
    super(`${problem}\n${report}`, address);
  }
}

/**
 * The allocator under the hooks: it sees requests of `n + DEBUG_OVERHEAD` bytes.
 * @example
 * class Arena implements UnderlyingAllocator { mallocUnderlying(n) { … } freeUnderlying(p) { … } reallocUnderlying(p, n) { … } }
 */
export interface UnderlyingAllocator {
  mallocUnderlying(n: number): number;
  freeUnderlying(p: number): void;
  reallocUnderlying(p: number, n: number): number;
}

/** How many recently freed blocks are remembered (to name their serial on a double free or a late read). */
const FREED_MEMORY = 1024;

/**
 * CPython's debug hooks (`PYTHONMALLOC=debug`, `Objects/obmalloc.c` `_PyMem_DebugRawAlloc` and friends)
 * with the serial number enabled (`PYMEM_DEBUG_SERIALNO`). One instance is shared by every allocator
 * domain of a heap, so serial numbers are global and an API mismatch is visible.
 *
 * Block layout for an `n`-byte request, `b` the underlying block and `p = b + 16` the caller's address:
 * `[b, b+8)` n big-endian; `b+8` the API id; `[b+9, b+16)` 0xFD; `[p, p+n)` data (0xCD);
 * `[p+n, p+n+8)` 0xFD; `[p+n+8, p+n+16)` the serial number big-endian.
 *
 * @example
 * const hooks = new DebugHooks(mem);
 * const p = hooks.malloc(API_RAW, 8, false, heap);
 * hooks.free(API_RAW, p, heap); // throws MemoryDebugError if a guard byte was overwritten
 */
export class DebugHooks {
  /** The serial number of the latest allocation (`serialno`). */
  serial = 0;
  /** Caller addresses of every live decorated block. */
  readonly live = new AddressSet();
  private readonly freedAt = new Uint32Array(FREED_MEMORY);
  private readonly freedSize = new Uint32Array(FREED_MEMORY);
  private readonly freedSerial = new Float64Array(FREED_MEMORY);
  private readonly freedApi = new Uint8Array(FREED_MEMORY);
  private freedNext = 0;

  constructor(readonly mem: LinearMemory) {}

  /** Number of live decorated blocks (leaks, at the end of a program). */
  get liveBlocks(): number {
    return this.live.size;
  }

  /** `_PyMem_DebugRawAlloc`: allocates `n + 32` bytes below and decorates them. */
  malloc(api: number, n: number, zero: boolean, under: UnderlyingAllocator): number {
    const b = under.mallocUnderlying(n + DEBUG_OVERHEAD);
    const p = b + 16;
    this.decorate(api, p, n);
    this.mem.fill(p, n, zero ? 0 : CLEANBYTE);
    this.live.add(p);
    return p;
  }

  /** `_PyMem_DebugRawFree`: checks the block, fills it with 0xDD and frees it below. */
  free(api: number, p: number, under: UnderlyingAllocator): void {
    this.check(api, p, "_PyMem_DebugRawFree");
    const n = this.sizeOf(p);
    this.remember(p, n, this.serialOf(p, n), api);
    this.live.delete(p);
    this.mem.fill(p - 16, n + DEBUG_OVERHEAD, DEADBYTE);
    under.freeUnderlying(p - 16);
  }

  /**
   * `_PyMem_DebugRawRealloc`: checks the block, reallocates it below, re-decorates it with a new
   * serial number and fills the bytes gained with 0xCD.
   */
  realloc(api: number, p: number, n: number, under: UnderlyingAllocator): number {
    this.check(api, p, "_PyMem_DebugRawRealloc");
    const old = this.sizeOf(p);
    const b = under.reallocUnderlying(p - 16, n + DEBUG_OVERHEAD);
    const q = b + 16;
    this.live.delete(p);
    this.live.add(q);
    this.decorate(api, q, n);
    if (n > old) this.mem.fill(q + old, n - old, CLEANBYTE);
    return q;
  }

  /** The bytes originally requested for the live block at `p`. */
  sizeOf(p: number): number {
    const u8 = this.mem.u8;
    return ((u8[p - 12]! << 24) | (u8[p - 11]! << 16) | (u8[p - 10]! << 8) | u8[p - 9]!) >>> 0;
  }

  /** True if `p` is the caller address of a live decorated block. */
  isLive(p: number): boolean {
    return this.live.has(p);
  }

  /**
   * Detects a read of freed memory: throws if `[addr, addr + n)` lies in a recently freed block and still
   * reads 0xDD. Call it where a program dereferences memory it does not own for sure.
   * @throws MemoryDebugError (`read-after-free`) naming the address, the freed block's serial and the bytes.
   */
  checkRead(addr: number, n = 1): void {
    const at = this.findFreed(addr);
    if (at < 0) return;
    const u8 = this.mem.u8;
    for (let i = 0; i < n; i++) if (u8[addr + i] !== DEADBYTE) return;
    const p = this.freedAt[at]!;
    const serial = this.freedSerial[at]!;
    const found = hexBytes(u8, addr, Math.min(n, 8));
    throw new MemoryDebugError(
      "read-after-free",
      `read of freed memory at 0x${addr.toString(16)}: it lies in block p=0x${p.toString(16)} (serial #${serial}, API '${String.fromCharCode(this.freedApi[at]!)}', ${this.freedSize[at]} bytes), already freed; found ${found} (0xdd = PYMEM_DEADBYTE)`,
      addr,
      serial,
      `Debug memory block at address p=0x${p.toString(16)}: freed\n    ${this.freedSize[at]} bytes originally requested\n    The block was made by call #${serial} to debug malloc/realloc.\n    Data at p: ${hexBytes(u8, p, Math.min(8, this.freedSize[at]!))}`,
    );
  }

  /**
   * Checks the guard bytes of every live block.
   * @throws MemoryDebugError for the first block with a bad pad.
   */
  verify(): void {
    let bad: MemoryDebugError | null = null;
    this.live.forEach((p) => {
      if (bad !== null) return;
      try {
        this.checkPads(p, this.mem.u8[p - 8]!, "_PyMem_DebugCheckAddress");
      } catch (e) {
        if (e instanceof MemoryDebugError) bad = e;
        else throw e;
      }
    });
    if (bad !== null) throw bad;
  }

  /** `_PyObject_DebugDumpAddress`: the report CPython prints for the block at `p`. */
  dump(p: number): string {
    const u8 = this.mem.u8;
    const api = u8[p - 8]!;
    const lines = [`Debug memory block at address p=0x${p.toString(16)}: API '${String.fromCharCode(api)}'`];
    const n = this.sizeOf(p);
    lines.push(`    ${n} bytes originally requested`);
    const leadBad = firstNot(u8, p - 7, 7, FORBIDDENBYTE) >= 0;
    if (!leadBad) lines.push("    The 7 pad bytes at p-7 are FORBIDDENBYTE, as expected.");
    else {
      lines.push("    The 7 pad bytes at p-7 are not all FORBIDDENBYTE (0xfd):");
      for (let i = 7; i >= 1; i--)
        lines.push(
          `        at p-${i}: 0x${hex2(u8[p - i]!)}${u8[p - i] === FORBIDDENBYTE ? "" : " *** OUCH"}`,
        );
      lines.push("    Because memory is corrupted at the start, the count of bytes requested");
      lines.push("       may be bogus, and checking the trailing pad bytes may segfault.");
    }
    const tail = p + n;
    if (tail + 16 <= u8.length) {
      if (firstNot(u8, tail, 8, FORBIDDENBYTE) < 0) {
        lines.push(`    The 8 pad bytes at tail=0x${tail.toString(16)} are FORBIDDENBYTE, as expected.`);
      } else {
        lines.push(`    The 8 pad bytes at tail=0x${tail.toString(16)} are not all FORBIDDENBYTE (0xfd):`);
        for (let i = 0; i < 8; i++)
          lines.push(
            `        at tail+${i}: 0x${hex2(u8[tail + i]!)}${u8[tail + i] === FORBIDDENBYTE ? "" : " *** OUCH"}`,
          );
      }
      lines.push(`    The block was made by call #${this.serialOf(p, n)} to debug malloc/realloc.`);
      // CPython prints every byte of a short block, else the first 8, " ...", the last 8.
      const data = n <= 16 ? hexBytes(u8, p, n) : `${hexBytes(u8, p, 8)} ... ${hexBytes(u8, p + n - 8, 8)}`;
      if (n > 0) lines.push(`    Data at p: ${data}`);
    }
    return lines.join("\n");
  }

  /** `_PyMem_DebugCheckAddress`: live block, then API id, then leading pad, then trailing pad. */
  private check(api: number, p: number, func: string): void {
    if (!this.live.has(p)) this.notLive(api, p, func);
    const u8 = this.mem.u8;
    const id = u8[p - 8]!;
    if (id !== api) {
      const serial = this.serialOf(p, this.sizeOf(p));
      throw new MemoryDebugError(
        "bad-id",
        `Fatal Python error: ${func}: bad ID: Allocated using API '${String.fromCharCode(id)}', verified using API '${String.fromCharCode(api)}' (block p=0x${p.toString(16)}, serial #${serial}; found id byte 0x${hex2(id)})`,
        p,
        serial,
        this.dump(p),
      );
    }
    this.checkPads(p, api, func);
  }

  private checkPads(p: number, api: number, func: string): void {
    const u8 = this.mem.u8;
    const lead = firstNot(u8, p - 7, 7, FORBIDDENBYTE);
    if (lead >= 0 || u8[p - 8] !== api) {
      const at = lead >= 0 ? p - 7 + lead : p - 8;
      throw new MemoryDebugError(
        "underrun",
        `Fatal Python error: ${func}: bad leading pad byte (buffer underrun) at 0x${at.toString(16)} before block p=0x${p.toString(16)}: found 0x${hex2(u8[at]!)}, expected 0x${hex2(lead >= 0 ? FORBIDDENBYTE : api)}`,
        p,
        null,
        this.dump(p),
      );
    }
    const n = this.sizeOf(p);
    const tail = p + n;
    const trail = firstNot(u8, tail, 8, FORBIDDENBYTE);
    if (trail >= 0) {
      const serial = this.serialOf(p, n);
      throw new MemoryDebugError(
        "overrun",
        `Fatal Python error: ${func}: bad trailing pad byte (buffer overrun) at tail+${trail} = 0x${(tail + trail).toString(16)} of block p=0x${p.toString(16)} (serial #${serial}, ${n} bytes requested): found 0x${hex2(u8[tail + trail]!)}, expected 0xfd`,
        p,
        serial,
        this.dump(p),
      );
    }
  }

  /** Freeing (or reallocating) an address that is not a live block: a double free or a foreign address. */
  private notLive(api: number, p: number, func: string): never {
    const at = this.findFreed(p);
    const u8 = this.mem.u8;
    const found = p >= 16 && p + 8 <= u8.length ? `${hexBytes(u8, p, 8)} at p` : "(outside memory)";
    if (at >= 0 && this.freedAt[at] === p) {
      const serial = this.freedSerial[at]!;
      throw new MemoryDebugError(
        "double-free",
        `Fatal Python error: ${func}: double free of block p=0x${p.toString(16)} (serial #${serial}, API '${String.fromCharCode(this.freedApi[at]!)}', ${this.freedSize[at]} bytes), already freed; found ${found}`,
        p,
        serial,
        `Debug memory block at address p=0x${p.toString(16)}: freed\n    The block was made by call #${serial} to debug malloc/realloc.`,
      );
    }
    throw new MemoryDebugError(
      "never-allocated",
      `Fatal Python error: ${func}: address p=0x${p.toString(16)} was never allocated by API '${String.fromCharCode(api)}' (no live block starts there; no serial number); found ${found}`,
      p,
      null,
      `Debug memory block at address p=0x${p.toString(16)}: not a live block`,
    );
  }

  private decorate(api: number, p: number, n: number): void {
    const u8 = this.mem.u8;
    writeBigEndian(u8, p - 16, n);
    u8[p - 8] = api;
    u8.fill(FORBIDDENBYTE, p - 7, p);
    u8.fill(FORBIDDENBYTE, p + n, p + n + 8);
    writeBigEndian(u8, p + n + 8, ++this.serial);
  }

  private serialOf(p: number, n: number): number {
    const u8 = this.mem.u8;
    const at = p + n + 8;
    if (at + 8 > u8.length) return -1;
    let v = 0;
    for (let i = 0; i < 8; i++) v = v * 256 + u8[at + i]!;
    return v;
  }

  private remember(p: number, n: number, serial: number, api: number): void {
    const i = this.freedNext;
    this.freedAt[i] = p;
    this.freedSize[i] = n;
    this.freedSerial[i] = serial;
    this.freedApi[i] = api;
    this.freedNext = (i + 1) % FREED_MEMORY;
  }

  /** Index of the most recently freed block whose bytes (decorations included) contain `addr`, or -1. */
  private findFreed(addr: number): number {
    for (let k = 1; k <= FREED_MEMORY; k++) {
      const i = (this.freedNext - k + FREED_MEMORY) % FREED_MEMORY;
      const p = this.freedAt[i]!;
      if (p === 0) return -1;
      if (addr >= p - 16 && addr < p + this.freedSize[i]! + 16) {
        // A newer live block may now occupy these bytes.
        return this.live.has(p) ? -1 : i;
      }
    }
    return -1;
  }
}

function writeBigEndian(u8: Uint8Array, at: number, v: number): void {
  for (let i = 7; i >= 0; i--) {
    u8[at + i] = v % 256;
    v = Math.floor(v / 256);
  }
}

function firstNot(u8: Uint8Array, at: number, n: number, byte: number): number {
  for (let i = 0; i < n; i++) if (u8[at + i] !== byte) return i;
  return -1;
}

function hex2(b: number): string {
  return b.toString(16).padStart(2, "0");
}

function hexBytes(u8: Uint8Array, at: number, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(hex2(u8[at + i]!));
  return out.join(" ");
}
