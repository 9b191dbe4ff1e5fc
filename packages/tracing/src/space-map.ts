/**
 * Which space an address belongs to, by 64 KiB granule: MMTk's SFT map, one shift and one load.
 * Only regions that collectors must tell apart quickly (moving or generational spaces) are registered;
 * 0 means "no registered space" (non-moving memory: large objects, auxiliary storage).
 *
 * @example
 * const map = new SpaceMap();
 * map.set(region, 1 << 20, 3);
 * map.spaceOf(region + 100); // 3
 */
export class SpaceMap {
  /** Granule size: regions are aligned to and sized in multiples of this. */
  static readonly GRANULE = 65536;
  private readonly ids = new Uint8Array(65536);

  /** `bytes` rounded up to whole granules, one at least: the size of a region that must hold them. */
  static granules(bytes: number): number {
    return Math.max(SpaceMap.GRANULE, Math.ceil(bytes / SpaceMap.GRANULE) * SpaceMap.GRANULE);
  }

  /** Marks `[start, start + bytes)` as space `id` (1..255), or clears it with 0. */
  set(start: number, bytes: number, id: number): void {
    for (let g = start >>> 16; g < (start + bytes) >>> 16; g++) this.ids[g] = id;
  }

  /** The space id of `addr` (0 if none). */
  spaceOf(addr: number): number {
    return this.ids[addr >>> 16]!;
  }
}
