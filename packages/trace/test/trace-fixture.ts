/** A `heaplab-trace/1` trace object with these ops (4 registers unless `extra` says otherwise), for tests. */
export const trace = (ops: unknown[], extra: Record<string, unknown> = {}) => ({
  format: "heaplab-trace/1",
  name: "t",
  registers: 4,
  ops,
  ...extra,
});
