/**
 * A CloudFormation diff of the template before and after a fix, rendered by AWS's own
 * @aws-cdk/cloudformation-diff (the engine behind `cdk diff`), without colours.
 */
import { Writable } from 'node:stream';
import { toJs } from '../read/node.js';
import { readCloudFormation } from '../read/cloudformation/index.js';

type DiffModule = {
  fullDiff(a: Record<string, unknown>, b: Record<string, unknown>): unknown;
  formatDifferences(stream: NodeJS.WritableStream, diff: unknown): void;
};

let diffModule: DiffModule | null | undefined;

function loadDiff(): DiffModule | null {
  if (diffModule !== undefined) return diffModule;
  try {
    // Loaded on first use: it is large, and a packaged extension may run without it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional, lazy dependency
    diffModule = require('@aws-cdk/cloudformation-diff') as DiffModule;
  } catch {
    diffModule = null;
  }
  return diffModule;
}

export function templateDiff(before: string, after: string): string | undefined {
  const mod = loadDiff();
  if (!mod) return undefined;
  const a = toJs(readCloudFormation(before).root);
  const b = toJs(readCloudFormation(after).root);
  if (!isObject(a) || !isObject(b)) return undefined;
  let out = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      out += chunk.toString();
      cb();
    },
  });
  try {
    mod.formatDifferences(stream, mod.fullDiff(a, b));
  } catch {
    return undefined;
  }
  // The formatter colours when chalk decided so at load time; the preview is plain text.
  return out.replace(/\u001b\[[0-9;]*m/g, '').trim();
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
