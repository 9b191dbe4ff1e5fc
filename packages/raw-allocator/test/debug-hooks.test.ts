import { HeapCorruptionError } from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import { MemoryDebugError, RawAllocator } from "../src";
import { CLEANBYTE, DEADBYTE, FORBIDDENBYTE } from "../src/internals";
import { newOs } from "./helpers";

function setup() {
  const os = newOs();
  const raw = new RawAllocator(os, { debugHooks: true });
  return { os, raw, u8: () => os.memory.u8 };
}

function caught(f: () => void): MemoryDebugError {
  try {
    f();
  } catch (e) {
    if (e instanceof MemoryDebugError) return e;
    throw e;
  }
  throw new Error("expected a MemoryDebugError");
}

describe("debug hooks: block layout (PYTHONMALLOC=debug with PYMEM_DEBUG_SERIALNO)", () => {
  it("decorates a block as CPython does: size big-endian, 'r', 7 × 0xFD, data 0xCD, 8 × 0xFD, serial", () => {
    const { raw, u8 } = setup();
    const p = raw.malloc(8);
    const m = u8();
    expect([...m.subarray(p - 16, p - 8)]).toEqual([0, 0, 0, 0, 0, 0, 0, 8]);
    expect(m[p - 8]).toBe("r".charCodeAt(0));
    expect([...m.subarray(p - 7, p)]).toEqual(Array(7).fill(FORBIDDENBYTE));
    expect([...m.subarray(p, p + 8)]).toEqual(Array(8).fill(CLEANBYTE));
    expect([...m.subarray(p + 8, p + 16)]).toEqual(Array(8).fill(FORBIDDENBYTE));
    expect([...m.subarray(p + 16, p + 24)]).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(raw.usableSize(p)).toBe(8);
  });

  it("fills freed memory with 0xDD and calloc'ed memory with zeros", () => {
    const { raw, u8 } = setup();
    const p = raw.malloc(40);
    raw.free(p);
    expect([...u8().subarray(p, p + 40)]).toEqual(Array(40).fill(DEADBYTE));
    const q = raw.calloc(5, 8);
    expect([...u8().subarray(q, q + 40)]).toEqual(Array(40).fill(0));
  });

  it("realloc keeps the data, fills the bytes gained with 0xCD and gives a new serial number", () => {
    const { raw, os, u8 } = setup();
    const p = raw.malloc(4);
    os.memory.fill(p, 4, 0x11);
    const q = raw.realloc(p, 12);
    expect([...u8().subarray(q, q + 12)]).toEqual([...Array(4).fill(0x11), ...Array(8).fill(CLEANBYTE)]);
    expect([...u8().subarray(q + 12, q + 20)]).toEqual(Array(8).fill(FORBIDDENBYTE));
    expect(u8()[q + 27]).toBe(2);
    raw.free(q);
    raw.verify();
  });
});

