import type { Handle, Runtime } from "@heaplab/runtime";
import { loop } from "../classes";
import { readValue } from "../read-value";
import { numParam, type Params, type Workload, type WorkloadContext } from "../workload";

/** `next(reader)`: one parsed CSV row `(id, name, value)` as a tuple of int, str and float. */
function readRow(rt: Runtime, i: number): Handle {
  return rt.newTuple([rt.newInt(100000 + i), rt.newStr(`customer-${i}`), rt.newFloat((i % 1000) / 8)]);
}

/** `total += row[2]` for one row. */
function rowValue(rt: Runtime, row: Handle): number {
  return readValue(rt, () => rt.floatValue(rt.getItem(row, 2)));
}

type Mode = "all" | "chunks" | "generator";

function run(rt: Runtime, params: Params, ctx: WorkloadContext, mode: Mode): void {
  const rows = numParam(params, "rows");
  let total = 0;
  if (mode === "all") {
    // rows = list(csv.reader(f)); total = sum(r[2] for r in rows)
    ctx.site("report.py:5 load_all");
    const all = rt.newList();
    loop(
      rt,
      rows,
      (i) => rt.append(all, readRow(rt, i)),
      (d, t) => ctx.progress(d, t / 2),
    );
    ctx.site("report.py:6 load_all");
    loop(rt, rows, (i) => {
      total += rowValue(rt, rt.getItem(all, i));
    });
    rt.clear(all);
  } else if (mode === "chunks") {
    // for chunk in pandas.read_csv(f, chunksize=n): total += chunk["value"].sum()
    const size = numParam(params, "chunkRows");
    ctx.site("report.py:12 by_chunks");
    const chunk = rt.newList();
    loop(
      rt,
      rows,
      (i) => {
        rt.append(chunk, readRow(rt, i));
        if (rt.len(chunk) === size || i === rows - 1) {
          for (let j = 0; j < rt.len(chunk); j++)
            total += readValue(rt, () => rowValue(rt, rt.getItem(chunk, j)));
          rt.clear(chunk);
        }
      },
      (d, t) => ctx.progress(d, t),
    );
  } else {
    // total = sum(row[2] for row in csv.reader(f)): one row alive at a time
    ctx.site("report.py:18 streaming");
    loop(
      rt,
      rows,
      (i) => {
        total += rowValue(rt, readRow(rt, i));
      },
      (d, t) => ctx.progress(d, t),
    );
  }
  ctx.print(`total ${total.toFixed(3)}`);
}

const base = "Sums one column of a CSV file of `rows` rows (each row a tuple of an int, a str and a float). ";

/**
 * The CSV example, loading every row first.
 *
 * @example
 * csvLoadAll.run(rt, { rows: 1000 }, createWorkloadContext(rt));
 */
export const csvLoadAll: Workload = {
  name: "csv-load-all",
  title: "CSV: load everything, then sum",
  description: `${base}Loading the whole file first makes peak memory grow with the file: scale \`rows\` to the machine and this is the version that runs out.`,
  params: { rows: 20000 },
  tags: ["csv"],
  run: (rt, params, ctx) => run(rt, params, ctx, "all"),
};

/**
 * The CSV example, in chunks.
 *
 * @example
 * csvChunks.run(rt, { rows: 1000, chunkRows: 100 }, createWorkloadContext(rt));
 */
export const csvChunks: Workload = {
  name: "csv-chunks",
  title: "CSV: process in chunks",
  description: `${base}Processing \`chunkRows\` rows at a time bounds peak memory by the chunk, whatever the file size; each chunk becomes garbage together.`,
  params: { rows: 20000, chunkRows: 1000 },
  tags: ["csv"],
  run: (rt, params, ctx) => run(rt, params, ctx, "chunks"),
};

/**
 * The CSV example, as a generator.
 *
 * @example
 * csvGenerator.run(rt, { rows: 1000 }, createWorkloadContext(rt));
 */
export const csvGenerator: Workload = {
  name: "csv-generator",
  title: "CSV: stream rows through a generator",
  description: `${base}A generator keeps one row alive at a time: the smallest peak of the three, and every row dies young, which generational collectors handle cheaply.`,
  params: { rows: 20000 },
  tags: ["csv"],
  run: (rt, params, ctx) => run(rt, params, ctx, "generator"),
};
