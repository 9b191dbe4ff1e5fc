import { HeaplabError } from "@heaplab/runtime";

/** The units a byte size may carry, binary as memory is counted (1 KiB = 1024 bytes). */
const UNITS: Readonly<Record<string, number>> = {
  "": 1,
  b: 1,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/**
 * Reads a byte size as a person writes it: plain bytes (`16777216`) or a whole or decimal number with a
 * binary unit (`512KiB`, `16MiB`, `1.5GiB`, case-insensitive, an optional space). Decimal units (`MB`)
 * are refused rather than guessed, so `16MB` never silently means 16,000,000 or 16 MiB.
 *
 * @param what names the value in the error, e.g. `--heap-limit`.
 * @throws HeaplabError naming `what` and the accepted forms, for anything else or a result that is
 *   not a positive whole number of bytes.
 * @example
 * parseByteSize("16MiB", "--heap-limit"); // 16777216
 * parseByteSize("512KiB", "--heap-limit"); // 524288
 */
export function parseByteSize(text: string | number, what: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(String(text));
  const scale = m === null ? undefined : UNITS[m[2]!.toLowerCase()];
  const bytes = m === null || scale === undefined ? Number.NaN : Number(m[1]) * scale;
  if (!Number.isSafeInteger(bytes) || bytes <= 0)
    throw new HeaplabError(
      `${what} takes a size in bytes, KiB, MiB or GiB (e.g. 16MiB, 512KiB, 1GiB, 16777216), not '${String(text)}'`,
    );
  return bytes;
}
