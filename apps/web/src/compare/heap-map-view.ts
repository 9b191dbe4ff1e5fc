import { type HeapMap, MapCell } from "@heaplab/compare";

const ARENA = 1 << 20;
const POOL = 16 << 10;

/** A colour per cell value: grey shades for unmapped/free/aux, a hue per type. */
function palette(v: number): [number, number, number] {
  if (v === MapCell.unmapped) return [20, 20, 20];
  if (v === MapCell.free) return [235, 235, 235];
  if (v === MapCell.aux) return [160, 160, 160];
  const hue = ((v - MapCell.firstType) * 67) % 360;
  const c = (n: number) => {
    const k = (n + hue / 30) % 12;
    return Math.round(255 * (0.55 - 0.45 * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [c(0), c(8), c(4)];
}

/**
 * Draws the heap map with ImageData: one 1 MiB arena per tile (a row of tiles), each tile 64 pools
 * high... laid out as 256 × 256 cells of 16 bytes, so each 16 KiB pool is a band of four rows.
 * Returns the legend entries (type names present).
 *
 * @example
 * drawHeapMap(canvas, map);
 */
export function drawHeapMap(canvas: HTMLCanvasElement, map: HeapMap): { name: string; color: string }[] {
  const cellsPerArena = ARENA / map.blockBytes;
  const side = Math.round(Math.sqrt(cellsPerArena)); // 256 for 16-byte cells
  const arenas = Math.max(1, Math.ceil(map.cells.length / cellsPerArena));
  const perRow = Math.min(arenas, 8);
  const rows = Math.ceil(arenas / perRow);
  const gap = 2;
  canvas.width = perRow * (side + gap);
  canvas.height = rows * (side + gap);
  const ctx = canvas.getContext("2d")!;
  const img = ctx.createImageData(canvas.width, canvas.height);
  const px = img.data;
  px.fill(255);
  const seen = new Set<number>();
  for (let i = 0; i < map.cells.length; i++) {
    const v = map.cells[i]!;
    seen.add(v);
    const arena = Math.floor(i / cellsPerArena);
    const within = i % cellsPerArena;
    const x = (arena % perRow) * (side + gap) + (within % side);
    const y = Math.floor(arena / perRow) * (side + gap) + Math.floor(within / side);
    const o = 4 * (y * canvas.width + x);
    const [r, g, b] = palette(v);
    // Pool boundaries: darken the first row of each 16 KiB pool slightly.
    const poolEdge = (within * map.blockBytes) % POOL < side * map.blockBytes ? 0.85 : 1;
    px[o] = r * poolEdge;
    px[o + 1] = g * poolEdge;
    px[o + 2] = b * poolEdge;
    px[o + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  const name = (v: number): string =>
    v === MapCell.unmapped
      ? "unmapped (returned or never mapped)"
      : v === MapCell.free
        ? "mapped, free"
        : v === MapCell.aux
          ? "auxiliary storage"
          : (map.typeNames[v - MapCell.firstType] ?? `type ${v - MapCell.firstType}`);
  return [...seen]
    .sort((a, b) => a - b)
    .map((v) => ({ name: name(v), color: `rgb(${palette(v).join(",")})` }));
}
