/** An exact set of unit ids with each one's first line; runs of numbered ids take constant memory. */
import { Buffer } from 'node:buffer';

// Why not a Map<string, number>: at a million ids it cost about a second (hashing fresh strings, growing,
// and the garbage collector walking a million retained strings) and over 100 MB. Here the ids' bytes sit
// in one growing buffer and an open-addressing table of ints points at them, with an exact comparison on
// every hash match, so no false duplicates. Many exports are sorted by id: while each id sorts after the
// previous one it cannot repeat an earlier one, so the table is only built once the order breaks (a
// million random probes into a 16 MB table cost about 200 ms).
//
// Runs, for issue 6 (peak memory of `audit` on a streamed table should be the same at 4M rows as at 1M).
// Even while sorted every id's bytes, offset and line were kept (about 15 bytes a unit, 67 MB held at 4M
// units), since once the order breaks any earlier id may come again and must be found with its first line.
// But most exports number their units, "0000001", "0000002" ..., or per district once the id columns are
// joined ("D01/1", "D01/2" ...). So an id splits into a prefix and its trailing digits, if 1 to 15 of them
// (exact as a double; longer ones stay text), and an id that continues the last one (same prefix, value + 1,
// same textual form, on the next line) extends a run: first value, count, form, and first entry (the
// run's first id, kept as text as usual: its prefix bytes and first line; member i was seen on that line
// + i). A streak becomes a run at its MIN_RUN-th id (shorter runs would save nothing; its first ids stay
// text too, found either way with the same line). The form keeps "7", "07" and "0007" apart: digits with
// no leading zero ("9", "10" ...), or a fixed width ("0999", "1000" ..., never "10000"). A prefix never
// ends in a digit, so an id splits one way only, and a run member is exactly prefix + value in the form.
// A line gap (a rejected row), a repeat, or any other id ends a run; a later one starts a new run.
//
// Once the table is built, a run is found through one slot per chunk of 4096 values it touches, keyed on
// (prefix, chunk), then checked exactly (value in range, form, prefix bytes): about 1,000 slots for 4M
// numbered ids. At most RUN_CAP run slots share a key bucket (beyond that ids are kept as text, as before),
// so even many short runs in one chunk cost a bounded probe; counts per bucket (64 KB) also let a lookup
// skip the run probe where no run could match, so shuffled ids cost what they did.
//
// Measured (4M ids, add() alone, CPU time on a loaded 2-core box; see the test file for the checks):
// consecutive "0000001" ...: 4.3 -> 34 M ids/s, 67 MB -> 141 KB held; composite ids restarting every
// 500 ("R01-D00001/1" ...): 1.9 -> 12 M ids/s, 168 MB -> 1.5 MB; shuffled: about 1.0 M ids/s and 201 MB
// either way (no runs to find).

const EMPTY = 0;
const CHUNK_BITS = 12;
/** Values per chunk: a run takes one table slot per chunk of values it touches. */
const CHUNK = 1 << CHUNK_BITS;
/** Longest numeric suffix kept as a number: 15 digits are below 2^53, so exact in a double. */
const MAX_DIGITS = 15;
const BUCKET_MASK = (1 << 16) - 1;
/** Most run slots that may share a bucket before new runs are refused (their ids kept as text). */
const RUN_CAP = 8;
/** Consecutive ids kept as text before they become a run (shorter runs would save nothing). */
const MIN_RUN = 4;
/** tailForm of an id without a numeric suffix. */
const TEXT = -1;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Ids seen so far (as bytes, or as runs of consecutive numbers) and the line each was first seen on. */
export class IdIndex {
  private arena = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  /** Where each text entry starts in the arena; entry e spans offsets[e] to offsets[e + 1]. */
  private offsets = new Uint32Array(1025);
  private lines = new Uint32Array(1024);
  private entries = 0;
  /** Per run: its first id's text entry, prefix length, first value, count, form (0: no leading zero). */
  private runEntry = new Uint32Array(64);
  private runPrefix = new Uint32Array(64);
  private runFirst = new Float64Array(64);
  private runCount = new Uint32Array(64);
  private runForm = new Uint8Array(64);
  private runs = 0;
  /** Run slots (one per run and chunk touched), whether or not the table is built yet. */
  private runSlots = 0;
  /** Run slots per bucket of run keys (saturating): 0 lets a lookup skip the run probe. */
  private runKeys = new Uint8Array(BUCKET_MASK + 1);
  /**
   * (ref, hash) per slot, 0 marking an empty slot; at most half full. Empty while sorted. A ref e + 1
   * is text entry e, hashed on its bytes; a ref -(r + 1) is run r, hashed on (prefix, chunk).
   */
  private table = new Int32Array(0);
  private sorted = true;
  /** The last id stored: its run (or -1 when it is text entry entries - 1) and numeric suffix. */
  private tailRun = -1;
  /** The last id's run or streak form: TEXT (no numeric suffix), 0 (no leading zero) or a fixed width. */
  private tailForm = TEXT;
  private tailValue = 0;
  private tailLine = 0;
  private tailPrefixAt = 0;
  private tailPrefixLen = 0;
  /** Consecutive ids up to the last one while they are text: how many, the first's entry and value. */
  private streak = 0;
  private streakEntry = 0;
  private streakFirst = 0;
  /** The last id's bytes when it is in a run (for the sort-order check). */
  private scratch = Buffer.allocUnsafe(64);
  /** Ids stored. */
  size = 0;

