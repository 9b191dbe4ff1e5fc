import { type HeapReplay, ReplayCell } from "../record/heap-replay";
import { cssVar } from "../ui/theme";

/** ABGR colour words for `ImageData` viewed as a Uint32Array (little-endian). */
function rgba(r: number, g: number, b: number): number {
  return (255 << 24) | (b << 16) | (g << 8) | r;
}

function parseColor(css: string): [number, number, number] {
  const m = /^#([0-9a-f]{6})$/i.exec(css);
  if (m) {
    const v = Number.parseInt(m[1]!, 16);
    return [v >> 16, (v >> 8) & 255, v & 255];
  }
  return [128, 128, 128];
}

/**
 * A colour per type id, spread around the hue circle (golden angle) at a lightness that suits the theme.
 *
 * @example
 * typeColor(1, false); // [r, g, b] for ints in the light theme
 */
export function typeColor(typeId: number, dark: boolean): [number, number, number] {
  const hue = (typeId * 137.508) % 360;
  const s = 0.62;
  const l = dark ? 0.62 : 0.46;
  const f = (n: number): number => {
    const k = (n + hue / 30) % 12;
    const a = s * Math.min(l, 1 - l);
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

/**
 * The palette for the theme in force: untouched, freed, then one colour per type id.
 *
 * @example
 * const palette = heapPalette();
 */
export function heapPalette(): Uint32Array {
  const dark = document.documentElement.dataset.theme === "dark";
  const p = new Uint32Array(256);
  p[ReplayCell.untouched] = rgba(...parseColor(cssVar("--map-empty")));
  p[ReplayCell.freed] = rgba(...parseColor(cssVar("--map-freed")));
  for (let v = ReplayCell.firstType; v < 256; v++) p[v] = rgba(...typeColor(v - ReplayCell.firstType, dark));
  return p;
}

/**
 * Where the tiles go: `perRow` tiles of `side` pixels a row, `gap` pixels apart.
 *
 * @example
 * const { width, height } = tileGeometry(replay);
 */
export function tileGeometry(replay: HeapReplay) {
  const side = replay.side;
  const gap = 2;
  const tiles = Math.max(1, replay.tiles.length);
  const perRow = Math.min(tiles, Math.max(1, Math.floor(1100 / (side + gap))));
  return {
    side,
    gap,
    perRow,
    width: perRow * (side + gap) - gap,
    height: Math.ceil(tiles / perRow) * (side + gap) - gap,
  };
}

/**
 * The address a canvas pixel shows (the start of its cell), or -1 for a gap or outside the tiles.
 *
 * @example
 * canvas.onclick = (e) => addressAt(replay, e.offsetX * canvas.width / canvas.clientWidth, …);
 */
export function addressAt(replay: HeapReplay, x: number, y: number): number {
  const { side, gap, perRow } = tileGeometry(replay);
  const col = Math.floor(x / (side + gap));
  const row = Math.floor(y / (side + gap));
  const cx = Math.floor(x) - col * (side + gap);
  const cy = Math.floor(y) - row * (side + gap);
  const t = row * perRow + col;
  if (col >= perRow || cx >= side || cy >= side || t >= replay.tiles.length) return -1;
  return replay.tiles[t]! * (1 << 20) + (cy * side + cx) * replay.cellBytes;
}

/**
 * Paints the replayed heap: one tile per 1 MiB of addresses, `perRow` tiles a row, a 2-pixel gap
 * between tiles; with `pools`, a line every 16 KiB (pymalloc's pools; four rows of 16-byte cells).
 * One pass over the cells into a Uint32Array view of the image: no allocation per cell.
 *
 * @example
 * drawReplay(canvas, replay, replay.seek(i), heapPalette(), true);
 */
export function drawReplay(
  canvas: HTMLCanvasElement,
  replay: HeapReplay,
  cells: Uint8Array,
  palette: Uint32Array,
  pools: boolean,
): void {
  const { side, gap, perRow, width, height } = tileGeometry(replay);
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
    // Two screen pixels a cell where there is room (CSS caps it at the figure's width).
    canvas.style.width = `${width * 2}px`;
  }
  const ctx = canvas.getContext("2d")!;
  const img = ctx.createImageData(width, height);
  const px = new Uint32Array(img.data.buffer);
  const perTile = side * side;
  for (let t = 0; t < replay.tiles.length; t++) {
    const x0 = (t % perRow) * (side + gap);
    const y0 = Math.floor(t / perRow) * (side + gap);
    const base = t * perTile;
    for (let y = 0; y < side; y++) {
      const row = (y0 + y) * width + x0;
      const c = base + y * side;
      for (let x = 0; x < side; x++) px[row + x] = palette[cells[c + x]!]!;
    }
  }
  ctx.putImageData(img, 0, 0);
  const rowsPerPool = (16 << 10) / (side * replay.cellBytes);
  if (pools && rowsPerPool >= 2) {
    // Translucent, so the cells under the line stay readable.
    ctx.fillStyle = cssVar("--map-grid");
    ctx.globalAlpha = 0.16;
    for (let t = 0; t < replay.tiles.length; t++) {
      const x0 = (t % perRow) * (side + gap);
      const y0 = Math.floor(t / perRow) * (side + gap);
      for (let y = rowsPerPool; y < side; y += rowsPerPool) ctx.fillRect(x0, y0 + y, side, 1);
    }
    ctx.globalAlpha = 1;
  }
}
