/**
 * `node:fs` in the browser build: `@heaplab/inspect` can write a `.heapsnapshot` file in Node
 * (`writeHeapSnapshot`); the lab offers the same text as a download instead, so these are never called.
 */
function unavailable(): never {
  throw new Error("there is no file system in the browser: download the .heapsnapshot instead");
}

/**
 * `fs.openSync`, refused in the browser.
 *
 * @example
 * openSync(); // throws: no file system in the browser
 */
export function openSync(): never {
  return unavailable();
}

/**
 * `fs.writeSync`, refused in the browser.
 *
 * @example
 * writeSync(); // throws
 */
export function writeSync(): never {
  return unavailable();
}

/**
 * `fs.closeSync`, refused in the browser.
 *
 * @example
 * closeSync(); // throws
 */
export function closeSync(): never {
  return unavailable();
}
