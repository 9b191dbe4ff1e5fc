/**
 * The errors every heaplab package throws. Each names what went wrong in terms a user can act on;
 * a failed operation leaves the heap as it was before the call (the verifier proves it in tests).
 */

/**
 * Base class of every heaplab error.
 * @example
 * try { rt.append(h, v); } catch (e) { if (e instanceof HeaplabError) console.error(e.message); }
 */
export class HeaplabError extends Error {
  override name = "HeaplabError";
}

/**
 * Python's `MemoryError`: the heap limit was reached after the strategy tried its fullest collection.
 * @example
 * try { rt.newList(); } catch (e) { if (e instanceof MemoryError) console.log(e.requested, e.limit); }
 */
export class MemoryError extends HeaplabError {
  override name = "MemoryError";
  constructor(
    message: string,
    /** Bytes the failed request asked for. */
    readonly requested: number,
    /** The configured limit in bytes. */
    readonly limit: number,
    /** Bytes held when the request failed. */
    readonly held: number,
  ) {
    super(message);
  }
}

/**
 * A handle that was released, never existed, or belongs to another runtime.
 * @example
 * rt.release(h); rt.len(h); // throws InvalidHandleError
 */
export class InvalidHandleError extends HeaplabError {
  override name = "InvalidHandleError";
}

/**
 * Python's `TypeError`: an operation applied to an object of the wrong type
 * (appending to a tuple, a weak reference to a list, ...).
 * @example
 * rt.append(rt.newTuple([]), rt.newInt(1)); // throws PyTypeError
 */
export class PyTypeError extends HeaplabError {
  override name = "TypeError";
}

/**
 * Python's `IndexError` / `KeyError`: an index out of range or a missing key.
 * @example
 * rt.getItem(rt.newList(), 0); // throws PyIndexError
 */
export class PyIndexError extends HeaplabError {
  override name = "IndexError";
}

/**
 * Python's `ValueError`, e.g. `gc.collect(3)`: "invalid generation".
 * @example
 * rt.collect(3); // throws PyValueError("invalid generation")
 */
export class PyValueError extends HeaplabError {
  override name = "ValueError";
}

/**
 * The heap verifier found a broken invariant. `address` is the object or block at fault.
 * @example
 * try { rt.verify(); } catch (e) { if (e instanceof HeapCorruptionError) console.log(e.address.toString(16)); }
 */
export class HeapCorruptionError extends HeaplabError {
  override name = "HeapCorruptionError";
  constructor(
    /** What is wrong, in words. */
    readonly problem: string,
    /** The byte address of the object, block or slot at fault. */
    readonly address: number,
  ) {
    super(`heap corrupted at 0x${address.toString(16)}: ${problem}`);
  }
}

/** Formats a byte count the way the error messages do: `1,048,576 bytes (1.0 MiB)`. */
export function formatBytes(n: number): string {
  const mib = n / (1024 * 1024);
  return `${n.toLocaleString("en-US")} bytes (${mib >= 0.1 ? `${mib.toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`})`;
}

/**
 * Python's `AttributeError`: an attribute or slot that does not exist on the object's type.
 * @example
 * rt.getAttr(node, "nope"); // throws PyAttributeError
 */
export class PyAttributeError extends HeaplabError {
  override name = "AttributeError";
}

/**
 * A setting or option that is unknown, of the wrong type, or out of range.
 * @example
 * createCPythonStrategy({ settings: { neverReleaseArenas: "yes" } }); // throws ConfigError
 */
export class ConfigError extends HeaplabError {
  override name = "ConfigError";
}
