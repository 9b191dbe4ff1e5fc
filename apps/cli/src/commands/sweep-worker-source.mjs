// The sweep worker when heaplab runs from its TypeScript sources (`pnpm heaplab`): a worker thread does
// not inherit the main thread's tsx loader, so this entry registers it, then loads the real worker.
import { register } from "tsx/esm/api";

register();
const worker = await import("./sweep-worker.ts");
export default worker.default;
