// Flat config: typescript-eslint recommended everywhere, react-hooks in the renderer.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    // Tests check for (the absence of) ANSI colour escapes on purpose.
    files: ['test/**/*.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    // The exporter runs on the VM with plain node and must never import Electron or the app.
    files: ['exporter/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['electron', '**/main/**', '**/renderer/**', '**/preload/**'] },
      ],
    },
  },
  {
    // common/ runs in every runtime (the exporter on the VM, main, the renderer): no runtime-specific
    // import or global may creep in (ADR 0007). test/unit/common/runtime-neutral.test.ts checks the same.
    files: ['common/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'node:*',
            'electron',
            'react',
            'react-dom',
            'ssh2',
            'ws',
            '**/main/**',
            '**/renderer/**',
            '**/preload/**',
            '**/exporter/**',
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'require', '__dirname', '__filename', 'window', 'document', 'navigator'].map(
          (name) => ({ name, message: 'common/ is runtime-neutral: pass it in instead (ADR 0007).' }),
        ),
      ],
    },
  },
  {
    // The headless core must run without Electron.
    files: ['main/core/**/*.ts', 'main/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron'] }] },
  },
);
