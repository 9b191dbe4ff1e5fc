import { ARENA_SIZE } from "./obmalloc-constants";

/**
 * The bottom level of obmalloc's radix tree (`arena_map_bot_t`, 3.11 `IGNORE_BITS = 0`), which answers
 * `address_in_range(p)`: is `p` inside an arena? For a 32-bit address space the root and mid levels have
 * exactly one node each, so one leaf per 1 MiB "ideal arena" is all there is. An mmapped arena is only
 * page aligned, so it usually straddles two ideal arenas: the leaf of the first records where the arena
 * starts (`tail_hi`), the leaf of the second where it ends (`tail_lo`).
 *
 * @example
 * const map = new ArenaMap(1 << 30);
 * map.markUsed(0x101000, true);
 * map.isUsed(0x101000); // true
 * map.isUsed(0x100fff); // false
 */
export class ArenaMap {
  private readonly tailHi: Int32Array;
  private readonly tailLo: Int32Array;
  /** Interior nodes CPython would have allocated (one mid, one bottom once any arena was marked). */
  midNodes = 0;
  botNodes = 0;

  constructor(addressSpaceBytes: number) {
    const leaves = Math.ceil(addressSpaceBytes / ARENA_SIZE) + 2;
    this.tailHi = new Int32Array(leaves);
    this.tailLo = new Int32Array(leaves);
  }

  /** `arena_map_mark_used(arena_base, is_used)`. */
  markUsed(arenaBase: number, isUsed: boolean): void {
    this.midNodes = 1;
    this.botNodes = 1;
    const i = Math.floor(arenaBase / ARENA_SIZE);
    const tail = arenaBase % ARENA_SIZE;
    if (tail === 0) {
      // An ideal (1 MiB aligned) arena covers its whole leaf.
      this.tailHi[i] = isUsed ? -1 : 0;
    } else {
      this.tailHi[i] = isUsed ? tail : 0;
      this.tailLo[i + 1] = isUsed ? tail : 0;
    }
  }

  /** `arena_map_is_used(p)`: one leaf lookup and one comparison. */
  isUsed(p: number): boolean {
    const i = p >>> 20;
    const tail = p & (ARENA_SIZE - 1);
    const hi = this.tailHi[i]!;
    return tail < this.tailLo[i]! || (tail >= hi && hi !== 0);
  }
}
