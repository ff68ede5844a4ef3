// A growing list of 32-bit integers in one typed array: a million exported log ids take 4 MB, not the
// 8–12 MB of a JavaScript array of numbers (and one object for the garbage collector, not a million slots).
export class IntList {
  private items: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.items = new Int32Array(capacity);
  }

  /** A list over these values (no copy), e.g. one that crossed from a worker thread. */
  static over(values: Int32Array): IntList {
    const list = new IntList(0);
    list.items = values;
    list.length = values.length;
    return list;
  }

  push(value: number): void {
    if (this.length === this.items.length) {
      const grown = new Int32Array(Math.max(1024, this.items.length * 2));
      grown.set(this.items);
      this.items = grown;
    }
    this.items[this.length++] = value;
  }

  at(index: number): number {
    return this.items[index]!;
  }

  /** The values from start to end (exclusive) as a plain array, e.g. a query parameter. */
  slice(start = 0, end = this.length): number[] {
    return Array.from(this.items.subarray(start, Math.min(end, this.length)));
  }

  /** The values as a typed array over the same memory (no copy). */
  view(): Int32Array {
    return this.items.subarray(0, this.length);
  }
}
