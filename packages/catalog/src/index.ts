/**
 * `@heaplab/catalog`: every heaplab strategy in one `StrategyCatalog`, each strategy's settings and
 * constraints as data, and the parsers that check user-given sizes and settings before a run.
 *
 * @example
 * import { catalog, parseSettings } from "@heaplab/catalog";
 * const settings = parseSettings("refcount", { neverReleaseArenas: "true" });
 * const strategy = catalog.get("refcount").create({ heapLimit: 16 << 20, settings });
 */
export { parseByteSize } from "./byte-size";
export { catalog } from "./catalog";
export { describeStrategy, type StrategyDescription } from "./describe-strategy";
export { parseSettings, type SettingValue, settingsByStrategy, settingsOf } from "./parse-settings";
export { type SettingSpec, STRATEGY_SETTINGS } from "./setting-specs";
