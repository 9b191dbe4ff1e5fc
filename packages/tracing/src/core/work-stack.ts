/**
 * A growable stack of addresses on a typed array: the mark stack and the promotion-failure stack.
 * Pushing allocates only when it doubles.
 *
 * @example
 * const s = new WorkStack();
 * s.push(obj);
 * while (!s.isEmpty()) scan(s.pop());
 */
export class WorkStack {
  private items = new Uint32Array(1024);
  private top = 0;

  push(v: number): void {
    if (this.top === this.items.length) {
      const n = new Uint32Array(this.items.length * 2);
      n.set(this.items);
      this.items = n;
    }
    this.items[this.top++] = v;
  }

  pop(): number {
    return this.items[--this.top]!;
  }

  isEmpty(): boolean {
    return this.top === 0;
  }

  get length(): number {
    return this.top;
  }

  clear(): void {
    this.top = 0;
  }
}
