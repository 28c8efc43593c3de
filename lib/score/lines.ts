/**
 * A pull-based line reader over a file: reads about a megabyte at a time (synchronously: the scorer joins
 * four files in lock step, and one thread reading ahead in big chunks is the fastest way to do that), strips
 * a BOM and CR line endings, and numbers lines from 1 like an editor. Memory stays at one chunk per file.
 */
import * as fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

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

  constructor(path: string, chunkBytes = 1 << 20) {
    this.path = path;
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
        if (this.lines[0]!.charCodeAt(0) === 0xfeff) this.lines[0] = this.lines[0]!.slice(1);
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
