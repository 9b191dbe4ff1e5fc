import { randomBytes } from "node:crypto";
import {
  closeSync,
  fsyncSync,
  linkSync,
  lstatSync,
  openSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { HeaplabError } from "@heaplab/runtime";

/** Writing an output file failed; the target is as it was before. */
export class OutputFileError extends HeaplabError {
  override name = "OutputFileError";
}

/** `ENOENT: no such file or directory, open '…'` → `no such file or directory`. */
function reason(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.replace(/^[A-Z]+: /, "").replace(/, \w+ '.*'$/, "");
}

/** Whether anything (a file, a directory, a link, even a dangling one) is at `path`; links are not followed. */
function occupied(path: string): boolean {
  return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
}

/**
 * Refuses `path` before any work when it is taken and `force` was not given, so a long run is not
 * wasted on a file that will not be written.
 * @throws OutputFileError naming the file and `--force`.
 * @example
 * checkOutputPath("heap.heapsnapshot", false);
 */
export function checkOutputPath(path: string, force: boolean): void {
  if (!force && occupied(path))
    throw new OutputFileError(`${path} already exists; give --force to replace it`);
}

/**
 * Writes `data` to `path` so that a reader never sees a partial file and nothing but `path` changes:
 * the bytes go to a new temporary file beside it (same directory, so the same file system), are
 * flushed, and then take the name in one step. Without `force` the final step is a hard link, which
 * fails if anything holds the name; with `force` it is a rename, which replaces the name itself. Neither
 * follows a symbolic link at `path`: the link is refused or replaced, its target never written.
 *
 * @throws OutputFileError, one line naming the file and the reason, with `path` untouched and the
 *   temporary file removed.
 * @example
 * writeFileSafely("heap.heapsnapshot", json, { force: false });
 */
export function writeFileSafely(path: string, data: string, options: { force: boolean }): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, "wx", 0o644);
    writeSync(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    if (options.force) renameSync(tmp, path);
    else {
      linkSync(tmp, path);
      unlinkSync(tmp);
    }
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    if (occupied(tmp)) unlinkSync(tmp);
    const code = (e as NodeJS.ErrnoException).code;
    throw new OutputFileError(
      code === "EEXIST" && !options.force
        ? `${path} already exists; give --force to replace it`
        : `cannot write ${path}: ${reason(e)}`,
    );
  }
}
