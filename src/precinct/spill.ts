/**
 * A temporary file for the per-unit columns of a large table (issue 6): the chunks past the audit's budget of
 * units in memory are written here during the table pass and read back, a chunk at a time, by the screens.
 *
 * The file is created in the system's temporary folder (TMPDIR), readable by this user only, and unlinked at
 * once: only its descriptor names it, so it goes when the descriptor is closed or the process ends, however it
 * ends. A worker thread of the same process reads it through the same descriptor.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IntArray } from './totals.js';

/**
 * A chunk of a column written to a spill file: where, how many values, and whether 32-bit (else 16-bit). `fd` is
 * the file's descriptor, -1 once the file is closed (a read then fails, rather than read another file that was
 * given the same number).
 */
export interface SpilledChunk {
  fd: number;
  offset: number;
  length: number;
  wide: boolean;
}

/** A chunk of a column: its values in memory, or where they were written. */
export type ChunkRef = IntArray | SpilledChunk;

/** Whether a chunk was written out (else its values are at hand). */
export function isSpilled(chunk: ChunkRef): chunk is SpilledChunk {
  return !ArrayBuffer.isView(chunk);
}

/** The open, already unlinked, file that chunks are appended to. */
export class SpillFile {
  private end = 0;
  private closed = false;
  /** Every chunk written, to mark them unreadable when the file closes. */
  private readonly written: SpilledChunk[] = [];

  private constructor(readonly fd: number) {}

  /** Creates the file in `dir` (default: the system's temporary folder); throws when it cannot. */
  static open(dir = tmpdir()): SpillFile {
    const path = join(dir, `tallycheck-columns-${process.pid}-${randomBytes(8).toString('hex')}`);
    const fd = openSync(path, 'wx+', 0o600);
    try {
      unlinkSync(path);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
    return new SpillFile(fd);
  }

  /** Bytes written so far. */
  get size(): number {
    return this.end;
  }

  /** Appends a chunk's values; returns where they are. */
  write(values: IntArray): SpilledChunk {
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    for (let done = 0; done < bytes.length; ) {
      done += writeSync(this.fd, bytes, done, bytes.length - done, this.end + done);
    }
    const chunk = {
      fd: this.fd,
      offset: this.end,
      length: values.length,
      wide: values instanceof Int32Array,
    };
    this.end += bytes.length;
    this.written.push(chunk);
    return chunk;
  }

  /** Closes (and so removes) the file; chunks written to it can no longer be read. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const chunk of this.written) chunk.fd = -1;
    closeSync(this.fd);
  }
}

/**
 * A spilled chunk's values, read into `into` when it is given and large enough (a buffer reused from chunk to
 * chunk), else into a new one.
 */
export function readSpilled(chunk: SpilledChunk, into?: ArrayBufferLike): IntArray {
  if (chunk.fd < 0) throw new Error("the columns' temporary file was closed (the audit is over)");
  const bytes = chunk.length * (chunk.wide ? 4 : 2);
  const buffer = into && into.byteLength >= bytes ? into : new ArrayBuffer(bytes);
  const view = new Uint8Array(buffer, 0, bytes);
  for (let done = 0; done < bytes; ) {
    const read = readSync(chunk.fd, view, done, bytes - done, chunk.offset + done);
    if (read === 0) throw new Error(`the columns' temporary file ends before byte ${chunk.offset + bytes}`);
    done += read;
  }
  return chunk.wide ? new Int32Array(buffer, 0, chunk.length) : new Int16Array(buffer, 0, chunk.length);
}
