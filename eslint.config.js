// @ts-check
// ESLint with typescript-eslint's type-aware rules over every TypeScript file the compiler sees
// (tsconfig.json includes sources, tests, bench and cluster); the JavaScript build scripts get the plain JS rules.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['dist/', '.cluster/', 'bench/results/', 'charts/']),
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    // The stylistic sets are left out: their largest rules (dot-notation, array-type,
    // non-nullable-type-assertion-style) would restyle deliberate code without finding a bug.
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Named although the recommended set has them: these are why the linter is here.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      // A leading underscore marks a parameter a signature requires (Express's error handler) or a
      // property split off by a rest pattern on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // A variable read by a callback created before its one assignment stays `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Off: an async function without await is how a callback or fake satisfies a Promise-typed
      // slot; forgotten awaits are what no-floating-promises catches.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests read kubectl's JSON output untyped; the assertions that follow check its shape.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Tests throw API-error-shaped plain objects on purpose, and reject with execFile's error,
      // whose type (an Omit<> of ErrnoException) the rule does not recognise as an Error.
      '@typescript-eslint/only-throw-error': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
      // Tests save a method to restore it after stubbing, and stringify Buffers for assertions.
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: globals.node },
  },
);
