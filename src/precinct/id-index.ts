/** An exact set of unit ids as bytes, with each id's first line, compact enough for millions of units. */
import { Buffer } from 'node:buffer';

// Why not a Map<string, number>: at a million ids it cost about a second (hashing fresh strings, growing,
// and the garbage collector walking a million retained strings) and over 100 MB. Here the ids' bytes sit
// in one growing buffer and an open-addressing table of ints points at them, with an exact comparison on
// every hash match, so no false duplicates. Many exports are sorted by id: while each id sorts after the
// previous one it cannot repeat an earlier one, so the table is only built once the order breaks (a
// million random probes into a 16 MB table cost about 200 ms).

const EMPTY = 0;

/** Ids seen so far (as bytes) and the line each was first seen on. */
export class IdIndex {
  private arena = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  /** Where each id starts in the arena; entry e spans offsets[e] to offsets[e + 1]. */
  private offsets = new Uint32Array(1025);
  private lines = new Uint32Array(1024);
  /** (entry number + 1, hash) per slot, 0 marking an empty slot; at most half full. Empty while sorted. */
  private table = new Int32Array(0);
  private sorted = true;
  /** Ids stored. */
  size = 0;

  /**
   * Adds the id held in bytes [start, end) of `buf`, seen on `line`. Returns 0 for a new id, otherwise
   * the line on which the id was first seen (the id is not stored again).
   */
  add(buf: Uint8Array, start: number, end: number, line: number): number {
    if (this.sorted) {
      if (this.size === 0 || this.follows(buf, start, end)) {
        this.store(buf, start, end, line);
        return 0;
      }
      this.sorted = false;
      this.rehash();
    }
    const hash = hashBytes(buf, start, end);
    const length = end - start;
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = table[2 * slot] as number;
      if (entry === EMPTY) break;
      const e = entry - 1;
      if (table[2 * slot + 1] === hash && this.length(e) === length && this.equals(e, buf, start, length)) {
        return this.lines[e] as number;
      }
      slot = (slot + 1) & mask;
    }
    table[2 * slot] = this.size + 1;
    table[2 * slot + 1] = hash;
    this.store(buf, start, end, line);
    if (this.size * 4 > table.length) this.rehash();
    return 0;
  }

  /** Bytes held, for memory accounting. */
  get bytes(): number {
    return this.arena.length + this.table.byteLength + this.offsets.byteLength + this.lines.byteLength;
  }

  private length(e: number): number {
    return (this.offsets[e + 1] as number) - (this.offsets[e] as number);
  }

  /** Whether the id sorts after the last one stored: shorter first, then byte by byte ("9" < "10"). */
  private follows(buf: Uint8Array, start: number, end: number): boolean {
    const e = this.size - 1;
    const lastLength = this.length(e);
    if (end - start !== lastLength) return end - start > lastLength;
    const at = this.offsets[e] as number;
    for (let i = 0; i < lastLength; i++) {
      const a = buf[start + i] as number;
      const b = this.arena[at + i] as number;
      if (a !== b) return a > b;
    }
    return false;
  }

  private store(buf: Uint8Array, start: number, end: number, line: number): void {
    const length = end - start;
    const e = this.size;
    if (e === this.lines.length) this.growEntries();
    if (this.used + length > this.arena.length) this.growArena(length);
    const arena = this.arena;
    const at = this.used;
    for (let i = 0; i < length; i++) arena[at + i] = buf[start + i] as number;
    this.lines[e] = line;
    this.used += length;
    this.offsets[e + 1] = this.used;
    this.size++;
  }

  private equals(e: number, buf: Uint8Array, start: number, length: number): boolean {
    const arena = this.arena;
    const at = this.offsets[e] as number;
    for (let i = 0; i < length; i++) if (arena[at + i] !== buf[start + i]) return false;
    return true;
  }

  private growEntries(): void {
    const size = this.lines.length * 2;
    const offsets = new Uint32Array(size + 1);
    offsets.set(this.offsets);
    const lines = new Uint32Array(size);
    lines.set(this.lines);
    this.offsets = offsets;
    this.lines = lines;
  }

  private growArena(need: number): void {
    const next = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.used + need));
    this.arena.copy(next, 0, 0, this.used);
    this.arena = next;
  }

  /** Rebuilds the table at twice the entries (at least 1024 slots), hashing the stored bytes. */
  private rehash(): void {
    let slots = 1024;
    while (slots < this.size * 4) slots *= 2;
    const table = new Int32Array(slots * 2);
    const mask = slots - 1;
    for (let e = 0; e < this.size; e++) {
      const at = this.offsets[e] as number;
      const hash = hashBytes(this.arena, at, this.offsets[e + 1] as number);
      let slot = hash & mask;
      while (table[2 * slot] !== EMPTY) slot = (slot + 1) & mask;
      table[2 * slot] = e + 1;
      table[2 * slot + 1] = hash;
    }
    this.table = table;
  }
}

/** FNV-1a over the bytes, then murmur3's finaliser: FNV's low bits cluster on sequential ids. */
function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ (buf[i] as number), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}
