import { PyIndexError, PyTypeError } from "../errors";
import type { LinearMemory } from "../memory/linear-memory";
import { slotOffset, type TypeInfo } from "../model/type-info";
import type { TypeRegistry } from "../model/type-registry";
import type { Strategy } from "../strategy/strategy";
import type { Handle } from "./handle";
import type { HandleTable } from "./handle-table";
import type { ShadowStack } from "./shadow-stack";

/**
 * The mutator API for compiled code (`rt.stack`): the objects a function works on are entries of the
 * shadow stack (`shadow-stack.ts`), named by their index, instead of handles. This is how
 * AssemblyScript's runtime and a bytecode interpreter's value stack keep roots: a temporary costs one
 * stack store, a frame's temporaries go with one `popTo`, and no handle is made, checked or released.
 *
 * Raw addresses enter the stack only from here (a new object, a slot's value, a handle's object), so
 * compiled code cannot root a non-object. `loadSlot` reads without rooting, for code that walks the heap
 * and allocates nothing until it is done (a raw address is valid until the next allocation). Every
 * operation still checks its arguments with one cheap test each (an index below the stack pointer, a
 * registered slots class, a slot number in range), and allocation goes through the runtime's own path:
 * safepoint, fault injection, counting, events.
 *
 * @example
 * const s = rt.stack;
 * const mark = s.sp;
 * const left = s.newObject(Node);             // entry index
 * const right = s.newObject(Node);
 * const node = s.newObject(Node, left, 2);    // Node(left, right)
 * const h = s.toHandle(node);                 // back to the handle API
 * s.popTo(mark);
 */
export class StackMutator {
  private readonly stack: ShadowStack;

  constructor(
    private readonly handles: HandleTable,
    private readonly types: TypeRegistry,
    private readonly memory: LinearMemory,
    private readonly strategy: Strategy,
    /** The runtime's allocation path (safepoint, faults, counting, events); returns the address. */
    private readonly alloc: (type: TypeInfo, bodyBytes: number) => number,
  ) {
    this.stack = handles.stack;
  }

  /** The stack pointer: the mark a frame restores with `popTo` when it returns. */
  get sp(): number {
    return this.stack.sp;
  }

  /** Pops (and releases) every entry from `mark` up. */
  popTo(mark: number): void {
    this.stack.popTo(mark);
  }

  /** A frame returns entry `i`: it moves down to `mark`, the rest from `mark` up is popped (`ShadowStack.returnTo`). */
  returnTo(mark: number, i: number): number {
    return this.stack.returnTo(mark, i);
  }

  /** The address in entry `i`: valid until the next allocation, which may move the object. */
  get(i: number): number {
    return this.stack.get(i);
  }

  /**
   * A new object of the registered slots class `type`, its first `count` slots taken from the entries
   * `from .. from + count` (read after the allocation, so objects it moved are followed). Pushes the
   * object and returns its entry index.
   * @throws PyTypeError for a type that is not a slots class of this runtime, or too many values.
   * @throws InvalidHandleError for entries outside the stack. MemoryError when the heap is full; the
   * stack is then unchanged.
   */
  newObject(type: TypeInfo, from = 0, count = 0): number {
    // One identity test covers "registered here" and "a TypeInfo at all"; the kind is the second.
    if (
      type === null ||
      typeof type !== "object" ||
      this.types.find(type.id) !== type ||
      type.kind !== "slots"
    )
      this.refuseType(type);
    if (count > type.slots.length || count >>> 0 !== count) {
      throw new PyTypeError(`'${type.name}' has ${type.slots.length} slots, ${count} values given`);
    }
    if (count > 0) {
      this.stack.get(from);
      this.stack.get(from + count - 1);
    }
    const obj = this.alloc(type, type.basicSize - 8);
    // The allocation may have collected (entries moved) or run a finalizer that grew the stack: read again.
    const words = this.stack.words;
    for (let k = 0; k < count; k++) this.strategy.writeRef(obj, obj + slotOffset(k), words[from + k]!);
    return this.stack.pushOwned(obj);
  }

  /** `obj.<slot i> = value`, both named by entry index, through the strategy's barrier. */
  setSlot(obj: number, i: number, value: number): void {
    const o = this.stack.get(obj);
    const v = this.stack.get(value);
    this.checkSlot(o, i);
    this.strategy.writeRef(o, o + slotOffset(i), v);
  }

  /**
   * Reads slot `i` of the object at address `addr` without rooting it (0 = None): for a walk that
   * allocates nothing until it is done.
   * @throws PyTypeError when `addr` is not an object of a slots class, PyIndexError for a bad slot.
   */
  loadSlot(addr: number, i: number): number {
    this.checkSlot(addr, i);
    return this.memory.u32[(addr + slotOffset(i)) >>> 2]!;
  }

  /** Pushes slot `i` of the object in entry `obj`; returns the new entry's index. */
  pushSlot(obj: number, i: number): number {
    return this.stack.push(this.loadSlot(this.stack.get(obj), i));
  }

  /** Pushes None (a slot value to come, a local not yet bound); returns the index. */
  pushNone(): number {
    return this.stack.pushOwned(0);
  }

  /** Pushes the object of handle `h` (a global, an argument from handle code); returns the index. */
  pushHandle(h: Handle): number {
    return this.stack.push(this.handles.get(h));
  }

  /** A scoped handle on the object in entry `i` (to return a result to handle code). */
  toHandle(i: number): Handle {
    return this.handles.create(this.stack.get(i), false);
  }

  /** The slot check: `addr` holds a slots object and `i` is one of its slots. */
  private checkSlot(addr: number, i: number): void {
    const t = addr === 0 ? undefined : this.types.find(this.memory.u32[addr >>> 2]!);
    if (t === undefined || t.kind !== "slots") {
      throw new PyTypeError(`'${t?.name ?? "NoneType"}' object has no slots`);
    }
    if (i >>> 0 !== i || i >= t.slots.length) {
      throw new PyIndexError(`'${t.name}' has ${t.slots.length} slots; slot ${i} does not exist`);
    }
  }

  private refuseType(type: unknown): never {
    const t = type as TypeInfo | null | undefined;
    throw new PyTypeError(
      t !== null && typeof t === "object" && this.types.find(t.id) === t
        ? `stack.newObject needs a slots class, not '${t.name}'`
        : "stack.newObject needs a class registered with this runtime's rt.types.register",
    );
  }
}
