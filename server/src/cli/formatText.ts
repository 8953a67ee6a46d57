/**
 * Human-readable output: one line per finding, `file:line:col  severity  message  rule-slug`
 * with 1-based line and column (what terminals and editors turn into links), grouped by file,
 * then a summary line.
 */
import type { Finding, Severity } from '../rules/types.js';
import { countBySeverity, type CheckReport } from './report.js';

export interface TextOptions {
  /** ANSI colours; the caller decides (a TTY and no `NO_COLOR`). */
  color: boolean;
}

const ANSI = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  underline: '\u001b[4m',
  red: '\u001b[31m',
  yellow: '\u001b[33m',
  blue: '\u001b[34m',
  green: '\u001b[32m',
} as const;

const SEVERITY_COLOR: Record<Severity, string> = { error: ANSI.red, warning: ANSI.yellow, info: ANSI.blue };

function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}

/** Messages are single-line in this format; any line break becomes a space. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

export function formatFindingLine(f: Finding, color: boolean): string {
  const location = `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
  const paint = (code: string, s: string): string => (color ? `${code}${s}${ANSI.reset}` : s);
  return [location, paint(SEVERITY_COLOR[f.severity], f.severity), oneLine(f.message), paint(ANSI.dim, f.ruleId)].join('  ');
}

/** CDK: a second, indented line with the app's source line that created the construct. */
export function formatSourceLine(f: Finding, source: NonNullable<Finding['source']>, color: boolean): string {
  const location = `${source.file}:${source.range.start.line + 1}:${source.range.start.character + 1}`;
  // A CDK construct is created by a line of the app; a plan's resource is declared by a .tf block.
  const text = f.cdkPath !== undefined ? `  created at ${location} (${f.cdkPath})` : `  declared at ${location}`;
  return color ? `${ANSI.dim}${text}${ANSI.reset}` : text;
}

export function formatSummary(report: CheckReport): string {
  const files = plural(report.filesChecked, 'file');
  if (report.findings.length === 0) return `No problems found in ${files}.`;
  const c = countBySeverity(report.findings);
  return (
    `${plural(report.findings.length, 'problem')} ` +
    `(${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${plural(c.info, 'info')}) in ${files}`
  );
}

/** The whole text report, ending with a newline. Findings must already be sorted by file. */
export function formatText(report: CheckReport, options: TextOptions): string {
  const out: string[] = [];
  let currentFile: string | undefined;
  for (const f of report.findings) {
    if (currentFile !== undefined && f.file !== currentFile) out.push('');
    currentFile = f.file;
    out.push(formatFindingLine(f, options.color));
    if (f.source !== undefined) out.push(formatSourceLine(f, f.source, options.color));
  }
  if (out.length > 0) out.push('');
  const summary = formatSummary(report);
  if (options.color) {
    const tone = report.findings.length === 0 ? ANSI.green : countBySeverity(report.findings).error > 0 ? ANSI.red : ANSI.yellow;
    out.push(`${ANSI.bold}${tone}${summary}${ANSI.reset}`);
  } else {
    out.push(summary);
  }
  return out.join('\n') + '\n';
}
