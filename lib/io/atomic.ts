/**
 * All-or-nothing output: every file is written to a temporary file beside its target and renamed into place
 * only when complete (rename is atomic on one file system), so a reader never sees half a file and an
 * interrupted run leaves the previous outputs as they were. Temporary files still open are remembered, so an
 * interrupt handler ({@link installInterruptCleanup}) can delete them before the process exits.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Temporary files written but not yet renamed into place (deleted by {@link removePendingTemporaries}). */
const pending = new Set<string>();

let tempCounter = 0;

/** A temporary path beside `target`, unique to this process and call (same directory → rename is atomic). */
export function temporaryPathFor(target: string): string {
  const dir = path.dirname(target);
  return path.join(dir, `.${path.basename(target)}.${process.pid}.${++tempCounter}.tmp`);
}

function writeAndSync(file: string, data: string | Uint8Array): void {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Writes `data` to `target` atomically: a temporary file, flushed to disk, then renamed over the target.
 * The directory is created when missing.
 * @example writeFileAtomic('reports/summary.json', JSON.stringify(summary, null, 2) + '\n')
 */
export function writeFileAtomic(target: string, data: string | Uint8Array): void {
  writeFilesAtomic([{ path: target, data }]);
}

/** One file of a batch written by {@link writeFilesAtomic}. */
export interface OutputFile {
  readonly path: string;
  readonly data: string | Uint8Array;
}

/**
 * Writes several files as one unit: every temporary file is written first, and only when all are complete
 * are they renamed into place, so a failure or interrupt while writing leaves none of the targets changed.
 */
export function writeFilesAtomic(files: readonly OutputFile[]): void {
  const temps: Array<{ temp: string; target: string }> = [];
  try {
    for (const file of files) {
      fs.mkdirSync(path.dirname(path.resolve(file.path)), { recursive: true });
      const temp = temporaryPathFor(path.resolve(file.path));
      pending.add(temp);
      temps.push({ temp, target: path.resolve(file.path) });
      writeAndSync(temp, file.data);
    }
    for (const { temp, target } of temps) {
      fs.renameSync(temp, target);
      pending.delete(temp);
    }
  } catch (error) {
    for (const { temp } of temps) discardTemporary(temp);
    throw error;
  }
}

function discardTemporary(temp: string): void {
  pending.delete(temp);
  try {
    fs.unlinkSync(temp);
  } catch {
    // Already renamed or never created: nothing to clean.
  }
}

/** Outermost directories that writers created for their targets: an abort removes them again when empty. */
const createdDirectories = new Set<string>();

/**
 * A file written piece by piece (e.g. a million rows of scores) that appears under its name only when
 * {@link AtomicFileWriter.commit} is called; {@link AtomicFileWriter.abort} (or an interrupt) deletes it.
 * Writes are buffered into large chunks.
 */
export class AtomicFileWriter {
  /** Where the file will appear on commit. */
  readonly target: string;
  private readonly temp: string;
  private fd: number | null;
  private chunks: string[] = [];
  private buffered = 0;
  private bytes = 0;
  /** The outermost directory this writer created for its target (undefined: the directory existed). */
  private readonly createdRoot: string | undefined;
  constructor(target: string, private readonly flushChars = 1 << 20) {
    this.target = path.resolve(target);
    this.createdRoot = fs.mkdirSync(path.dirname(this.target), { recursive: true });
    if (this.createdRoot !== undefined) createdDirectories.add(this.createdRoot);
    this.temp = temporaryPathFor(this.target);
    pending.add(this.temp);
    this.fd = fs.openSync(this.temp, 'w');
  }

  /** Appends text (buffered; flushed in about 1 MB chunks). */
  write(text: string): void {
    if (this.fd === null) throw new Error(`AtomicFileWriter: ${this.target} is already closed`);
    this.chunks.push(text);
    this.buffered += text.length;
    if (this.buffered >= this.flushChars) this.flush();
  }

  /**
   * Appends bytes already encoded (`bytes[0 .. length)`), after any buffered text: for writers that assemble
   * UTF-8 rows from pre-encoded parts instead of building strings.
   */
  writeBytes(bytes: Uint8Array, length: number): void {
    if (this.fd === null) throw new Error(`AtomicFileWriter: ${this.target} is already closed`);
    this.flush();
    let offset = 0;
    while (offset < length) offset += fs.writeSync(this.fd, bytes, offset, length - offset);
    this.bytes += length;
  }

  /**
   * The temporary file itself, for an engine that writes the whole file on its own (DuckDB's `COPY … TO`):
   * write nothing through this writer then, and {@link commit} or {@link abort} as usual; the file stays
   * under this writer's cleanup (abort, interrupt) until it is renamed into place.
   */
  get temporaryPath(): string {
    return this.temp;
  }

  /** Bytes written so far (flushed part). */
  get bytesWritten(): number {
    return this.bytes;
  }

  private flush(): void {
    if (this.chunks.length === 0 || this.fd === null) return;
    // Encoded into one reused buffer, chunk by chunk: no joined copy of the text, no new buffer per flush
    // (a scorer writing reasons in Cyrillic produces tens of megabytes of text).
    let used = 0;
    for (const chunk of this.chunks) {
      const need = Buffer.byteLength(chunk, 'utf8');
      if (used + need > this.encoded.length) {
        if (used > 0) this.writeEncoded(used);
        used = 0;
        if (need > this.encoded.length) this.encoded = Buffer.allocUnsafe(need);
      }
      used += this.encoded.write(chunk, used, 'utf8');
    }
    if (used > 0) this.writeEncoded(used);
    this.chunks = [];
    this.buffered = 0;
  }

  private encoded: Buffer = Buffer.allocUnsafe(1 << 20);

  private writeEncoded(length: number): void {
    let offset = 0;
    while (offset < length) offset += fs.writeSync(this.fd!, this.encoded, offset, length - offset);
    this.bytes += length;
  }

  /** Flushes, closes and renames the file into place. */
  commit(): void {
    if (this.fd === null) throw new Error(`AtomicFileWriter: ${this.target} is already closed`);
    this.flush();
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
    this.fd = null;
    fs.renameSync(this.temp, this.target);
    pending.delete(this.temp);
    // The directory now holds a file: no abort could remove it, so it need not be remembered (a long-running
    // scorer writing to many new folders would otherwise grow the set forever).
    if (this.createdRoot !== undefined) createdDirectories.delete(this.createdRoot);
  }

  /**
   * Closes and deletes the temporary file; the target is left as it was, and so is the file system: the
   * directories the constructor created are removed again when nothing else was put in them.
   */
  abort(): void {
    if (this.fd !== null) {
      fs.closeSync(this.fd);
      this.fd = null;
    }
    discardTemporary(this.temp);
    for (let dir = path.dirname(this.target); ; dir = path.dirname(dir)) {
      const root = [...createdDirectories].find((created) => dir === created || dir.startsWith(created + path.sep));
      if (root === undefined) return;
      try {
        fs.rmdirSync(dir); // only succeeds on an empty directory: another writer's file keeps it
      } catch {
        return;
      }
      if (dir === root) {
        createdDirectories.delete(root);
        return;
      }
    }
  }
}

/** Deletes every temporary file not yet renamed into place; returns how many it removed. */
export function removePendingTemporaries(): number {
  const all = [...pending];
  for (const temp of all) discardTemporary(temp);
  return all.length;
}

/** Number of temporary files not yet renamed into place (tests). */
export function pendingTemporaryCount(): number {
  return pending.size;
}

let interruptInstalled = false;

/**
 * On SIGINT/SIGTERM: delete unfinished temporary files, say so on stderr, and exit with 130 (SIGINT) or 143
 * (SIGTERM), as shells do. Targets already renamed stay; targets not yet renamed keep their old content.
 */
export function installInterruptCleanup(stderr: NodeJS.WritableStream = process.stderr): void {
  if (interruptInstalled) return;
  interruptInstalled = true;
  const handler = (signal: NodeJS.Signals) => {
    const removed = removePendingTemporaries();
    stderr.write(`\nInterrupted (${signal}): no output was half-written${removed > 0 ? ` (${removed} unfinished file${removed === 1 ? '' : 's'} removed)` : ''}.\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
