/**
 * The engine's front door: text in, findings out. The LSP adapter and the CLI both call this;
 * neither knows about readers, models or rules directly.
 */
import type { Finding } from './rules/types.js';
import type { YamlBlockCache } from './read/cloudformation/yamlBlocks.js';

export { YamlBlockCache } from './read/cloudformation/yamlBlocks.js';
import type { AssemblyFileSystem } from './read/cdk/assembly.js';
import type { SourceFileSystem } from './read/cdk/sourceMap.js';
import type { CdkAssemblyCache } from './checkCdk.js';

export type InputFormat = 'cloudformation-yaml' | 'cloudformation-json' | 'terraform-plan' | 'terraform-json' | 'terraform-hcl';

export interface DocumentCheck {
  /** False when the text is not an input vpc-lint understands (plain YAML/JSON): no findings then. */
  recognized: boolean;
  format?: InputFormat;
  findings: Finding[];
}

export interface CheckOptions {
  /** Rules to skip, by slug. */
  disabledRules?: ReadonlySet<string>;
  /** Files larger than this many bytes are reported, not parsed. */
  maxFileBytes?: number;
  /** Source ranges the user trusts (office, VPN): admitting them is not internet exposure. */
  trustedCidrs?: readonly string[];
  /** Called when a rule throws; the other rules still run. */
  onRuleError?: (ruleSlug: string, error: unknown) => void;
  /**
   * State kept between checks of one document (the editor keeps one per open file): lets an edit
   * re-read only the YAML blocks it changed. Results are the same with or without it.
   */
  incremental?: YamlBlockCache;
}

/** Options for a CDK cloud assembly. */
export interface CdkCheckOptions extends CheckOptions {
  /** The folder relative paths are taken from (the CLI's working directory). */
  cwd?: string;
  /** Where the assembly's files come from; the disk by default. */
  assemblyFs?: AssemblyFileSystem;
  /** Where the app's source files come from; the disk by default. */
  sourceFs?: SourceFileSystem;
  /** State kept between checks of this assembly, so that unchanged templates are not checked again. */
  assemblyCache?: CdkAssemblyCache;
}

/** The findings of one CDK cloud assembly (`cdk.out`), nested stacks and stages included. */
export interface CdkAssemblyCheck {
  /** Findings on the templates; each carries `cdkPath` and, when found, `source` (the app's line). */
  findings: Finding[];
  /** The templates read, as the assembly folder given joined with the manifest's paths. */
  files: string[];
  /** Files the assembly names that could not be read. */
  unreadable: { file: string; message: string }[];
}

export { checkDocument, invalidUtf8Finding } from './check.js';
export { checkCdkAssembly, CdkAssemblyCache } from './checkCdk.js';
export { checkTerraformModule, checkTerraformModuleAsync, type ModuleFile as TerraformModuleFile } from './checkTerraform.js';
export { diskConfigReader, locatePlanFindings, type ConfigFolderReader } from './terraformSource.js';
