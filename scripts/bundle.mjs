#!/usr/bin/env node
// Bundles the extension client, the language server and the CLI with esbuild.
//
//   node scripts/bundle.mjs                 all entries
//   node scripts/bundle.mjs cli server      only those
//   node scripts/bundle.mjs --watch         rebuild on change
//
// Type checking is `tsc -b`'s job (`npm run build` runs both); esbuild only strips types.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** name → esbuild options; `entry` and `outfile` are relative to the repository root. */
const ENTRIES = {
  client: { entry: 'client/src/extension.ts', outfile: 'client/out/extension.js', external: ['vscode'] },
  // Kept out of the bundles: the fix preview loads @aws-cdk/cloudformation-diff lazily (bundling it
  // would pull in AWS's whole resource specification), and @cdktf/hcl2json loads its .wasm from
  // its own package folder.
  server: { entry: 'server/src/serverMain.ts', outfile: 'server/out/server.js', external: ['@aws-cdk/cloudformation-diff', '@cdktf/hcl2json'] },
  cli: { entry: 'server/src/cli/main.ts', outfile: 'server/out/cli.js', external: ['@aws-cdk/cloudformation-diff', '@cdktf/hcl2json'] },
  // The traffic-path webview: a browser script; its imported stylesheet becomes panel.css beside it.
  webview: { entry: 'client/webview/panel.ts', outfile: 'client/out/webview/panel.js', external: [], browser: true },
};

const args = process.argv.slice(2);
const watch = args.includes('--watch');
const names = args.filter((a) => !a.startsWith('--'));
for (const name of names) {
  if (!(name in ENTRIES)) {
    console.error(`bundle: unknown entry '${name}' (known: ${Object.keys(ENTRIES).join(', ')})`);
    process.exit(2);
  }
}
const selected = names.length > 0 ? names : Object.keys(ENTRIES);

const missing = selected.filter((name) => !existsSync(join(root, ENTRIES[name].entry)));
const present = selected.filter((name) => !missing.includes(name));

/** @returns {import('esbuild').BuildOptions} */
function options(name) {
  const e = ENTRIES[name];
  return {
    absWorkingDir: root,
    entryPoints: [e.entry],
    outfile: e.outfile,
    bundle: true,
    platform: e.browser ? 'browser' : 'node',
    format: e.browser ? 'iife' : 'cjs',
    target: e.browser ? 'chrome120' : 'node20',
    external: e.external,
    // Prefer packages' ESM builds: jsonc-parser's `main` is a UMD bundle whose dynamic
    // require()s of its own files esbuild cannot follow.
    mainFields: ['module', 'main'],
    sourcemap: 'linked',
    logLevel: 'warning',
  };
}

const started = Date.now();
if (watch) {
  for (const name of present) {
    const ctx = await esbuild.context(options(name));
    await ctx.watch();
    console.log(`bundle: watching ${ENTRIES[name].entry}`);
  }
} else {
  const results = await Promise.allSettled(present.map((name) => esbuild.build(options(name))));
  let failed = false;
  results.forEach((r, i) => {
    const name = present[i];
    if (r.status === 'fulfilled') console.log(`bundle: ${ENTRIES[name].outfile}`);
    else {
      failed = true;
      // esbuild has already printed the located errors (logLevel 'warning').
      console.error(`bundle: ${name} failed`);
    }
  });
  for (const name of missing) {
    console.error(`bundle: cannot build '${name}': entry ${ENTRIES[name].entry} does not exist`);
  }
  if (failed || missing.length > 0) process.exitCode = 1;
  else console.log(`bundle: done in ${Date.now() - started} ms (${relative(process.cwd(), root) || '.'})`);
}
