/**
 * `node:fs` in the browser build: `@heaplab/inspect` can write a `.heapsnapshot` file in Node
 * (`writeHeapSnapshot`); the lab offers the same text as a download instead, so these are never called.
 *
 * @example
 * openSync("x", "w"); // throws: no file system in the browser
 */
function unavailable(): never {
  throw new Error("there is no file system in the browser: download the .heapsnapshot instead");
}
export const openSync = unavailable;
export const writeSync = unavailable;
export const closeSync = unavailable;
