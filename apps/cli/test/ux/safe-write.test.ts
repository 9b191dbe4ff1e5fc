import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkOutputPath, OutputFileError, writeFileSafely } from "../../src/safe-write";

const fresh = () => mkdtempSync(join(tmpdir(), "heaplab-write-"));

describe("writeFileSafely", () => {
  it("writes a new file and leaves no temporary file", () => {
    const dir = fresh();
    writeFileSafely(join(dir, "a.heapsnapshot"), "{}", { force: false });
    expect(readFileSync(join(dir, "a.heapsnapshot"), "utf8")).toBe("{}");
    expect(readdirSync(dir)).toEqual(["a.heapsnapshot"]);
  });

  it("refuses to replace an existing file without force, and replaces it whole with force", () => {
    const dir = fresh();
    const target = join(dir, "a.heapsnapshot");
    writeFileSync(target, "good");
    expect(() => checkOutputPath(target, false)).toThrow("already exists; give --force to replace it");
    expect(() => writeFileSafely(target, "new", { force: false })).toThrow(OutputFileError);
    expect(readFileSync(target, "utf8")).toBe("good");
    writeFileSafely(target, "new", { force: true });
    expect(readFileSync(target, "utf8")).toBe("new");
    expect(readdirSync(dir)).toEqual(["a.heapsnapshot"]);
  });

  it("never follows a symbolic link at the target, dangling or not", () => {
    const dir = fresh();
    const link = join(dir, "link.heapsnapshot");
    const victim = join(dir, "victim.txt");
    symlinkSync(victim, link);
    expect(() => checkOutputPath(link, false)).toThrow("already exists");
    expect(() => writeFileSafely(link, "x", { force: false })).toThrow(OutputFileError);
    expect(existsSync(victim)).toBe(false);
    // With --force the link itself is replaced by the file; its target is never created.
    writeFileSafely(link, "x", { force: true });
    expect(existsSync(victim)).toBe(false);
    expect(readFileSync(link, "utf8")).toBe("x");
    expect(() => readlinkSync(link)).toThrow();
  });

  it("reports an unwritable place as one line and leaves nothing behind", () => {
    const dir = fresh();
    expect(() => writeFileSafely(join(dir, "missing", "a.heapsnapshot"), "x", { force: false })).toThrow(
      /^cannot write .*a\.heapsnapshot: no such file or directory$/,
    );
    mkdirSync(join(dir, "sub"));
    expect(() => writeFileSafely(join(dir, "sub"), "x", { force: true })).toThrow(OutputFileError);
    expect(readdirSync(dir)).toEqual(["sub"]);
  });
});
