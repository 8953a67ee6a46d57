/** Shared by the Terraform tests: fixture paths, running a check, picking findings. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkDocument } from '../../../server/src/check.js';
import type { DocumentCheck } from '../../../server/src/engine.js';
import type { Finding } from '../../../server/src/rules/types.js';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'terraform');
/** Real plans from public projects (see ../shared/corpus/MANIFEST.tsv for sources and licences). */
export const CORPUS_PLANS = path.join(REPO_ROOT, '..', 'shared', 'corpus', 'checkov', 'terraform-plan');

export function fixture(...parts: string[]): { file: string; text: string } {
  const file = path.join(FIXTURES, ...parts);
  return { file: path.relative(REPO_ROOT, file), text: readFileSync(file, 'utf8') };
}

export function checkFixture(...parts: string[]): DocumentCheck {
  const { file, text } = fixture(...parts);
  return checkDocument(file, text);
}

export function by(findings: Finding[], ruleId: string, resource?: string): Finding[] {
  return findings.filter((f) => f.ruleId === ruleId && (resource === undefined || f.resource === resource));
}

/** The text a finding's range covers. */
export function covered(text: string, f: Finding): string {
  const lines = text.split(/\r?\n/);
  const { start, end } = f.range;
  if (start.line === end.line) return lines[start.line]!.slice(start.character, end.character);
  return [lines[start.line]!.slice(start.character), ...lines.slice(start.line + 1, end.line), lines[end.line]!.slice(0, end.character)].join('\n');
}
