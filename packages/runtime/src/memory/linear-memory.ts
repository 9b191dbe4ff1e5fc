import { formatBytes, MemoryError } from "../errors";

/** The part of the WebAssembly API this file uses (Node has it; TypeScript's node types do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
const Wasm = (
  globalThis as unknown as {
    WebAssembly: { Memory: new (d: { initial: number; maximum: number }) => WasmMemory };
  }
).WebAssembly;

/** 64 KiB, the WebAssembly page. Linear memory grows in these steps. */
export const WASM_PAGE = 65536;

/**
 * The process's address space: one `WebAssembly.Memory` that grows up to a limit.
 *
 * Addresses are byte offsets (u32). Heap words are 8 bytes, as on 64-bit CPython; a reference is stored
 * in a word's low 32 bits (`u32[addr >>> 2]`) with the high 32 bits zero. Views are replaced when the
 * memory grows, so never keep a view across a call that may allocate: read `mem.u32` again.
 *
 * @example
 * const mem = new LinearMemory({ limitBytes: 64 << 20 });
 * mem.ensure(1 << 20);
 * mem.u32[16 >>> 2] = 42;
 */
export class LinearMemory {
  /** The most bytes this memory may ever span. */
  readonly limitBytes: number;
  private readonly wasm: WasmMemory;
  /** Byte view. */
  u8!: Uint8Array;
  /** 32-bit view: `u32[addr >>> 2]`. */
  u32!: Uint32Array;
  /** Signed 32-bit view. */
  i32!: Int32Array;
  /** 64-bit float view: `f64[addr >>> 3]`. */
  f64!: Float64Array;
  /** Bumped whenever the views are replaced. */
  version = 0;

  constructor(options: { limitBytes: number; initialBytes?: number }) {
    const limit = Math.min(Math.max(options.limitBytes, WASM_PAGE), 65536 * WASM_PAGE);
    this.limitBytes = limit;
    const maximum = Math.ceil(limit / WASM_PAGE);
    const initial = Math.min(
      maximum,
      Math.max(1, Math.ceil((options.initialBytes ?? WASM_PAGE) / WASM_PAGE)),
    );
    this.wasm = new Wasm.Memory({ initial, maximum });
    this.refresh();
  }

  /** Bytes currently backed by linear memory. */
  get byteLength(): number {
    return this.wasm.buffer.byteLength;
  }

  /**
   * Makes sure bytes `[0, end)` exist, growing the memory if needed.
   * @throws MemoryError when `end` is past the limit.
   */
  ensure(end: number): void {
    if (end <= this.wasm.buffer.byteLength) return;
    if (end > this.limitBytes) {
      throw new MemoryError(
        `linear memory limit reached: need ${formatBytes(end)}, limit is ${formatBytes(this.limitBytes)}`,
        end - this.wasm.buffer.byteLength,
        this.limitBytes,
        this.wasm.buffer.byteLength,
      );
    }
    const pages = Math.ceil((end - this.wasm.buffer.byteLength) / WASM_PAGE);
    // Grow at least by a quarter so that growth is amortised, but never past the limit.
    const quarter = Math.ceil(this.wasm.buffer.byteLength / 4 / WASM_PAGE);
    const maxPages = Math.floor(this.limitBytes / WASM_PAGE) - this.wasm.buffer.byteLength / WASM_PAGE;
    this.wasm.grow(Math.min(Math.max(pages, quarter), maxPages));
    this.refresh();
  }

  /** Fills `[addr, addr + n)` with `byte`. */
  fill(addr: number, n: number, byte: number): void {
    this.u8.fill(byte, addr, addr + n);
  }

  /** Copies `n` bytes from `src` to `dst` (regions may overlap). */
  copy(dst: number, src: number, n: number): void {
    this.u8.copyWithin(dst, src, src + n);
  }

  private refresh(): void {
    const b = this.wasm.buffer;
    this.u8 = new Uint8Array(b);
    this.u32 = new Uint32Array(b);
    this.i32 = new Int32Array(b);
    this.f64 = new Float64Array(b);
    this.version++;
  }
}
