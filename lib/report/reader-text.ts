/**
 * What a business reader must not meet on a brief page or the index: code identifiers, file paths, raw JSON
 * and, on a Russian page, English sentences. One list of rules, used by `npm run check:reports` on the text a
 * browser shows and by the tests on the pages' HTML.
 */

/** One rule a text broke, with the words that broke it. */
export interface ReaderTextProblem {
  readonly rule: 'code identifier' | 'path' | 'raw JSON' | 'English sentence';
  readonly found: string;
}

const RULES: readonly { rule: ReaderTextProblem['rule']; pattern: RegExp; russianOnly?: boolean }[] = [
  // pagesPerVisit, highRiskHighProfit, meanAuc: a lower-case start with an upper-case letter inside.
  { rule: 'code identifier', pattern: /\b[a-z]+[A-Z][A-Za-z0-9]*\b/g },
  // snake_case names of code (Cyrillic column names such as Страниц_за_визит are not Latin and pass here,
  // but they are no labels either: the labels module has their human names).
  { rule: 'code identifier', pattern: /\b[a-z]+_[a-z0-9_]+\b/g },
  // /tmp/x, ./lib, lib/study: a Latin name joined to another by a slash, or one after a leading slash.
  { rule: 'path', pattern: /(?:(?:^|(?<=[\s(«"']))\.{0,2}\/[A-Za-z][\w.-]*|\b[A-Za-z_][\w-]*\/[\w-]+)(?:\/[\w.-]+)*/g },
  { rule: 'path', pattern: /\b[\w-]+\.(?:ts|js|json|csv|html|ipynb|py|md)\b/g },
  { rule: 'raw JSON', pattern: /\{\s*"/g },
  // Four Latin words in a row is English prose on a Russian page (ROC-AUC, SHAP or a brand name alone is not).
  { rule: 'English sentence', pattern: /\b[A-Za-z]{2,}(?:[ ,;:]+[A-Za-z]{2,}){3,}\b/g, russianOnly: true },
];

/** The rules `text` breaks, each occurrence once (at most `limit` in all). */
export function readerTextProblems(text: string, options: { russian?: boolean; limit?: number } = {}): ReaderTextProblem[] {
  const out: ReaderTextProblem[] = [];
  const limit = options.limit ?? 20;
  for (const { rule, pattern, russianOnly } of RULES) {
    if (russianOnly && options.russian === false) continue;
    for (const match of text.matchAll(pattern)) {
      out.push({ rule, found: match[0].trim() });
      if (out.length >= limit) return out;
    }
  }
  return out;
}

/** The visible text of an HTML string (tags, scripts and styles removed, entities of the escaper undone). */
export function visibleTextOfHtml(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
