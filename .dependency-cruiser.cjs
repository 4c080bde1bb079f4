// The layer allow-list (VS Code style): who may import whom inside main and inside the
// renderer. npm run lint runs it (npm run layers), so a change that reaches
// the wrong way fails the build, as does any import cycle.
//
// main is three parts, each split by where its code runs (common, node, and for the app
// electron-main and preload; eslint.config.js holds those process rules):
//   kernel    plumbing every feature uses; never imports a feature or the app
//   features  one folder each, in this order; a feature may use the kernel and the
//             features before it, never one after it, never the app
//   app       the composition root: wires features together; may use everything
// The renderer has the same shape (renderer/src/kernel, features/<name>, app) and may
// reach main only through common code (types and name rules; eslint forbids the rest).

/** Bottom to top: each may use the ones before it. */
const FEATURES = ['workspace', 'catalog', 'people', 'import-export', 'history', 'transfer', 'find', 'duplicates'];

const below = (name) => FEATURES.slice(0, FEATURES.indexOf(name));
const alt = (names) => (names.length === 0 ? '(?!)' : `(${names.join('|')})`);

const featureRules = FEATURES.flatMap((name) => [
  {
    name: `main-feature-${name}`,
    comment: `main/features/${name} may use the kernel, itself and the features before it`,
    severity: 'error',
    from: { path: `^main/features/${name}/` },
    to: {
      path: '^(main|renderer)/',
      pathNot: [`^main/kernel/`, `^main/features/${name}/`, `^main/features/${alt(below(name))}/`, '^main/generated/'],
    },
  },
  {
    name: `renderer-feature-${name}`,
    comment: `renderer/src/features/${name} may use the renderer kernel, itself, the features before it, and common code of main`,
    severity: 'error',
    from: { path: `^renderer/src/features/${name}/` },
    to: {
      path: '^(main|renderer)/',
      pathNot: [
        '^renderer/src/kernel/',
        `^renderer/src/features/${name}/`,
        `^renderer/src/features/${alt(below(name))}/`,
        '^main/(kernel|app|features/[^/]+)/common/',
      ],
    },
  },
]);

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'No import cycles, of any length, anywhere.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'main-kernel',
      comment: 'The kernel never imports a feature or the app.',
      severity: 'error',
      from: { path: '^main/kernel/' },
      to: { path: '^(main|renderer)/', pathNot: '^main/kernel/' },
    },
    ...featureRules,
    {
      name: 'main-app',
      comment: 'The app may use anything in main, never the renderer.',
      severity: 'error',
      from: { path: '^main/app/' },
      to: { path: '^renderer/' },
    },
    {
      name: 'renderer-kernel',
      comment: 'The renderer kernel never imports a renderer feature or the renderer app.',
      severity: 'error',
      from: { path: '^renderer/src/kernel/' },
      to: { path: '^(main|renderer)/', pathNot: ['^renderer/src/kernel/', '^main/(kernel|app|features/[^/]+)/common/'] },
    },
    {
      name: 'renderer-app',
      comment: 'The renderer app may use the renderer and common code of main.',
      severity: 'error',
      from: { path: '^renderer/src/(app/|main\\.ts)' },
      to: { path: '^main/', pathNot: '^main/(kernel|app|features/[^/]+)/common/' },
    },
    {
      name: 'no-unknown-part',
      comment: 'Every source file of main and the renderer sits in a known part.',
      severity: 'error',
      from: {
        path: '^(main|renderer/src)/',
        pathNot: [
          '^main/(kernel|features|app|generated)/',
          '^renderer/src/(kernel|features|app)/',
          '^renderer/src/main\\.ts$',
          '^renderer/src/styles/',
        ],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^main/generated/', 'node_modules'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.mjs', '.json'],
    },
  },
};
