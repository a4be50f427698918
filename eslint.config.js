// `npm run lint`: type-aware rules that find bugs in promise-heavy code. No stylistic rules: Prettier
// owns the layout. compat/ is left out: it is a package of its own whose type information needs its
// ~1,400 dependencies installed, and CI type-checks it on its own (`npm --prefix compat run typecheck`).
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'packages/*/dist/', 'compat/', 'data/', 'test-output/', 'bench/results/'] },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      // The root tsconfig.json covers src/, test/, bench/, scripts/ and the SDK's sources.
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      // Promises: a rejection nobody awaits, a promise where a boolean or a void callback belongs.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test's describe() and it() return promises the runner itself awaits.
          allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test'] }],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      // Promise.all over values a cache answers at once or later (`Caller | Promise<Caller>`) is meant.
      '@typescript-eslint/await-thenable': ['error', { allowMixedPromiseArrays: true }],
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
      'no-async-promise-executor': 'error',
      // Errors: only Error objects carry a stack and reach the error handler as one.
      '@typescript-eslint/only-throw-error': 'error',
      'no-unsafe-finally': 'error',
      // Control flow and values.
      // A switch over a union names every case, or says in a default what the others get.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      'no-fallthrough': 'error',
      'no-self-compare': 'error',
      'no-constant-binary-expression': 'error',
      'no-unsafe-optional-chaining': 'error',
      'no-dupe-else-if': 'error',
      '@typescript-eslint/no-for-in-array': 'error',
      '@typescript-eslint/no-array-delete': 'error',
      '@typescript-eslint/no-implied-eval': 'error',
      '@typescript-eslint/unbound-method': 'error',
      '@typescript-eslint/no-deprecated': 'error',
      // `_`-named bindings are the ones left out on purpose (`const { $ref: _, ...rest } = schema`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-unused-private-class-members': 'error',
    },
  },
);