  /**
   * Adds the id held in bytes [start, end) of `buf`, seen on `line`. Returns 0 for a new id, otherwise
   * the line on which the id was first seen (the id is not stored again).
   */
  add(buf: Uint8Array, start: number, end: number, line: number): number {
    // The numeric suffix: [split, end) when 1 to 15 trailing digits, else digits = 0 and split = end.
    let split = end;
    while (split > start && isDigit(buf[split - 1] as number)) split--;
    let digits = end - split;
    if (digits > MAX_DIGITS) {
      digits = 0;
      split = end;
    }
    const zero = digits > 1 && buf[split] === 48;
    let value = 0;
    if (this.sorted) {
      for (let i = split; i < end; i++) value = value * 10 + ((buf[i] as number) - 48);
      if (this.size === 0) {
        this.storeText(buf, start, end, line, split, digits, value, zero, false);
        return 0;
      }
      // The last id's successor sorts after it, so cannot repeat an earlier id.
      const continued = this.continues(buf, start, split, digits, value, zero, line);
      if (continued && this.extend(value, line)) return 0;
      if (continued || this.follows(buf, start, end)) {
        this.storeText(buf, start, end, line, split, digits, value, zero, continued);
        return 0;
      }
      this.sorted = false;
      this.rehash();
    }
    let h = FNV_OFFSET;
    for (let i = start; i < split; i++) h = Math.imul(h ^ (buf[i] as number), FNV_PRIME);
    const prefixHash = h;
    value = 0;
    for (let i = split; i < end; i++) {
      const b = buf[i] as number;
      h = Math.imul(h ^ b, FNV_PRIME);
      value = value * 10 + (b - 48);
    }
    const hash = mix(h);
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    if (digits > 0 && this.runs > 0) {
      const key = runKey(prefixHash, Math.floor(value / CHUNK));
      if (this.runKeys[key & BUCKET_MASK] !== 0) {
        const first = this.findInRun(buf, start, split, digits, value, zero, key);
        if (first !== 0) return first;
      }
    }
    const length = end - start;
    let slot = hash & mask;
    for (;;) {
      const ref = table[2 * slot] as number;
      if (ref === EMPTY) break;
      if (ref > 0 && table[2 * slot + 1] === hash) {
        const e = ref - 1;
        const at = this.offsets[e] as number;
        if ((this.offsets[e + 1] as number) - at === length && this.equals(at, buf, start, length)) {
          return this.lines[e] as number;
        }
      }
      slot = (slot + 1) & mask;
    }
    const continued = this.continues(buf, start, split, digits, value, zero, line);
    if (!(continued && this.extend(value, line))) {
      table[2 * slot] = this.entries + 1;
      table[2 * slot + 1] = hash;
      this.storeText(buf, start, end, line, split, digits, value, zero, continued);
    }
    if ((this.entries + this.runSlots) * 4 > table.length) this.rehash();
    return 0;
  }

  /** Bytes held (buffers and tables, spare room included), for memory accounting. */
  get bytes(): number {
    return (
      this.arena.length +
      this.table.byteLength +
      this.offsets.byteLength +
      this.lines.byteLength +
      this.runEntry.byteLength +
      this.runPrefix.byteLength +
      this.runFirst.byteLength +
      this.runCount.byteLength +
      this.runForm.byteLength +
      this.runKeys.byteLength +
      this.scratch.length
    );
  }

