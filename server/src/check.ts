/**
 * One document through the pipeline: read → model → analyse → rules. Never throws: every problem
 * becomes a located finding.
 */
import { readCloudFormation, looksLikeTemplateText } from './read/cloudformation/index.js';
import { READ_LIMITS } from './read/limits.js';
import { LineIndex } from './read/node.js';
import { plainValue } from './read/jsonView.js';
import { toTemplate } from './model/cloudformation/template.js';
import { checkByParts } from './checkParts.js';
import { analyseTemplate } from './checkTemplate.js';
import { looksLikePlanText } from './read/terraform/plan.js';
import { checkTerraformJson, checkTerraformPlan } from './checkTerraform.js';
import { invalidTemplate } from './rules/invalidTemplate.js';
import { baseFinding } from './rules/describe.js';
import type { Finding } from './rules/types.js';
import type { CheckOptions, DocumentCheck } from './engine.js';

export function checkDocument(file: string, text: string, options: CheckOptions = {}): DocumentCheck {
  return checkDocumentValue(file, text, options).check;
}

/**
 * {@link checkDocument}, and the document's parsed value when its reader had one at hand (valid
 * CloudFormation JSON): the CDK check reads construct paths from it instead of the text again.
 */
export function checkDocumentValue(file: string, text: string, options: CheckOptions = {}): { check: DocumentCheck; value?: unknown } {
  const maxBytes = options.maxFileBytes ?? READ_LIMITS.maxFileBytes;
  // A UTF-16 code unit is one to three UTF-8 bytes: the exact count is needed only near the limit.
  const bytes = text.length > maxBytes || text.length * 3 <= maxBytes ? text.length : Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) {
    // Checking the head only keeps a huge non-template file from being reported at all.
    const head = text.slice(0, 64 * 1024);
    const plan = looksLikePlanText(head);
    if (!looksLikeTemplateText(head) && !plan) return { check: { recognized: false, findings: [] } };
    const lines = new LineIndex(text.slice(0, 256));
    const size = formatBytes(Buffer.byteLength(text, 'utf8'));
    const f = baseFinding(invalidTemplate, { file, range: lines.range([0, Math.min(1, text.length)]), id: '', type: '' }, `The file is ${size}, over vpc-lint's ${formatBytes(maxBytes)} limit (maxFileBytes); it was not checked. CloudFormation itself accepts templates up to 1 MB.`);
    return { check: { recognized: true, format: plan ? 'terraform-plan' : /^\uFEFF?\s*[{[]/.test(head) ? 'cloudformation-json' : 'cloudformation-yaml', findings: [f] } };
  }
  // Terraform configuration and plans are JSON too; they have their own readers and builders.
  if (/\.tf\.json$/i.test(file)) return { check: checkTerraformJson(file, text, options) };
  if (looksLikePlanText(text)) {
    const plan = checkTerraformPlan(file, text, options);
    if (plan.recognized) return { check: plan };
  }
  const read = readCloudFormation(text, options.incremental);
  if (!read.isTemplate) return { check: { recognized: false, findings: [] } };
  const format = read.syntax === 'json' ? 'cloudformation-json' : 'cloudformation-yaml';
  const findings: Finding[] = [];
  for (const e of read.errors) {
    findings.push(baseFinding(invalidTemplate, { file, range: read.lines.range(e.span), id: '', type: '' }, e.message));
  }
  // In the editor, an edit re-runs only the parts of the template that depend on what it changed.
  const parts = options.incremental && read.layout && read.root ? checkByParts(read.root, read.layout, read.lines, file, options.incremental, options) : undefined;
  if (parts) findings.push(...parts);
  else {
    const template = toTemplate(read.root);
    if (template) findings.push(...analyseTemplate(template, file, read.lines, read.syntax, read.aliases !== undefined, options));
  }
  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId));
  return { check: { recognized: true, format, findings }, value: read.root && plainValue(read.root) };
}

/** `512 bytes`, `12.5 KB`, `10.0 MB`: precise enough to compare a size with the limit. */
function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1048576).toFixed(1)} MB`;
}

/**
 * The finding for a file that is not UTF-8 (the CLI reads bytes; an editor decodes them itself).
 * `offset` is where the first bad byte's U+FFFD stands in the decoded `text`.
 */
export function invalidUtf8Finding(file: string, text: string, byte: number, offset: number): Finding {
  const lines = new LineIndex(text);
  return baseFinding(invalidTemplate, { file, range: lines.range([offset, Math.min(text.length, offset + 1)]), id: '', type: '' }, `The file is not valid UTF-8 at byte ${byte}; vpc-lint read that character as U+FFFD. CloudFormation and Terraform read templates as UTF-8: save the file in that encoding.`);
}
