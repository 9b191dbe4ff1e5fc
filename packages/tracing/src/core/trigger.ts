/**
 * When a full-heap plan collects: once the bytes in use pass a threshold that is reset after each
 * collection to `growth` times what survived (AssemblyScript's IDLEFACTOR, a fixed-factor cousin of
 * MMTk's MemBalancer), never below `minBytes`, and at most half the room left to the heap limit's
 * reach so a collection runs before the limit does.
 *
 * @example
 * const trigger = new GrowthTrigger(4 << 20, 2);
 * if (trigger.due(used)) collect();
 * trigger.reset(liveAfter, limit);
 */
export class GrowthTrigger {
  next: number;

  constructor(
    readonly minBytes: number,
    readonly growth: number,
  ) {
    this.next = minBytes;
  }

  due(usedBytes: number): boolean {
    return usedBytes >= this.next;
  }

  reset(liveBytes: number, limitBytes: number): void {
    const want = Math.max(this.minBytes, liveBytes * this.growth);
    this.next = Math.min(want, liveBytes + (limitBytes - liveBytes) / 2);
  }
}
