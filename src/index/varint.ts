// Variable-byte integers (7 bits per byte, high bit = more), the encoding of postings and positions.
// Written by hand: it is a dozen lines, and the hot loops must decode straight from a Uint8Array.

/** A growable byte buffer that appends varints. */
export class ByteWriter {
  bytes: Uint8Array;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.bytes = new Uint8Array(initialCapacity);
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < this.length + extra) capacity *= 2;
    const next = new Uint8Array(capacity);
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }

  writeVarint(value: number): void {
    this.reserve(5);
    let v = value >>> 0;
    while (v >= 0x80) {
      this.bytes[this.length++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.bytes[this.length++] = v;
  }

  writeBytes(source: Uint8Array): void {
    this.reserve(source.length);
    this.bytes.set(source, this.length);
    this.length += source.length;
  }

  /** The written bytes (a view; copy it if the writer goes on). */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

/** A cursor that reads varints from a byte array. */
export class ByteReader {
  constructor(
    public bytes: Uint8Array,
    public offset = 0,
  ) {}

  /** Moves past `count` varints without decoding them. */
  skipVarints(count: number): void {
    const b = this.bytes;
    for (let i = 0; i < count; i++) while (b[this.offset++]! & 0x80);
  }

  readVarint(): number {
    const b = this.bytes;
    let byte = b[this.offset++]!;
    let value = byte & 0x7f;
    let shift = 7;
    while (byte & 0x80) {
      byte = b[this.offset++]!;
      value |= (byte & 0x7f) << shift;
      shift += 7;
    }
    return value >>> 0;
  }
}
