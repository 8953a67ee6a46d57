// ESLint flat config. Deliberately lenient on style; strict on architecture: the one-way
// dependencies of DESIGN §6 / STYLE §2 (read → model → analysis → rules → fix → lsp/cli) are
// enforced with no-restricted-imports, as is keeping `vscode` out of the server and protocol.
import tseslint from 'typescript-eslint';

/** Server layers in dependency order; each may import only the layers before it. */
const LAYERS = ['read', 'model', 'analysis', 'rules', 'fix', 'lsp', 'cli'];
/** Engine entry points at the root of server/src that wire all layers together. */
const ENGINE_FILES = ['engine', 'check', 'checkCdk'];
/** Layers that must stay free of any LSP library. */
const PURE_LAYERS = ['read', 'model', 'analysis', 'rules', 'fix'];

const NO_VSCODE = {
  name: 'vscode',
  message: 'Only the extension client (client/) may import vscode; the server and protocol run without VS Code.',
};
const NO_LANGUAGECLIENT = {
  regex: '^vscode-languageclient',
  message: 'vscode-languageclient is for the extension client only.',
};
const NO_LSP_LIBRARIES = {
  regex: '^vscode-languageserver',
  message: 'The engine layers are LSP-free: return Finding/ranges and let server/src/lsp convert them.',
};

/** A relative import that climbs out of the current folder into one of `targets`. */
function upwardImport(targets, message) {
  return { regex: `^(\\.\\./)+(${targets.join('|')})(/|\\.js$)`, message };
}

function layerRestriction(layer) {
  const index = LAYERS.indexOf(layer);
  // cli starts the language server (`vpc-lint lsp --stdio`), so lsp is the one later layer it may use.
  const later = LAYERS.slice(index + 1).filter((l) => !(layer === 'cli' && l === 'lsp'));
  const forbidden = PURE_LAYERS.includes(layer) ? [...later, ...ENGINE_FILES] : later;
  const patterns = [NO_LANGUAGECLIENT];
  if (forbidden.length > 0) {
    patterns.push(upwardImport(forbidden, `server/src/${layer} may not depend on ${forbidden.join(', ')}: dependencies run read → model → analysis → rules → fix → lsp/cli.`));
  }
  if (PURE_LAYERS.includes(layer)) patterns.push(NO_LSP_LIBRARIES);
  return {
    files: [`server/src/${layer}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { paths: [NO_VSCODE], patterns }] },
  };
}

const NODE_GLOBALS = Object.fromEntries(
  ['process', 'console', 'Buffer', 'URL', 'setTimeout', 'clearTimeout', 'setImmediate', 'require', 'module', '__dirname', '__filename'].map((g) => [g, 'readonly']),
);

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/out/**', '**/*.d.ts', '.vscode-test/**', 'test/fixtures/**', 'test-artifacts/**'],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: NODE_GLOBALS },
  },
  {
    files: ['bin/**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // No vscode (or its client library) anywhere in the server or the shared protocol.
  {
    files: ['server/**/*.ts', 'protocol/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [NO_VSCODE], patterns: [NO_LANGUAGECLIENT] }] },
  },
  ...LAYERS.map(layerRestriction),
  // The server talks to users through the LSP connection or the CLI's streams, never the console.
  {
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/cli/**'],
    rules: { 'no-console': 'error' },
  },
);
