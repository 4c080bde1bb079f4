// Lint keeps the process layers honest (VS Code style). Every part of main (the kernel,
// each feature, the app) splits its code by where it runs:
//   **/common        runs everywhere: no Node, no Electron, no DOM-only APIs
//   **/node          plain Node: the workspace core, IPC handlers, CLI; never Electron
//   app/electron-main thin Electron glue: may import electron and main's node code
//   app/preload      sandboxed preload: electron's renderer APIs and common code only
//   renderer         the browser: common code only, never Node or Electron
// Which part may import which (kernel, features in order, app) is an allow-list in
// .dependency-cruiser.cjs, checked by npm run lint as well.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'url', 'util', 'stream', 'events', 'worker_threads'];

const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', 'main/generated/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      // Every line of a function counts, nested functions included: a big function
      // hides its concerns whether its lines are code, comments or callbacks.
      'max-lines-per-function': ['error', { max: 100, IIFEs: true }],
      // Prettier cannot wrap strings and comments, and long lines hide in side-by-side diffs.
      'max-len': ['error', { code: 140, ignoreUrls: true, ignoreRegExpLiterals: true }],
    },
  },
  {
    // Plain JavaScript build scripts and the bin shim run in Node.
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
  },
  {
    // The data-access rule (docs/ARCHITECTURE.md): SQL lives in the feature that owns the
    // table or concern, never in IPC handlers, sessions or the composition root. The
    // addon check at start-up asks SQLite its version, which is no query of Roster's data.
    files: ['main/app/**/*.ts', 'main/**/*-handlers.ts', 'main/**/*-session.ts'],
    ignores: ['main/app/node/native-module.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Literal[value=/^\\s*(SELECT|INSERT INTO|UPDATE|DELETE FROM|PRAGMA|CREATE|DROP|ALTER TABLE|WITH)\\s/]',
          message: 'SQL belongs in the feature that owns the table (its queries module or task), not in handlers, sessions or the app.',
        },
        {
          selector: 'TemplateElement[value.raw=/^\\s*(SELECT|INSERT INTO|UPDATE|DELETE FROM|PRAGMA|CREATE|DROP|ALTER TABLE|WITH)\\s/]',
          message: 'SQL belongs in the feature that owns the table (its queries module or task), not in handlers, sessions or the app.',
        },
      ],
    },
  },
  {
    // CommonJS configuration files (the layer allow-list).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    files: ['main/**/common/**/*.ts'],
    rules: restrict(
      [...nodeBuiltins, 'electron', '**/node/**', '**/electron-main/**', '**/preload/**', '**/renderer/**'],
      'Common code runs in every process: no Node, Electron or other layers.',
    ),
  },
  {
    files: ['main/**/node/**/*.ts', 'bench/**/*.ts', 'test/node/**/*.ts', 'test/browser/**/*.ts'],
    rules: restrict(
      ['electron', '**/electron-main/**', '**/preload/**'],
      'Plain Node code and its tests must never load electron (its binary cannot be fetched here).',
    ),
  },
  {
    files: ['main/app/preload/**/*.ts'],
    rules: restrict(
      [...nodeBuiltins, '**/node/**', '**/electron-main/**', '**/renderer/**'],
      'A sandboxed preload can only use electron renderer APIs and common code.',
    ),
  },
  {
    files: ['renderer/**/*.ts'],
    rules: restrict(
      [...nodeBuiltins, 'electron', '**/node/**', '**/electron-main/**', '**/preload/**', '**/generated/**'],
      'The renderer reaches main only through window.roster.',
    ),
  },
);
