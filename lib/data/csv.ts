/**
 * The delivered CSV dialects, read without a library: UTF-8 with or without a BOM, CRLF or LF line endings,
 * `,` or `;` separators, optional double quotes. Pure functions on strings, shared by the whole-file reader
 * and by any streaming reader that feeds lines one at a time.
 */

/** A field separator the store's files use. */
export type Separator = ',' | ';' | '\t';
/** The decimal mark seen in a file's numbers ('none' when it holds whole numbers only). */
export type DecimalMark = '.' | ',' | 'mixed' | 'none';
/** A file's line endings. */
export type LineEnding = 'CRLF' | 'LF' | 'mixed' | 'none';

/** The byte order mark some exports put in front of UTF-8 text. */
export const BOM = '\uFEFF';

/** Whether the text starts with a BOM, and the text without it. */
export function stripBom(text: string): { bom: boolean; text: string } {
  return text.charCodeAt(0) === 0xfeff ? { bom: true, text: text.slice(1) } : { bom: false, text };
}

/** Which line endings a text uses: all CRLF, all LF, both, or none (a single line). */
export function detectLineEnding(text: string): LineEnding {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  if (crlf === 0 && lf === 0) return 'none';
  if (lf === 0) return 'CRLF';
  if (crlf === 0) return 'LF';
  return 'mixed';
}

/** Splits a text into lines (CRLF or LF), dropping empty lines at the end. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.charCodeAt(line.length - 1) === 13) lines[i] = line.slice(0, -1);
  }
  // Blank lines at the end (some exports add one) carry nothing; blank lines inside a file stay and fail.
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The separator of a header line: whichever of `;`, `,` and tab occurs most (`,` when none does). */
export function detectSeparator(headerLine: string): Separator {
  const counts: Array<[Separator, number]> = [
    [';', count(headerLine, ';')],
    [',', count(headerLine, ',')],
    ['\t', count(headerLine, '\t')],
  ];
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ',';
}

/**
 * The decimal mark used in a file's body. With `;` as separator a comma can only be a decimal mark; with `,`
 * as separator only a point can be one. Category values in these files contain neither.
 */
export function detectDecimalMark(body: string, separator: Separator): DecimalMark {
  const point = body.includes('.');
  const comma = separator !== ',' && body.includes(',');
  if (point && comma) return 'mixed';
  if (comma) return ',';
  if (point) return '.';
  return 'none';
}

/** Splits one CSV line into fields; double-quoted fields may contain the separator and `""` escapes. */
export function splitCsvLine(line: string, separator: Separator): string[] {
  if (!line.includes('"')) return line.split(separator);
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === separator) {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

function count(text: string, ch: string): number {
  let n = 0;
  for (let i = text.indexOf(ch); i !== -1; i = text.indexOf(ch, i + 1)) n++;
  return n;
}
