/**
 * Where the table reader's buffers come from: fresh ArrayBuffers when it reads on the caller's thread, and a pool
 * of SharedArrayBuffers on its worker thread.
 *
 * Why shared on the worker: the worker posts each batch (its arrays, and the chunk its ids point into) to the main
 * thread. Moving (transferring) an ArrayBuffer detaches it, and once an isolate has detached one, V8 guards every
 * typed-array access it optimises against detachment: the worker's loop that writes rows into a batch took 202 ms
 * of a 1M-row table against 103 ms when nothing had been detached (issue 6 profiles). A SharedArrayBuffer is posted
 * without a copy and detaches nothing. Why a pool: a SharedArrayBuffer is freed only once both threads have
 * collected their views of it, and the worker, which allocates little else, collects rarely: unpooled, peak RSS of
 * a 1M-row audit rose from about 150 MB to 220-260 MB. So the main thread hands each message's buffers back once
 * its consumer has moved past them (read-thread.ts), and the worker reuses them.
 */

/** A source of buffers for batches and chunks. */
export interface BufferSource {
  /** A buffer of at least `bytes` bytes; its contents are undefined (a reused one holds old data). */
  take(bytes: number): ArrayBufferLike;
  /** Hands back a buffer taken here that nothing reads any more (a no-op where buffers are not reused). */
  give(buffer: ArrayBufferLike): void;
}

/** Fresh ArrayBuffers, collected as usual: the reader on the caller's thread. */
export const freshBuffers: BufferSource = {
  take: (bytes) => new ArrayBuffer(bytes),
  give: () => {},
};

/** Sizes are rounded up to a multiple of this, so that buffers of nearby sizes (batches of a chunk's rows) are reused. */
const GRAIN = 1 << 16;

/** SharedArrayBuffers reused by size (rounded up to GRAIN): the reader's worker thread. */
export class SharedPool implements BufferSource {
  private readonly free = new Map<number, SharedArrayBuffer[]>();
  /** Buffers allocated, and takes served by a buffer handed back. */
  created = 0;
  reused = 0;

  take(bytes: number): SharedArrayBuffer {
    const size = Math.max(GRAIN, Math.ceil(bytes / GRAIN) * GRAIN);
    const reused = this.free.get(size)?.pop();
    if (reused) {
      this.reused++;
      return reused;
    }
    this.created++;
    return new SharedArrayBuffer(size);
  }

  give(buffer: ArrayBufferLike): void {
    if (!(buffer instanceof SharedArrayBuffer)) return;
    let list = this.free.get(buffer.byteLength);
    if (!list) {
      list = [];
      this.free.set(buffer.byteLength, list);
    }
    list.push(buffer);
  }
}

/**
 * Typed arrays carved one after another out of one buffer: a batch's arrays, or its ids' offsets. One buffer per
 * batch rather than one per array, as each posted buffer costs. Callers request 8-byte elements first, so that no
 * element is misaligned.
 */
export class Arena {
  private offset = 0;

  constructor(readonly buffer: ArrayBufferLike) {}

  float64(n: number): Float64Array {
    return new Float64Array(this.buffer, this.take(8 * n), n);
  }

  int32(n: number): Int32Array {
    return new Int32Array(this.buffer, this.take(4 * n), n);
  }

  uint32(n: number): Uint32Array {
    return new Uint32Array(this.buffer, this.take(4 * n), n);
  }

  uint8(n: number): Uint8Array {
    return new Uint8Array(this.buffer, this.take(n), n);
  }

  private take(bytes: number): number {
    const at = this.offset;
    this.offset += bytes;
    if (this.offset > this.buffer.byteLength) throw new RangeError('arena overflow (a bug in its caller)');
    return at;
  }
}
