/**
 * Real-world templates written by others (../shared/corpus beside the clone; see its README and
 * MANIFEST.tsv): every one goes through the engine without throwing, and every finding points
 * inside its document. Time is not asserted; the readers' limits keep each file bounded.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkDocument } from '../../server/src/engine.js';
import type { Range } from '../../server/src/read/node.js';
import { REPO_ROOT, summary } from './cfnFixtures.js';

const CORPUS = path.resolve(REPO_ROOT, '..', 'shared', 'corpus');
const MANIFEST = path.join(CORPUS, 'MANIFEST.tsv');
const TEMPLATE = /\.(ya?ml|json|template)$/i;

function corpusFiles(): string[] {
  assert.ok(
    existsSync(MANIFEST),
    `The test corpus is missing: expected ${MANIFEST}. CI checks out the shared corpus beside the repository (../shared/corpus); do the same locally.`,
  );
  const rows = readFileSync(MANIFEST, 'utf8').split(/\r?\n/).slice(1).filter((l) => l.trim() !== '');
  return rows.map((row) => row.split('\t')[0]!).filter((p) => TEMPLATE.test(p));
}

function lineCount(text: string): number {
  return text.split(/\r\n|\r|\n/).length;
}

function rangeProblem(r: Range | undefined, lines: number): string | undefined {
  if (!r) return 'no range';
  const { start, end } = r;
  if (start.line < 0 || start.character < 0 || end.line < 0 || end.character < 0) return 'negative position';
  if (start.line >= lines || end.line >= lines) return `line beyond the document's ${lines} lines`;
  if (end.line < start.line || (end.line === start.line && end.character < start.character)) return 'end before start';
  return undefined;
}

describe('corpus', () => {
  it('lists templates in MANIFEST.tsv', () => {
    assert.ok(corpusFiles().length > 0);
  });

  it('checks every template without throwing, with every range inside its document', () => {
    const problems: string[] = [];
    for (const rel of corpusFiles()) {
      const text = readFileSync(path.join(CORPUS, rel), 'utf8');
      const lines = lineCount(text);
      let findings;
      try {
        findings = checkDocument(rel, text).findings;
      } catch (e) {
        problems.push(`${rel}: threw ${(e as Error).stack ?? String(e)}`);
        continue;
      }
      for (const f of findings) {
        const where = [rangeProblem(f.range, lines), ...(f.related ?? []).map((l) => rangeProblem(l.range, lines)), ...(f.path ?? []).filter((s) => s.range).map((s) => rangeProblem(s.range, lines))].find((p) => p !== undefined);
        if (where) problems.push(`${rel}: ${f.ruleId} ${f.resource}: ${where}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  /*
   * Checkov's CKV_AWS_88 ("EC2 instance should not have a public IP") judges one property: whether
   * the instance or launch template asks for a public IP. Our internet-reachable-compute is
   * stricter about proof: a public address, a route to an attached IGW and security groups that
   * admit the internet. So a Checkov FAILED file need not be reachable for us (these name their
   * subnet and groups with literal strings declared nowhere, so nothing is provable, and the
   * UNKNOWN file likewise), and we assert nothing about FAILED or UNKNOWN. A PASSED file, though,
   * has no requested public IP, or no subnet and no security group at all (the default VPC's
   * default group admits only its own members), so no path from the internet exists in it: an
   * internet-reachable-compute error there would be a false positive.
   */
  it('reports no reachable compute in Checkov\'s EC2PublicIP PASSED examples', () => {
    const passed = corpusFiles().filter((p) => /EC2PublicIP/.test(p) && /-PASSED/.test(p));
    assert.ok(passed.length > 0, 'the corpus holds EC2PublicIP PASSED examples');
    for (const rel of passed) {
      const r = checkDocument(rel, readFileSync(path.join(CORPUS, rel), 'utf8'));
      assert.equal(r.recognized, true, rel);
      assert.deepEqual(summary(r.findings.filter((f) => f.ruleId === 'internet-reachable-compute')), [], rel);
    }
  });
});