  /** The first line of the run member equal to the id, or 0; probes the slots of the id's run key. */
  private findInRun(
    buf: Uint8Array,
    start: number,
    split: number,
    digits: number,
    value: number,
    zero: boolean,
    key: number,
  ): number {
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    const prefixLength = split - start;
    let slot = key & mask;
    for (;;) {
      const ref = table[2 * slot] as number;
      if (ref === EMPTY) return 0;
      if (ref < 0 && table[2 * slot + 1] === key) {
        const r = -ref - 1;
        const offset = value - (this.runFirst[r] as number);
        const form = this.runForm[r] as number;
        if (
          offset >= 0 &&
          offset < (this.runCount[r] as number) &&
          (form === 0 ? !zero : digits === form) &&
          this.runPrefix[r] === prefixLength
        ) {
          const e = this.runEntry[r] as number;
          if (this.equals(this.offsets[e] as number, buf, start, prefixLength)) {
            return (this.lines[e] as number) + offset;
          }
        }
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Whether the id is the last one's successor: same prefix and form, value + 1, on the next line. */
  private continues(
    buf: Uint8Array,
    start: number,
    split: number,
    digits: number,
    value: number,
    zero: boolean,
    line: number,
  ): boolean {
    const form = this.tailForm;
    return (
      digits > 0 &&
      form !== TEXT &&
      value === this.tailValue + 1 &&
      line === this.tailLine + 1 &&
      (form === 0 ? !zero : digits === form) &&
      split - start === this.tailPrefixLen &&
      this.equals(this.tailPrefixAt, buf, start, split - start)
    );
  }

  /**
   * Adds the last id's successor to its run, or makes a run of the text streak it ends; false (nothing
   * stored) when the streak is still short, or its run would be one too many on its key.
   */
  private extend(value: number, line: number): boolean {
    let r = this.tailRun;
    if (r < 0) {
      if (this.streak + 1 < MIN_RUN) return false;
      const first = this.streakFirst;
      const prefixHash = fnv(this.arena, this.tailPrefixAt, this.tailPrefixAt + this.tailPrefixLen);
      const key = runKey(prefixHash, Math.floor(first / CHUNK));
      if ((this.runKeys[key & BUCKET_MASK] as number) >= RUN_CAP) return false;
      r = this.runs;
      if (r === this.runCount.length) this.growRuns();
      // The streak's text entries stay: the first gives the run's prefix and first line, the others are
      // found either way with the same line.
      this.runEntry[r] = this.streakEntry;
      this.runPrefix[r] = this.tailPrefixLen;
      this.runFirst[r] = first;
      this.runCount[r] = this.streak + 1;
      this.runForm[r] = this.tailForm;
      this.runs++;
      this.tailRun = r;
      this.addRunSlot(r, key);
      for (let c = Math.floor(first / CHUNK) + 1; c <= Math.floor(value / CHUNK); c++) {
        this.addRunSlot(r, runKey(prefixHash, c));
      }
    } else {
      this.runCount[r] = (this.runCount[r] as number) + 1;
      if (value % CHUNK === 0) {
        const prefixHash = fnv(this.arena, this.tailPrefixAt, this.tailPrefixAt + this.tailPrefixLen);
        this.addRunSlot(r, runKey(prefixHash, value / CHUNK));
      }
    }
    this.tailValue = value;
    this.tailLine = line;
    this.size++;
    return true;
  }

  private addRunSlot(r: number, key: number): void {
    const bucket = key & BUCKET_MASK;
    if ((this.runKeys[bucket] as number) < 255) this.runKeys[bucket] = (this.runKeys[bucket] as number) + 1;
    this.runSlots++;
    if (!this.sorted) this.insert(-(r + 1), key);
  }

  /** Whether the id sorts after the last one stored: shorter first, then byte by byte ("9" < "10"). */
  private follows(buf: Uint8Array, start: number, end: number): boolean {
    let last: Uint8Array = this.arena;
    let at: number;
    let lastLength: number;
    if (this.tailRun < 0) {
      const e = this.entries - 1;
      at = this.offsets[e] as number;
      lastLength = (this.offsets[e + 1] as number) - at;
    } else {
      last = this.scratch;
      at = 0;
      lastLength = this.writeTail();
    }
    if (end - start !== lastLength) return end - start > lastLength;
    for (let i = 0; i < lastLength; i++) {
      const a = buf[start + i] as number;
      const b = last[at + i] as number;
      if (a !== b) return a > b;
    }
    return false;
  }

  /** Writes the last id (the end of a run) into scratch; returns its length. */
  private writeTail(): number {
    let value = this.tailValue;
    let digits = this.tailForm;
    if (digits === 0) for (let v = value; digits === 0 || v >= 1; v = Math.floor(v / 10)) digits++;
    const length = this.tailPrefixLen + digits;
    if (length > this.scratch.length) this.scratch = Buffer.allocUnsafe(length * 2);
    this.arena.copy(this.scratch, 0, this.tailPrefixAt, this.tailPrefixAt + this.tailPrefixLen);
    for (let i = length - 1; i >= this.tailPrefixLen; i--) {
      const d = value % 10;
      this.scratch[i] = 48 + d;
      value = (value - d) / 10;
    }
    return length;
  }

  /**
   * Stores the id as a text entry (the caller puts it in the table) and makes it the tail; `continued`
   * when it is the successor of the last id (then a text entry too).
   */
  private storeText(
    buf: Uint8Array,
    start: number,
    end: number,
    line: number,
    split: number,
    digits: number,
    value: number,
    zero: boolean,
    continued: boolean,
  ): void {
    const length = end - start;
    const e = this.entries;
    if (e === this.lines.length) this.growEntries();
    if (this.used + length > this.arena.length) this.growArena(length);
    const arena = this.arena;
    const at = this.used;
    for (let i = 0; i < length; i++) arena[at + i] = buf[start + i] as number;
    this.lines[e] = line;
    this.used += length;
    this.offsets[e + 1] = this.used;
    this.entries++;
    this.size++;
    this.tailRun = -1;
    this.tailValue = value;
    this.tailLine = line;
    this.tailPrefixAt = at;
    this.tailPrefixLen = split - start;
    if (continued) {
      // The streak keeps its form: after "0999", "1000" is 4 digits wide, not free to grow to "10000".
      this.streak++;
    } else {
      this.tailForm = digits === 0 ? TEXT : zero ? digits : 0;
      this.streak = 1;
      this.streakEntry = e;
      this.streakFirst = value;
    }
  }

  private equals(at: number, buf: Uint8Array, start: number, length: number): boolean {
    const arena = this.arena;
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

  private growRuns(): void {
    const size = this.runCount.length * 2;
    const entry = new Uint32Array(size);
    entry.set(this.runEntry);
    this.runEntry = entry;
    const prefix = new Uint32Array(size);
    prefix.set(this.runPrefix);
    this.runPrefix = prefix;
    const first = new Float64Array(size);
    first.set(this.runFirst);
    this.runFirst = first;
    const count = new Uint32Array(size);
    count.set(this.runCount);
    this.runCount = count;
    const form = new Uint8Array(size);
    form.set(this.runForm);
    this.runForm = form;
  }

  private growArena(need: number): void {
    const next = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.used + need));
    this.arena.copy(next, 0, 0, this.used);
    this.arena = next;
  }

  private insert(ref: number, hash: number): void {
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    let slot = hash & mask;
    while (table[2 * slot] !== EMPTY) slot = (slot + 1) & mask;
    table[2 * slot] = ref;
    table[2 * slot + 1] = hash;
  }

  /** Rebuilds the table at twice the slots in use (at least 1024 slots): text entries, then run chunks. */
  private rehash(): void {
    let slots = 1024;
    while (slots < (this.entries + this.runSlots) * 4) slots *= 2;
    this.table = new Int32Array(slots * 2);
    for (let e = 0; e < this.entries; e++) {
      this.insert(e + 1, mix(fnv(this.arena, this.offsets[e] as number, this.offsets[e + 1] as number)));
    }
    for (let r = 0; r < this.runs; r++) {
      const at = this.offsets[this.runEntry[r] as number] as number;
      const prefixHash = fnv(this.arena, at, at + (this.runPrefix[r] as number));
      const first = this.runFirst[r] as number;
      const last = first + (this.runCount[r] as number) - 1;
      for (let c = Math.floor(first / CHUNK); c <= Math.floor(last / CHUNK); c++) {
        this.insert(-(r + 1), runKey(prefixHash, c));
      }
    }
  }
}

function isDigit(b: number): boolean {
  return b >= 48 && b <= 57;
}

/** FNV-1a state over the bytes (finish with mix). */
function fnv(buf: Uint8Array, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ (buf[i] as number), FNV_PRIME);
  return hash;
}

/** murmur3's finaliser: FNV's low bits cluster on sequential ids. */
function mix(hash: number): number {
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}

/** The key of a run chunk: the prefix's FNV state, then the chunk number (up to 2^38) in two words. */
function runKey(prefixHash: number, chunk: number): number {
  const h = Math.imul(prefixHash ^ (chunk >>> 0), FNV_PRIME);
  return mix(Math.imul(h ^ Math.floor(chunk / 0x100000000), FNV_PRIME) ^ 0x5bd1e995);
}
