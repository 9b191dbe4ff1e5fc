/**
 * A growable stack of u32 words that deallocators use to take an object's references out before
 * dropping them: a drop can run a finalizer that grows linear memory and replaces its views, so no
 * deallocator keeps reading through a view across a `decref`. Nested deallocations push above the
 * frame of the one that called them and pop back to it.
 *
 * @example
 * const base = stack.top;
 * stack.push(a); stack.push(b);
 * for (let i = base; i < stack.top; i++) use(stack.at(i)); // top is restored by nested users
 * stack.top = base;
 */
export class ScratchStack {
  words = new Uint32Array(1024);
  top = 0;

  push(v: number): void {
    if (this.top === this.words.length) {
      const w = new Uint32Array(this.words.length * 2);
      w.set(this.words);
      this.words = w;
    }
    this.words[this.top++] = v;
  }

  at(i: number): number {
    return this.words[i]!;
  }
}
