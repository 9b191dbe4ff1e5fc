import { createNoneStrategy, type Handle, Runtime, type Strategy, type TypeInfo } from "@heaplab/runtime";

/**
 * The `none` strategy with CPython 3.11's header (the refcount word, plus `PyGC_Head` for GC types), so
 * every size equals `sys.getsizeof` on 64-bit CPython 3.11 (the runtime's own size test proves it).
 */
export function cpythonSized(): Strategy {
  const s = createNoneStrategy();
  s.prefixBytes = (t: TypeInfo) => 8 + (t.gc ? 16 : 0);
  return s;
}

/** A runtime on the CPython-sized `none` strategy. */
export function cpythonRuntime(): Runtime {
  return new Runtime(cpythonSized(), { heapLimit: 32 << 20 });
}

/**
 * The small known heap most tests use: `d = {"cache": [1000, 2000, "hello"]}` held by a persistent
 * handle. CPython 3.11 sizes: the dict 184, the list 80 (`PyList_New(3)`), each int 28, each str 54.
 */
export function cacheHeap(rt: Runtime): { d: Handle; list: Handle } {
  const mark = rt.openScope();
  const d = rt.persistent(rt.newDict());
  const list = rt.persistent(rt.newList([rt.newInt(1000), rt.newInt(2000), rt.newStr("hello")]));
  rt.dictSet(d, rt.newStr("cache"), list);
  rt.closeScope(mark); // only the two persistent handles stay
  return { d, list };
}
