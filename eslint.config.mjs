import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const vscodeOnlyInClient = {
  paths: [{ name: 'vscode', message: 'Only client/ (and in-editor tests) may import vscode.' }],
};
const layer = (forbidden) => ({
  ...vscodeOnlyInClient,
  patterns: forbidden.map((dir) => ({
    group: [`**/${dir}/*`, `../${dir}/*`, `../../${dir}/*`],
    message: `core/ is editor-free and depends on nothing else; do not import ${dir}/ here.`,
  })),
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', '*.vsix', '.vscode-test/**', 'core/**/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      curly: ['error', 'multi-line'],
      eqeqeq: ['error', 'smart'],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  { files: ['core/**/*.ts'], rules: { 'no-restricted-imports': ['error', layer(['client', 'server', 'telemetry-bridge', 'simulator', 'cli'])] } },
  {
    files: ['server/**/*.ts', 'telemetry-bridge/**/*.ts', 'simulator/**/*.ts', 'cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', vscodeOnlyInClient] },
  },
  { files: ['**/*.mjs', '**/*.js'], rules: { 'no-console': 'off', '@typescript-eslint/no-require-imports': 'off' } },
  { files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**'], rules: { 'no-console': 'off' } },
  { files: ['**/webview/**/*.ts', '**/ui/**/*.ts'], languageOptions: { globals: { ...globals.browser } } },
);
