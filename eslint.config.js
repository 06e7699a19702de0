import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

// The dependency direction of STYLE.md: app → db, analysis; db and analysis import nothing of ours.
const layer = (from, forbidden) => ({
  files: [`${from}/**/*.ts`, `${from}/**/*.svelte`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: `^(\\.\\./)+(app/)?(${forbidden.join('|')})/`,
            message: `${from}/ must not import from ${forbidden.join(', ')}.`
          }
        ]
      }
    ]
  }
});

export default ts.config(
  { ignores: ['build/', '.svelte-kit/', 'node_modules/', 'data/', 'e2e/output/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // The app is served at the root, never under a base path, so plain hrefs are right.
      'svelte/no-navigation-without-resolve': 'off'
    }
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig }
    }
  },
  layer('analysis', ['app', 'db']),
  layer('db', ['app', 'analysis']),
  layer('app/web', ['server', 'cli', 'db', 'analysis']),
  layer('app/shared', ['server', 'web', 'cli', 'db', 'analysis'])
);
