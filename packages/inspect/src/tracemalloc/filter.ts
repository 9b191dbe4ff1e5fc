import type { Traceback } from "./frames";

/**
 * tracemalloc's `Filter`: keeps (`inclusive`) or drops traces whose frame matches a filename pattern
 * (`fnmatch` style: `*`, `?`, `[abc]`) and, if given, a line number. By default only the most recent
 * frame is tested; `allFrames` tests every frame.
 * @example
 * snapshot.filterTraces([new Filter(false, "<unknown>"), new Filter(true, "leak_*.py")]);
 */
export class Filter {
  private readonly re: RegExp;

  constructor(
    readonly inclusive: boolean,
    readonly filenamePattern: string,
    readonly lineno: number | null = null,
    readonly allFrames = false,
  ) {
    this.re = globToRegExp(filenamePattern);
  }

  /** Whether the frames of `tb` match the pattern (before applying `inclusive`). */
  matches(tb: Traceback): boolean {
    const frames = this.allFrames ? tb : tb.slice(0, 1);
    return frames.some((f) => this.re.test(f.filename) && (this.lineno === null || f.lineno === this.lineno));
  }
}

/**
 * Python's `Snapshot.filter_traces` rule: a trace is kept if it matches at least one inclusive filter
 * (when there are any) and no exclusive filter.
 * @example
 * keepTrace([new Filter(false, "<unknown>")], trace.traceback);
 */
export function keepTrace(filters: readonly Filter[], tb: Traceback): boolean {
  const inc = filters.filter((f) => f.inclusive);
  if (inc.length > 0 && !inc.some((f) => f.matches(tb))) return false;
  return !filters.some((f) => !f.inclusive && f.matches(tb));
}

/** `fnmatch.translate`, for `*`, `?` and bracket sets. */
function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") re += ".*";
    else if (c === "?") re += ".";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 1);
      if (end < 0) re += "\\[";
      else {
        const body = glob.slice(i + 1, end);
        re += `[${body.startsWith("!") ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\/]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
