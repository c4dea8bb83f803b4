/**
 * Precinct tables compressed with gzip (a data portal's results.csv.gz): read as the text they hold, decompressed
 * as it streams, so that no uncompressed copy has to be written first. Known by gzip's first two bytes, not by
 * the file's name.
 */
import { closeSync, createReadStream, openSync, type ReadStream, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { InputError } from '../load/errors.js';

/** `length` bytes of `file` from `position`, or undefined when the file cannot be read that far. */
function bytesAt(file: string, position: number, length: number): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const bytes = Buffer.alloc(length);
    return readSync(fd, bytes, 0, length, position) === length ? bytes : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Whether `file` starts with gzip's magic bytes (1f 8b); false for a file that cannot be read. */
export function isGzip(file: string): boolean {
  const head = bytesAt(file, 0, 2);
  return head !== undefined && head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * The size of the text a file holds, `size` its size on disk: for gzip, the uncompressed size its last member's
 * trailer states (ISIZE, exact below 4 GiB for a file of one member), never below `size`.
 */
export function textSize(file: string, size: number): number {
  if (size < 18 || !isGzip(file)) return size;
  const tail = bytesAt(file, size - 4, 4);
  return tail ? Math.max(size, tail.readUInt32LE(0)) : size;
}

/**
 * Whether a read asked to hash the table (ReadOptions.hash) hashes the bytes it reads: not for gzip, whose
 * sha256 in reports is the file's, as sha256sum gives it, not its text's (load/precinct.ts hashes the file).
 */
export function hashesAsRead(file: string, hash: boolean | undefined): boolean {
  return hash === true && !isGzip(file);
}

/**
 * A gzip file's text, read into the caller's buffers as a FileHandle reads a file's bytes (`read` resolves to the
 * bytes read, 0 at the end). Damaged or truncated data is an InputError that says how much text came before it.
 */
export class GzipText {
  // Chunks of 256 KiB, as the reader's largest reads: with zlib's 16 KiB, decompressing the benchmark's 1M-row
  // table took 0.72 s against 0.30 s (fs.createReadStream piped into createGunzip, one run each).
  private readonly gunzip = createGunzip({ chunkSize: 1 << 18 });
  private readonly chunks: AsyncIterator<Buffer>;
  private rest: Buffer | undefined;
  private text = 0;
  private readonly source: ReadStream;

  constructor(private readonly file: string) {
    this.source = createReadStream(file, { highWaterMark: 1 << 18 });
    this.source.on('error', (error) => this.gunzip.destroy(error));
    this.source.pipe(this.gunzip);
    this.chunks = this.gunzip[Symbol.asyncIterator]();
  }

  /** Reads up to `length` bytes of text into `buffer` at `offset` (the position is the stream's). */
  async read(
    buffer: Buffer,
    offset: number,
    length: number,
    _position?: null,
  ): Promise<{ bytesRead: number }> {
    let n = 0;
    while (n < length) {
      let chunk = this.rest;
      this.rest = undefined;
      if (chunk === undefined) {
        const step = await this.next();
        if (step.done) break;
        chunk = step.value;
      }
      const take = Math.min(chunk.length, length - n);
      chunk.copy(buffer, offset + n, 0, take);
      n += take;
      this.text += take;
      if (take < chunk.length) this.rest = chunk.subarray(take);
    }
    return { bytesRead: n };
  }

  /** Stops reading, at the end or not: the file is closed either way. */
  async close(): Promise<void> {
    this.gunzip.destroy();
    this.source.destroy();
  }

  private async next(): Promise<IteratorResult<Buffer>> {
    try {
      return await this.chunks.next();
    } catch (error) {
      throw gzipDamaged(error, this.file, this.text) ?? error;
    }
  }
}

/**
 * zlib's error on damaged or truncated gzip data (its code starts with "Z_") as the input problem it is, with the
 * bytes of text read before it when known; undefined for any other error.
 */
export function gzipDamaged(error: unknown, file: string, text?: number): InputError | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string' || !code.startsWith('Z_')) return undefined;
  return new InputError([
    {
      code: 'precinct-gzip-damaged',
      file,
      message:
        `the table's gzip data is damaged${text !== undefined ? ` after ${text} bytes of text` : ''}: ` +
        (error as Error).message,
      expected: 'a complete gzip file',
      hint: 'Download the file again (gunzip -t FILE tests it), or decompress it and name the text file.',
    },
  ]);
}
