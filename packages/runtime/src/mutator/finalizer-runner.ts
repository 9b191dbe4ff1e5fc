import type { EventStream } from "../events/event-stream";
import type { LinearMemory } from "../memory/linear-memory";
import type { ObjectModel } from "../model/object-model";
import { WR_CALLBACK } from "../model/type-info";
import type { Handle } from "../roots/handle";
import type { HandleTable } from "../roots/handle-table";

/**
 * A weak-reference callback: receives a handle to the (already dead) weak reference.
 * @example
 * const wr = rt.newWeakref(obj, (dead) => console.log("referent gone", rt.isAlive(dead)));
 */
export type WeakrefCallback = (wr: Handle) => void;

/**
 * An exception a finalizer or a weak-reference callback raised, which could not propagate
 * (`PyErr_WriteUnraisable`): it was recorded and the collection or deallocation went on.
 * @example
 * for (const u of rt.unraisable) console.error(u.where, u.error);
 */
export interface UnraisableRecord {
  /** Where it was raised: `Exception ignored in: <function Node.__del__>` or `<weakref callback>`. */
  readonly where: string;
  /** What was thrown. */
  readonly error: unknown;
  /** The two lines CPython prints: `where`, then `Name: message`. */
  readonly message: string;
  /** Objects allocated when it was raised (the runtime's logical clock). */
  readonly atAllocation: number;
}

/** How many unraisable records `FinalizerRunner.unraisable` keeps (the newest). */
const KEEP_UNRAISABLE = 1000;

/**
 * Runs `__del__` finalizers and weak-reference callbacks for every strategy (through
 * `HeapServices.runFinalizer` / `runWeakrefCallback`), each with a temporary handle scope. What they
 * throw never escapes into the strategy: a collection or a deallocation cascade is between two steps
 * whose invariants must hold, so an exception there, `MemoryError` included, is reported as
 * unraisable (an event and a record) and the strategy goes on, as CPython's `PyErr_WriteUnraisable`.
 *
 * Callbacks are JavaScript functions; a weak reference stores only a small callback id on the heap.
 *
 * @example
 * const runner = new FinalizerRunner(memory, model, handles, events, () => allocations);
 * const id = runner.callbackId((wr) => console.log("target died"));
 */
export class FinalizerRunner {
  /** The newest unraisable exceptions (up to 1000), oldest first. */
  readonly unraisable: UnraisableRecord[] = [];
  /** Unraisable exceptions reported since the runtime started (records beyond 1000 are dropped). */
  unraisableCount = 0;
  private readonly callbacks: WeakrefCallback[] = [() => {}];
  private readonly callbackIds = new Map<WeakrefCallback, number>();

  constructor(
    private readonly memory: LinearMemory,
    private readonly model: ObjectModel,
    private readonly handles: HandleTable,
    private readonly events: EventStream,
    private readonly allocations: () => number,
    /** The first line of an unraisable `__del__` exception (the strategy's CPython version); 3.11's by default. */
    private readonly delUnraisable: (what: string) => string = (what) => `Exception ignored in: ${what}`,
  ) {}

  /** The id stored in a weak reference for `fn` (one id per distinct function). */
  callbackId(fn: WeakrefCallback): number {
    let id = this.callbackIds.get(fn);
    if (id === undefined) {
      id = this.callbacks.length;
      this.callbacks.push(fn);
      this.callbackIds.set(fn, id);
    }
    return id;
  }

  /** Whether weak reference `wr` has a callback. */
  hasCallback(wr: number): boolean {
    return this.memory.u32[(wr + WR_CALLBACK) >>> 2] !== 0;
  }

  /** Runs the finalizer of `obj`'s type, if it has one, with a handle to `obj`. */
  runFinalizer(obj: number, gcSeq: number): void {
    const t = this.model.typeOf(obj);
    if (t.finalizer === null) return;
    if (this.events.active) {
      this.events.emit({
        type: "finalizer",
        typeName: t.name,
        address: obj,
        gcSeq,
        atAllocation: this.allocations(),
      });
    }
    const mark = this.handles.openScope();
    try {
      t.finalizer(this.handles.create(obj, false));
    } catch (e) {
      this.report(this.delUnraisable(`<function ${t.name}.__del__>`), e);
    } finally {
      this.handles.closeScope(mark);
    }
  }

  /** Runs the callback of the (already cleared) weak reference `wr`, if it has one. */
  runWeakrefCallback(wr: number, gcSeq: number): void {
    const id = this.memory.u32[(wr + WR_CALLBACK) >>> 2]!;
    const fn = this.callbacks[id];
    if (id === 0 || fn === undefined) return;
    if (this.events.active)
      this.events.emit({ type: "weakref-callback", address: wr, gcSeq, atAllocation: this.allocations() });
    const mark = this.handles.openScope();
    try {
      fn(this.handles.create(wr, false));
    } catch (e) {
      this.report("Exception ignored in: <weakref callback>", e);
    } finally {
      this.handles.closeScope(mark);
    }
  }

  /** `PyErr_WriteUnraisable`: records the exception and emits an `unraisable` event; never throws. */
  private report(where: string, error: unknown): void {
    const message = `${where}\n${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
    this.unraisableCount++;
    if (this.unraisable.length === KEEP_UNRAISABLE) this.unraisable.shift();
    this.unraisable.push({ where, error, message, atAllocation: this.allocations() });
    this.events.emit({ type: "unraisable", message });
  }
}
