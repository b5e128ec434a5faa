import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import local from './eslint/layering.js';

export default tseslint.config(
  { ignores: ['node_modules/', 'app/dist/', 'dist/', 'test-results/', 'playwright-report/', '**/*.svelte'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { local },
    rules: {
      'local/code-layering': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'Use a literal union or an `as const` array instead of an enum.' }],
    },
  },
  {
    files: ['renderer/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
