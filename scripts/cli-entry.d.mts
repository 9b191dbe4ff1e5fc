/** The repository's root folder. */
export const ROOT: string;
/** The built heaplab command. */
export const BUILT_BIN: string;
/** Whether every package's build and the command's are newer than their sources. */
export function builtIsFresh(): boolean;
/** The `node` arguments that run the heaplab command: the build when fresh, else the sources via tsx. */
export function cliNodeArgs(): string[];
