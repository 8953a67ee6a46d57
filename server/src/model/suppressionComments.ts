import type { LineIndex } from '../read/node.js';

/**
 * The rule slugs named by `vpc-lint-ignore` comment lines directly above the line holding
 * `offset`: a run of comment lines (as `comment` matches them) is read upwards until the first
 * line that is not a comment. `vpc-lint-ignore` alone means every rule ('all').
 *
 * Uses the line index, so the cost is the number of comment lines read, not the distance to the
 * start of the text (a minified JSON file is one long line).
 */
export function ignoredAbove(lines: LineIndex, offset: number, comment: RegExp, into: Set<string>): void {
  forCommentsAbove(lines, offset, comment, (text) => {
    const m = IGNORE.exec(text);
    if (m) addIgnored(m[1]!, into);
  });
}

/**
 * Each line of the run of comment lines (as `comment` matches them) directly above the line
 * holding `offset`, nearest first: the lines {@link ignoredAbove} reads.
 */
export function forCommentsAbove(lines: LineIndex, offset: number, comment: RegExp, visit: (text: string) => void): void {
  for (let line = lines.lineAt(offset) - 1; line >= 0; line--) {
    const text = lines.lineText(line);
    if (!comment.test(text)) return;
    visit(text);
  }
}

/** A comment line in YAML (and HCL's `#` form). */
export const YAML_COMMENT = /^\s*#/;

/** Adds the slugs of a `vpc-lint-ignore` list ("a, b" or "a b"); an empty list means every rule. */
export function addIgnored(list: string, into: Set<string>): void {
  const names = list.split(/[\s,]+/).filter(Boolean);
  for (const s of names.length ? names : ['all']) into.add(s);
}

const IGNORE = /^\s*(?:#|\/\/)\s*vpc-lint-ignore\b:?\s*(.*)$/;

/** The text of a `"//"` note in Terraform JSON that suppresses rules; group 1 is the slug list. */
export const IGNORE_NOTE = /^\s*vpc-lint-ignore\b:?\s*(.*)$/;
