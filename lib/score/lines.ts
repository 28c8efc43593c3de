/**
 * A pull-based line reader over a file: reads about a megabyte at a time (synchronously: the scorer joins
 * four files in lock step, and one thread reading ahead in big chunks is the fastest way to do that), strips
 * a BOM and CR line endings, and numbers lines from 1 like an editor. Memory stays at one chunk per file.
 */
import * as fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/**
 * How bytes become strings: 'utf8', or 'latin1' (one char per byte: much faster to decode, split and compare,
 * and exact for ASCII; a caller turns a line back into UTF-8 with {@link latin1ToUtf8} where it needs the
 * real text, e.g. for a message).
 */
export type LineEncoding = 'utf8' | 'latin1';

/** The UTF-8 text of a line read as latin1 (its bytes reinterpreted). */
export function latin1ToUtf8(text: string): string {
  return Buffer.from(text, 'latin1').toString('utf8');
}

/** The latin1 form of a UTF-8 string: what a line read as latin1 holds where the file has this text. */
export function utf8ToLatin1(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

/** Reads a file line by line without loading it whole. */
export class LineReader {
  /** The file's path. */
  readonly path: string;
  /** Size of the file in bytes. */
  readonly size: number;
  /** How bytes are decoded. */
  readonly encoding: LineEncoding;
  private readonly fd: number;
  private readonly buffer: Buffer;
  private readonly decoder = new StringDecoder('utf8');
  /** The current chunk of text: whole lines only (the partial last line waits in `rest`). */
  private chunk = '';
  private pos = 0;
  private rest = '';
  private eof = false;
  private first = true;
  private read = 0;
  /** Line number of the current line (1-based). */
  lineNumber = 0;
  /** After {@link nextLine}: the text holding the current line, and its bounds (line ending excluded). */
  text = '';
  start = 0;
  end = 0;

  constructor(path: string, chunkBytes = 1 << 20, encoding: LineEncoding = 'utf8') {
    this.path = path;
    this.encoding = encoding;
    this.fd = fs.openSync(path, 'r');
    this.size = fs.fstatSync(this.fd).size;
    this.buffer = Buffer.allocUnsafe(chunkBytes);
  }

  /** Bytes read from the file so far (for progress). */
  get bytesRead(): number {
    return this.read;
  }

  /** Reads the next chunk of whole lines into `chunk`; false at the end of the file. */
  private fill(): boolean {
    for (;;) {
      if (this.eof) return false;
      const n = fs.readSync(this.fd, this.buffer, 0, this.buffer.length, null);
      this.read += n;
      let text: string;
      if (n === 0) {
        this.eof = true;
        text = this.rest + (this.encoding === 'utf8' ? this.decoder.end() : '');
        this.rest = '';
        if (text === '') return false;
        this.chunk = text;
      } else {
        // latin1: one char per byte, so a chunk can be cut anywhere (no decoder state to carry).
        text = this.rest + (this.encoding === 'latin1' ? this.buffer.toString('latin1', 0, n) : this.decoder.write(this.buffer.subarray(0, n)));
        const cut = text.lastIndexOf('\n');
        if (cut === -1) {
          this.rest = text;
          continue;
        }
        this.rest = text.slice(cut + 1);
        this.chunk = text.slice(0, cut + 1);
      }
      this.pos = 0;
      if (this.first) {
        this.first = false;
        if (this.chunk.charCodeAt(0) === 0xfeff) this.pos = 1;
        else if (this.chunk.startsWith('\u00ef\u00bb\u00bf')) this.pos = 3; // the BOM's bytes, read as latin1
      }
      return true;
    }
  }

  /**
   * Moves to the next line without making a string of it: `text.slice(start, end)` is the line. Lets a
   * parser read fields in place. False at the end of the file.
   */
  nextLine(): boolean {
    if (this.pos >= this.chunk.length && !this.fill()) return false;
    const chunk = this.chunk;
    const newline = chunk.indexOf('\n', this.pos);
    let end = newline === -1 ? chunk.length : newline;
    if (end > this.pos && chunk.charCodeAt(end - 1) === 13) end--;
    this.text = chunk;
    this.start = this.pos;
    this.end = end;
    this.pos = newline === -1 ? chunk.length : newline + 1;
    this.lineNumber++;
    return true;
  }

  /** The next line without its line ending, or null at the end of the file. */
  next(): string | null {
    return this.nextLine() ? this.text.slice(this.start, this.end) : null;
  }

  /** Closes the file. */
  close(): void {
    fs.closeSync(this.fd);
  }
}
