// ESLint rules equivalent to nodecoach's checks, as far as the plugins offer them:
// blocking sync calls, deprecated Node APIs, promise and callback error handling,
// and the security plugin's crypto and child-process checks.
import n from 'eslint-plugin-n';
import promise from 'eslint-plugin-promise';
import security from 'eslint-plugin-security';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['**/node_modules/**', '**/*.d.ts', '**/*.d.mts', '**/*.d.cts', '**/dist/**', '**/*.min.js'] },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx', '**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'],
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
    plugins: { n, promise, security },
    rules: {
      'n/no-sync': 'warn',
      'n/no-deprecated-api': 'warn',
      'n/handle-callback-err': 'warn',
      'promise/catch-or-return': 'warn',
      'promise/no-callback-in-promise': 'warn',
      'security/detect-pseudoRandomBytes': 'warn',
      'security/detect-possible-timing-attacks': 'warn',
      'security/detect-child-process': 'warn',
      'security/detect-non-literal-fs-filename': 'warn',
    },
  },
  {
    // eslint-plugin-n's no-sync asks the TypeScript parser for type information on
    // TypeScript files, which takes a tsconfig per package, and stops the whole run
    // without it: on TypeScript files it is left out.
    files: ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'],
    rules: { 'n/no-sync': 'off' },
  },
];
