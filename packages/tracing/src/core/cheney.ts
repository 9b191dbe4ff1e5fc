import type { LinearMemory, ObjectModel, SlotVisitor } from "@heaplab/runtime";
import { FORWARDED, HEADER_BYTES, MARK } from "../header";
import type { BumpSpace } from "../spaces/bump-space";
import type { LivenessOps } from "./liveness";
import { WorkStack } from "./work-stack";

/** Where a copy goes: returns a block address for `size` bytes, or 0 to leave `obj` in place (promotion failure). */
export type CopyDestination = (obj: number, size: number) => number;

/** A scan pointer over a bump space: Cheney's `scan` chasing the space's `free` pointer. */
interface ScanCursor {
  space: BumpSpace;
  region: number;
  addr: number;
}

/**
 * Cheney copying (HotSpot's DefNew scavenge, MMTk's CopySpace): objects in the condemned (from) spaces are
 * copied on first reach and leave a forwarding address; the copies are scanned breadth-first by scan
 * pointers chasing the allocation tops of the destination spaces, so no mark stack is needed for them.
 * Objects outside the from-spaces that the collection may find dead (a large-object space) are marked
 * and scanned from a stack instead.
 *
 * @example
 * const copier = new CheneyCopier(memory, model, (o) => map.spaceOf(o) === FROM, (o) => false, dest);
 * copier.begin([toSpace]);
 * roots.forEach((slot) => copier.visit(slot));
 * copier.drain();
 */
// Header words are read and written by index in the per-reference paths below (`statusOf`,
// `forwardeeOf`, `setForwardee` inlined): they run once for every reference the collection visits.
export class CheneyCopier implements SlotVisitor {
  private cursors: ScanCursor[] = [];
  /** Non-moving condemned objects (marked) waiting to be scanned; objects left in place by promotion failure. */
  readonly stack = new WorkStack();
  movedBytes = 0;
  /** Called after a copy with the old and new address and size (age tables, promotion counts). */
  onCopy: ((from: number, to: number, size: number) => void) | null = null;
  /** Called after an object is scanned (card re-dirtying for promoted objects). */
  onScanned: ((obj: number) => void) | null = null;
  tracing = false;
  moveHook: ((from: number, to: number) => void) | null = null;

  constructor(
    private readonly memory: LinearMemory,
    private readonly model: ObjectModel,
    /** Whether `obj` is in a from-space (copied on reach). */
    private readonly inFrom: (obj: number) => boolean,
    /** Whether `obj` is a non-moving object this collection may find dead (marked on reach). */
    private readonly markable: (obj: number) => boolean,
    private readonly destination: CopyDestination,
  ) {}

  /** Starts a collection whose copies go into `spaces` (scanned from their current tops). */
  begin(spaces: BumpSpace[]): void {
    this.movedBytes = 0;
    this.cursors = spaces.map((space) => ({
      space,
      region: space.current,
      addr: space.starts.length === 0 ? 0 : space.tops[space.current]!,
    }));
  }

  /** Whether `obj` survived so far (copied, or marked in place). */
  isLive(obj: number): boolean {
    const st = this.memory.u32[(obj - 4) >>> 2]!;
    if (this.inFrom(obj)) return (st & FORWARDED) !== 0;
    if (this.markable(obj)) return (st & MARK) !== 0;
    return true;
  }

  /**
   * This copying's liveness for reference processing: live = copied or marked in place; retaining
   * evacuates; `touched` is told of every store the processing makes (a generational plan dirties the card).
   */
  liveness(touched?: (obj: number) => void): LivenessOps {
    return {
      isLive: (o) => this.isLive(o),
      current: (o) => this.current(o),
      retain: (o) => this.evacuate(o),
      drain: () => this.drain(),
      touched,
    };
  }

  /** Where `obj` is now. */
  current(obj: number): number {
    return (this.memory.u32[(obj - 4) >>> 2]! & FORWARDED) !== 0 ? this.memory.u32[(obj + 4) >>> 2]! : obj;
  }

  /**
   * Copies `obj` if it is in a from-space and not yet copied, marks it if it is markable; returns its
   * address after the collection.
   */
  evacuate(obj: number): number {
    if (obj === 0) return 0;
    const u32 = this.memory.u32;
    const si = (obj - 4) >>> 2;
    const st = u32[si]!;
    if ((st & FORWARDED) !== 0) return u32[(obj + 4) >>> 2]!;
    if (!this.inFrom(obj)) {
      if ((st & MARK) === 0 && this.markable(obj)) {
        u32[si] = st | MARK;
        this.stack.push(obj);
      }
      return obj;
    }
    const size = u32[(obj - 8) >>> 2]!;
    const block = this.destination(obj, size);
    // The destination may have grown linear memory (a promotion that expanded tenured), which replaces
    // the typed-array views: every store below must go through the new ones, or it lands in the old,
    // detached buffer and is lost (a copy without its header, an original without its forwarding word).
    return this.install(obj, st, size, block);
  }

  /** Writes the copy's header and the original's forwarding word, through views read after the copy's allocation. */
  private install(obj: number, st: number, size: number, block: number): number {
    const u32 = this.memory.u32;
    const si = (obj - 4) >>> 2;
    if (block === 0) {
      // Promotion failure: the object stays where it is, forwarded to itself, and is scanned from the stack.
      u32[si] = st | FORWARDED;
      u32[(obj + 4) >>> 2] = obj;
      this.stack.push(obj);
      return obj;
    }
    this.memory.u8.copyWithin(block, obj - HEADER_BYTES, obj - HEADER_BYTES + size);
    const to = block + HEADER_BYTES;
    u32[(to - 4) >>> 2] = st & ~MARK;
    u32[(to + 4) >>> 2] = 0;
    u32[si] = st | FORWARDED;
    u32[(obj + 4) >>> 2] = to;
    this.movedBytes += size;
    if (this.onCopy !== null) this.onCopy(obj, to, size);
    if (this.moveHook !== null) this.moveHook(obj, to);
    return to;
  }

  visit(slot: number): void {
    const v = this.memory.u32[slot >>> 2]!;
    if (v === 0) return;
    const n = this.evacuate(v);
    // Not the view read above: evacuating may have grown linear memory and replaced it.
    if (n !== v) this.memory.u32[slot >>> 2] = n;
  }

  /**
   * Scans copies and stacked objects until nothing is left.
   * After: every object reachable from a visited slot is copied or marked, and all their strong slots
   * hold post-collection addresses.
   */
  drain(): void {
    let progress = true;
    while (progress) {
      progress = false;
      for (const c of this.cursors) {
        const sp = c.space;
        while (c.region < sp.starts.length) {
          if (c.addr === 0) c.addr = sp.starts[c.region]!;
          while (c.addr < sp.tops[c.region]!) {
            const obj = c.addr + HEADER_BYTES;
            // Read the views afresh: scanning the previous object may have grown linear memory.
            c.addr += this.memory.u32[c.addr >>> 2]!;
            this.model.scan(obj, this, "dealloc");
            if (this.onScanned !== null) this.onScanned(obj);
            progress = true;
          }
          if (c.region + 1 >= sp.starts.length) break;
          c.region++;
          c.addr = sp.starts[c.region]!;
        }
      }
      while (!this.stack.isEmpty()) {
        const obj = this.stack.pop();
        this.model.scan(obj, this, "dealloc");
        if (this.onScanned !== null) this.onScanned(obj);
        progress = true;
      }
    }
  }
}
