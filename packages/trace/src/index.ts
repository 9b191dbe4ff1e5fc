/** @heaplab/trace: heaplab traces: parse, validate and replay a trace under any strategy; results in the referee's format. */
export const PACKAGE = "@heaplab/trace";
