/** The bytes the reader compares for a row's id (IdIndex), written to a scratch buffer that grows as needed. */
import { Buffer } from 'node:buffer';
import { type CsvFields, fieldText } from './csv.js';

/**
 * A scratch buffer for ids' bytes. The same id gives the same bytes whichever way it was read (a CSV record's
 * fields, a batch's ByteIds on the worker's main thread, an NDJSON row's text), so that an id is compared
 * alike on one thread and on two (batch-ids.ts).
 */
export class IdKeyScratch {
  buf: Buffer = Buffer.allocUnsafe(256);

  /** Writes the UTF-8 bytes of `text` from 0; returns their length. */
  text(text: string): number {
    this.room(Buffer.byteLength(text, 'utf8'), 0);
    return this.buf.write(text, 0, 'utf8');
  }

  /**
   * Writes the bytes of an id of `count` parts from 0: each part's bytes (an escaped part decoded, its `""`
   * collapsed), `separator` between parts; returns their length. Part j is field `fields[j]` of `from`, or
   * field `first + j` when `fields` is null.
   */
  parts(
    from: CsvFields,
    count: number,
    fields: ArrayLike<number> | null,
    first: number,
    separator: Buffer,
  ): number {
    let at = 0;
    for (let j = 0; j < count; j++) {
      const k = fields === null ? first + j : (fields[j] as number);
      const escaped = from.escaped[k] === 1;
      const part = escaped ? Buffer.from(fieldText(from, k), 'utf8') : from.buf;
      const start = escaped ? 0 : (from.starts[k] as number);
      const end = escaped ? part.length : (from.ends[k] as number);
      this.room(at + (end - start) + separator.length, at);
      if (j > 0) at += separator.copy(this.buf, at);
      at += part.copy(this.buf, at, start, end);
    }
    return at;
  }

  /** Grows the buffer to `need` bytes, keeping its first `keep`. */
  private room(need: number, keep: number): void {
    if (need <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
    this.buf.copy(next, 0, 0, keep);
    this.buf = next;
  }
}
