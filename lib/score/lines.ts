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
  private readonly fd: number;
  private readonly buffer: Buffer;
  private readonly decoder = new StringDecoder('utf8');
  private lines: string[] = [];
  private index = 0;
  private rest = '';
  private eof = false;
  private first = true;
  private read = 0;
  /** Line number of the last line returned by {@link next} (1-based). */
  lineNumber = 0;

  /** How bytes are decoded. */
  readonly encoding: LineEncoding;

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

  private fill(): boolean {
    while (this.index >= this.lines.length) {
      if (this.eof) return false;
      const n = fs.readSync(this.fd, this.buffer, 0, this.buffer.length, null);
      this.read += n;
      let text: string;
      if (n === 0) {
        this.eof = true;
        text = this.rest + this.decoder.end();
        this.rest = '';
        this.lines = text === '' ? [] : [text];
      } else if (this.encoding === 'latin1') {
        // One byte is one char, so a chunk can be cut anywhere: no decoder state to carry.
        text = this.rest + this.buffer.toString('latin1', 0, n);
        const cut = text.lastIndexOf('\n');
        if (cut === -1) {
          this.rest = text;
          this.lines = [];
        } else {
          this.rest = text.slice(cut + 1);
          this.lines = text.slice(0, cut).split('\n');
        }
      } else {
        text = this.rest + this.decoder.write(this.buffer.subarray(0, n));
        const cut = text.lastIndexOf('\n');
        if (cut === -1) {
          this.rest = text;
          this.lines = [];
        } else {
          this.rest = text.slice(cut + 1);
          this.lines = text.slice(0, cut).split('\n');
        }
      }
      this.index = 0;
      if (this.first && this.lines.length > 0) {
        this.first = false;
        const line = this.lines[0]!;
        if (line.charCodeAt(0) === 0xfeff) this.lines[0] = line.slice(1);
        else if (line.startsWith('\u00ef\u00bb\u00bf')) this.lines[0] = line.slice(3); // the BOM's bytes, read as latin1
      }
    }
    return true;
  }

  /** The next line without its line ending, or null at the end of the file. */
  next(): string | null {
    if (this.index >= this.lines.length && !this.fill()) return null;
    let line = this.lines[this.index++]!;
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    this.lineNumber++;
    return line;
  }

  /** Closes the file. */
  close(): void {
    fs.closeSync(this.fd);
  }
}
