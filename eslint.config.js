// @ts-check
/**
 * Lint: typescript-eslint, no import cycles, and the layering of src/ (see README "Layout"): a
 * folder imports only from layers below it and reaches another folder only through its index.ts.
 */
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const importX = require('eslint-plugin-import-x');
const prettier = require('eslint-config-prettier');

/** src/ from the bottom up. A folder may import from its own layer's other folders and from any layer below. */
const LAYERS = [
  ['config', 'log', 'errors', 'metrics'],
  ['model'],
  ['cypher'],
  ['neo4j', 'auth'],
  // the domain: services that take a TenantDb and plain inputs
  ['stitching', 'threads', 'analytics', 'events', 'importer', 'privacy'],
  ['graphql'],
  ['http'],
  ['cli'],
];
const FOLDERS = LAYERS.flat();
const DOMAIN = LAYERS[4];
const glob = (folders) => (folders.length === 1 ? `./src/${folders[0]}/**` : `./src/{${folders.join(',')}}/**`);
const ENTRY_POINTS = ['./src/{app,main}.ts'];

const layerZones = LAYERS.flatMap((layer, i) => {
  const above = LAYERS.slice(i + 1).flat();
  return above.length === 0
    ? []
    : [
        {
          target: glob(layer),
          from: [glob(above), ...ENTRY_POINTS],
          message: `src/${layer.join(', src/')} sit below ${above.join(', ')}: import downwards only.`,
        },
      ];
});

module.exports = tseslint.config(
  {
    ignores: [
      'dist/',
      'coverage/',
      'data/',
      'node_modules/',
      'neo4j-launcher/',
      'reports/',
      '.stryker-tmp/',
      'src/graphql/resolvers-types.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    settings: {
      // import-x parses each imported file itself (to follow cycles): with typescript-eslint's parser.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts', '.js'],
      'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.js', '.json', '.d.ts'] })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-duplicates': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(\\./|(\\.\\./)+)(${FOLDERS.join('|')})/.+`,
              message: 'Reach another folder through its index.ts, which says what leaves it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [`src/{${DOMAIN.join(',')}}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['graphql', '@apollo/server', '@apollo/subgraph', 'dataloader'].map((name) => ({
            name,
            message: 'Domain folders know nothing of GraphQL: they take a TenantDb and plain inputs.',
          })),
          patterns: [
            {
              regex: `^(\\./|(\\.\\./)+)(${FOLDERS.join('|')})/.+`,
              message: 'Reach another folder through its index.ts, which says what leaves it.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests may reach into a module to test its pure parts; `any` stands for JSON responses.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'tools/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // jest loads its global setup and teardown as default exports.
    files: ['test/setup/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
