import { describe, expect, it } from "vitest";
import { AddressSlots } from "../src/record/address-slots";

describe("AddressSlots", () => {
  it("answers as a Map over a long random run of sets, gets and deletes (growth and wrap-around included)", () => {
    const table = new AddressSlots();
    const model = new Map<number, number>();
    // A small xorshift so the run is the same every time; addresses 8-byte aligned as objects are,
    // from a narrow range (many collisions) and a wide one.
    let x = 0x2545f491;
    const next = (): number => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return x >>> 0;
    };
    const wrong: string[] = [];
    const check = (k: number, want: number): void => {
      const got = table.get(k);
      if (got !== want && wrong.length < 5) wrong.push(`get(${k}) = ${got}, a Map says ${want}`);
    };
    for (let step = 0; step < 200_000; step++) {
      const r = next();
      const addr = (r & 1 ? 8 + (next() % 4096) * 8 : 8 + (next() % (1 << 28)) * 8) >>> 0;
      const op = r % 10;
      if (op < 5) {
        table.set(addr, step);
        model.set(addr, step);
      } else if (op < 8) {
        table.delete(addr);
        model.delete(addr);
      } else check(addr, model.get(addr) ?? -1);
      if (step % 20_000 === 0) for (const [k, v] of model) check(k, v);
    }
    expect(table.size).toBe(model.size);
    for (const [k, v] of model) check(k, v);
    for (const k of [...model.keys()]) table.delete(k);
    expect(table.size).toBe(0);
    for (const k of model.keys()) check(k, -1);
    expect(wrong).toEqual([]);
  });
});
