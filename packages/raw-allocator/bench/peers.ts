/**
 * The allocators the benchmarks compare, behind one shape: heaplab's own, `@thi.ng/malloc` (an
 * allocator over an ArrayBuffer) and AssemblyScript's TLSF (its runtime's `heap.alloc`/`heap.free`,
 * compiled from source at bench time with the installed `assemblyscript` compiler and called from Node).
 */
import { MemPool } from "@thi.ng/malloc";
import asc from "assemblyscript/asc";

/** An allocator under test. `malloc` returns 0 or throws on failure. */
export interface BenchAllocator {
  readonly name: string;
  malloc(n: number): number;
  free(p: number): void;
}

const AS_SOURCE = `
export function alloc(size: usize): usize { return heap.alloc(size); }
export function free(ptr: usize): void { heap.free(ptr); }
`;

let asBinary: Uint8Array | null = null;

/** Compiles the AssemblyScript module once (`--runtime minimal`: TLSF heap, -O3, no asserts). */
async function compileAssemblyScript(): Promise<Uint8Array> {
  if (asBinary !== null) return asBinary;
  const result = await asc.compileString(AS_SOURCE, {
    runtime: "minimal",
    optimizeLevel: 3,
    shrinkLevel: 0,
    noAssert: true,
  });
  if (result.error !== null || result.binary === null) {
    throw new Error(
      `AssemblyScript compile failed: ${result.error?.message ?? ""}\n${result.stderr.toString()}`,
    );
  }
  asBinary = result.binary;
  return asBinary;
}

/** A fresh instance of AssemblyScript's TLSF (each instance has its own linear memory). */
export async function assemblyScriptTlsf(): Promise<BenchAllocator> {
  const binary = await compileAssemblyScript();
  const wasm = (
    globalThis as unknown as {
      WebAssembly: {
        instantiate(b: Uint8Array, i: object): Promise<{ instance: { exports: Record<string, unknown> } }>;
      };
    }
  ).WebAssembly;
  const { instance } = await wasm.instantiate(binary, {
    env: {
      abort() {
        throw new Error("AssemblyScript abort (out of memory?)");
      },
    },
  });
  const alloc = instance.exports.alloc as (n: number) => number;
  const free = instance.exports.free as (p: number) => void;
  return { name: "AssemblyScript TLSF", malloc: alloc, free };
}

/** `@thi.ng/malloc`'s MemPool over an ArrayBuffer of `bytes`, 16-byte aligned, coalescing and splitting. */
export function thingMalloc(bytes: number): BenchAllocator {
  const pool = new MemPool({ size: bytes, align: 16, compact: true, split: true });
  return {
    name: "@thi.ng/malloc",
    malloc: (n) => pool.malloc(n),
    free: (p) => {
      pool.free(p);
    },
  };
}
