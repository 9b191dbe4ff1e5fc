import { ConfigError } from "../errors";
import { CPYTHON_3_14 } from "./profile-3-14";
import {
  CPYTHON_3_11,
  CPYTHON_3_12,
  CPYTHON_3_13,
  type CPythonProfile,
  type CPythonVersion,
} from "./version-profile";

/**
 * Every profile heaplab has, by version (3.14's lives in its own file, built on 3.13's, so the table
 * that names them all sits here, after both).
 * @example
 * Object.keys(CPYTHON_PROFILES); // ["3.11", "3.12", "3.13", "3.14"]
 */
export const CPYTHON_PROFILES: Readonly<Record<CPythonVersion, CPythonProfile>> = {
  "3.11": CPYTHON_3_11,
  "3.12": CPYTHON_3_12,
  "3.13": CPYTHON_3_13,
  "3.14": CPYTHON_3_14,
};

/**
 * The profile of `version`.
 * @throws ConfigError for a version heaplab does not model.
 * @example
 * cpythonProfile("3.13").gc.thresholds; // [2000, 10, 10]
 */
export function cpythonProfile(version: CPythonVersion): CPythonProfile {
  const p = (CPYTHON_PROFILES as Partial<Record<string, CPythonProfile>>)[version];
  if (p === undefined)
    throw new ConfigError(
      `no CPython ${String(version)} profile; heaplab models ${Object.keys(CPYTHON_PROFILES).join(", ")}`,
    );
  return p;
}
