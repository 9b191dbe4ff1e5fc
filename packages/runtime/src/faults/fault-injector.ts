import { ConfigError, MemoryError } from "../errors";

/**
 * The MemoryError an armed fault throws. Strategies that add context to the MemoryErrors of the layers
 * below them pass this one through unchanged, so the message says it was injected.
 * @example
 * rt.faults.arm("object", 1);
 * try { rt.newList(); } catch (e) { e instanceof InjectedMemoryError; } // true
 */
export class InjectedMemoryError extends MemoryError {}

/**
 * Where an allocation can be made to fail.
 * @example
 * rt.faults.arm("aux", 1); // the next list item array, dict keys table, ... fails
 */
export type FaultSite = "object" | "aux" | "os";

const SITES: readonly FaultSite[] = ["object", "aux", "os"];

/** The index of a site in the counters, without a search: `check` runs on every allocation. */
function siteIndex(site: FaultSite): number {
  return site === "object" ? 0 : site === "aux" ? 1 : 2;
}

/**
 * Fault injection: makes the Nth allocation at a site fail with `MemoryError`, to prove that every
 * failure surfaces cleanly and leaves the heap consistent.
 *
 * - `object`: an object allocation the runtime asks of the strategy (before the strategy runs);
 * - `aux`: auxiliary storage (a list's item array, a dict's keys table), before the strategy runs;
 * - `os`: a page mapping (`OsMemory.map`) — an arena, a space, a raw block — wherever it happens inside
 *   a strategy or an allocator, which exercises their own failure paths.
 *
 * Every call is counted, armed or not, so a dry run tells how many allocations a program makes.
 *
 * @example
 * rt.faults.arm("object", 10);   // the 10th object allocation from now fails
 * rt.faults.calls("object");     // object allocations counted so far
 */
export class FaultInjector {
  private readonly countdown = new Int32Array(SITES.length).fill(-1);
  private readonly counts = new Float64Array(SITES.length);

  /**
   * The `n`th allocation at `site` from now (1 = the next one) throws MemoryError.
   * @throws ConfigError for an unknown site or a count that is not a positive whole number.
   */
  arm(site: FaultSite, n: number): void {
    if (!SITES.includes(site))
      throw new ConfigError(`unknown fault site ${JSON.stringify(site)}; sites: ${SITES.join(", ")}`);
    if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 1)
      throw new ConfigError(`faults.arm's count must be a positive whole number, not ${String(n)}`);
    this.countdown[siteIndex(site)] = n;
  }

  /** Cancels every armed fault. */
  disarm(): void {
    this.countdown.fill(-1);
  }

  /** Allocations counted at `site` since the runtime started. */
  calls(site: FaultSite): number {
    return this.counts[siteIndex(site)]!;
  }

  /** Called before each allocation at `site`; throws when an armed countdown reaches it. */
  check(site: FaultSite, bytes: number): void {
    const i = siteIndex(site);
    this.counts[i]! += 1;
    const c = this.countdown[i]!;
    if (c < 0) return;
    if (c === 1) {
      this.countdown[i] = -1;
      throw new InjectedMemoryError(
        `injected failure of ${site} allocation #${this.counts[i]} (${bytes.toLocaleString("en-US")} bytes)`,
        bytes,
        0,
        0,
      );
    }
    this.countdown[i] = c - 1;
  }
}
