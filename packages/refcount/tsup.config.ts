import { packageBuild } from "../../tsup.config.base";

// Two entry points that share their modules: with splitting, `index` and `internals` import one copy
// of each class (in CJS too), so `instanceof` holds whichever entry made the object.
export default packageBuild(["src/index.ts", "src/internals.ts"], { splitting: true });
