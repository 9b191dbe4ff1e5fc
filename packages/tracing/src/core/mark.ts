import type { EventStream, LinearMemory, ObjectModel, SlotVisitor } from "@heaplab/runtime";
import { MARK, statusOf } from "../header";
import type { LivenessOps } from "./liveness";
import { WorkStack } from "./work-stack";

/**
 * Depth-first marking with an explicit mark stack (HotSpot's phase 1, MMTk's mark policies): the mark bit
 * is in the header; `condemned` says which objects this collection may find dead (a young collection
 * does not trace into the old generation).
 *
 * @example
 * const marker = new Marker(memory, model);
 * marker.begin();
 * marker.mark(root);
 * marker.drain(); // every object reachable from root carries MARK
 */
export class Marker implements SlotVisitor {
  readonly stack = new WorkStack();
  /** Objects and bytes (headers included) marked since `begin`: the survivors a lazy sweep has not counted yet. */
  marked = 0;
  markedBytes = 0;
  /**
   * The stream told of each object this marker marks (`EventStream.reach`, while anyone listens to the
   * allocation hooks): set by a plan whose marking decides what survives, so the lab can show the trace
   * order; left null on a marker that only measures (a copy reserve's upper bound).
   */
  reportTo: EventStream | null = null;
  private u32: Uint32Array;

  constructor(
    private readonly memory: LinearMemory,
    private readonly model: ObjectModel,
    private readonly condemned: (obj: number) => boolean = () => true,
  ) {
    this.u32 = memory.u32;
  }

  /** Call at the start of a collection (the memory views may have changed). */
  begin(): void {
    this.u32 = this.memory.u32;
    this.marked = 0;
    this.markedBytes = 0;
  }

  /** Marks `obj` and queues it for scanning if it was not marked; returns `obj`. */
  mark(obj: number): number {
    if (obj === 0) return 0;
    // The hot loop of marking: the status word and the size read by index (statusOf/sizeOf inlined).
    const i = (obj - 4) >>> 2;
    const st = this.u32[i]!;
    if ((st & MARK) !== 0 || !this.condemned(obj)) return obj;
    this.u32[i] = st | MARK;
    this.marked++;
    this.markedBytes += this.u32[(obj - 8) >>> 2]!;
    if (this.reportTo?.tracing) this.reportTo.reach(obj);
    this.stack.push(obj);
    return obj;
  }

  visit(slot: number): void {
    this.mark(this.u32[slot >>> 2]!);
  }

  /** Scans queued objects until the stack is empty. After: every object reachable from a marked one is marked. */
  drain(): void {
    const s = this.stack;
    while (!s.isEmpty()) this.model.scan(s.pop(), this, "dealloc");
  }

  /** Whether `obj` carries the mark. */
  isMarked(obj: number): boolean {
    return (statusOf(this.u32, obj) & MARK) !== 0;
  }

  /**
   * This marking's liveness for reference processing: live = marked or not condemned; nothing moves;
   * retaining marks and `drain` completes the closure. `touched` is told of every store the processing
   * makes (a generational plan dirties the card).
   */
  liveness(touched?: (obj: number) => void): LivenessOps {
    return {
      isLive: (o) => !this.condemned(o) || (statusOf(this.memory.u32, o) & MARK) !== 0,
      current: (o) => o,
      retain: (o) => this.mark(o),
      drain: () => this.drain(),
      touched,
    };
  }
}