describe("debug hooks: detections", () => {
  it("detects a buffer overrun (bad trailing pad byte), naming address, serial and the byte found", () => {
    const { raw, u8 } = setup();
    raw.malloc(16);
    const p = raw.malloc(8);
    u8()[p + 8] = 0x41;
    const e = caught(() => raw.free(p));
    expect(e).toBeInstanceOf(HeapCorruptionError);
    expect(e.kind).toBe("overrun");
    expect(e.serial).toBe(2);
    expect(e.address).toBe(p);
    expect(e.message).toContain("Fatal Python error: _PyMem_DebugRawFree: bad trailing pad byte");
    expect(e.message).toContain(`0x${p.toString(16)}`);
    expect(e.message).toContain("serial #2");
    expect(e.message).toContain("found 0x41");
    expect(e.report).toContain(`Debug memory block at address p=0x${p.toString(16)}: API 'r'`);
    expect(e.report).toContain("    8 bytes originally requested");
    expect(e.report).toContain("    The 7 pad bytes at p-7 are FORBIDDENBYTE, as expected.");
    expect(e.report).toContain(
      `    The 8 pad bytes at tail=0x${(p + 8).toString(16)} are not all FORBIDDENBYTE (0xfd):`,
    );
    expect(e.report).toContain("        at tail+0: 0x41 *** OUCH");
    expect(e.report).toContain("        at tail+1: 0xfd\n");
    expect(e.report).toContain("The block was made by call #2 to debug malloc/realloc.");
  });

  it("detects a buffer underrun (bad leading pad byte)", () => {
    const { raw, u8 } = setup();
    const p = raw.malloc(8);
    u8()[p - 1] = 0;
    const e = caught(() => raw.free(p));
    expect(e.kind).toBe("underrun");
    expect(e.message).toContain("bad leading pad byte");
    expect(e.message).toContain(`0x${(p - 1).toString(16)}`);
    expect(e.message).toContain("found 0x00");
    expect(e.report).toContain("    The 7 pad bytes at p-7 are not all FORBIDDENBYTE (0xfd):");
    expect(e.report).toContain("        at p-7: 0xfd\n");
    expect(e.report).toContain("        at p-1: 0x00 *** OUCH");
    expect(e.report).toContain("Because memory is corrupted at the start, the count of bytes requested");
  });

  it("detects a double free and names the serial number of the freed block", () => {
    const { raw } = setup();
    raw.malloc(1);
    raw.malloc(2);
    const p = raw.malloc(30);
    raw.free(p);
    const e = caught(() => raw.free(p));
    expect(e.kind).toBe("double-free");
    expect(e.serial).toBe(3);
    expect(e.message).toMatch(/double free of block p=0x[0-9a-f]+ \(serial #3, API 'r', 30 bytes\)/);
    expect(e.message).toContain("found dd dd dd dd dd dd dd dd at p");
  });

  it("detects freeing an address that was never allocated", () => {
    const { raw } = setup();
    const p = raw.malloc(64);
    const e = caught(() => raw.free(p + 16));
    expect(e.kind).toBe("never-allocated");
    expect(e.serial).toBeNull();
    expect(e.message).toContain(`address p=0x${(p + 16).toString(16)} was never allocated by API 'r'`);
    const far = caught(() => raw.free(48 << 20));
    expect(far.message).toContain("never allocated");
  });

  it("detects a read of freed memory", () => {
    const { raw } = setup();
    const p = raw.malloc(24);
    raw.debug!.checkRead(p + 4, 4); // live: fine
    raw.free(p);
    const e = caught(() => raw.debug!.checkRead(p + 4, 4));
    expect(e.kind).toBe("read-after-free");
    expect(e.serial).toBe(1);
    expect(e.message).toContain(`read of freed memory at 0x${(p + 4).toString(16)}`);
    expect(e.message).toContain("found dd dd dd dd");
  });

  it("finds an overrun in verify() before any free", () => {
    const { raw, u8 } = setup();
    const p = raw.malloc(100);
    raw.verify();
    u8()[p + 103] = 0;
    const e = caught(() => raw.verify());
    expect(e.kind).toBe("overrun");
    expect(e.message).toContain("tail+3");
  });

  it("leaves the heap consistent after a detection", () => {
    const { raw, u8 } = setup();
    const p = raw.malloc(8);
    u8()[p + 9] = 1;
    expect(() => raw.free(p)).toThrowError(MemoryDebugError);
    u8()[p + 9] = FORBIDDENBYTE;
    raw.free(p);
    raw.verify();
    expect(raw.debug!.liveBlocks).toBe(0);
  });
});

describe("debug hooks: a long random program", () => {
  it("ends with zero leaked blocks and consistent statistics", () => {
    const { raw, os } = setup();
    let seed = 12345;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const live: number[] = [];
    for (let step = 0; step < 20_000; step++) {
      const r = rand(10);
      if (r < 5 || live.length === 0) live.push(raw.malloc(rand(3) === 0 ? rand(100_000) : rand(2000)));
      else if (r < 9) raw.free(live.splice(rand(live.length), 1)[0]!);
      else {
        const k = rand(live.length);
        live[k] = raw.realloc(live[k]!, rand(5000));
      }
      if (step % 5000 === 0) raw.verify();
    }
    expect(raw.debug!.liveBlocks).toBe(live.length);
    for (const p of live) raw.free(p);
    raw.verify();
    const s = raw.stats();
    expect(raw.debug!.liveBlocks).toBe(0);
    expect(s.liveBlocks).toBe(0);
    expect(s.requestedBytes).toBe(0);
    expect(s.allocatedBytes).toBe(0);
    expect(s.heldBytes).toBe(os.heldBytes);
    expect(s.mallocCalls).toBe(s.freeCalls);
  });
});

describe("the switch", () => {
  it("PYTHONMALLOC=debug turns the hooks on by default; an explicit option wins", () => {
    const saved = process.env.PYTHONMALLOC;
    try {
      process.env.PYTHONMALLOC = "debug";
      expect(new RawAllocator(newOs()).debugHooks).toBe(true);
      expect(new RawAllocator(newOs(), { debugHooks: false }).debugHooks).toBe(false);
      process.env.PYTHONMALLOC = "pymalloc";
      expect(new RawAllocator(newOs()).debugHooks).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.PYTHONMALLOC;
      else process.env.PYTHONMALLOC = saved;
    }
  });
});
