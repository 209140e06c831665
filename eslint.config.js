// Lint rules that keep the architecture honest: who may import whom, where browser APIs appear,
// and that header text is only ever rendered as text.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const polyfill = 'webextension-polyfill';
const polyfillTypeOnly = {
  name: polyfill,
  allowTypeImports: true,
  message:
    'Browser APIs enter only through the composition roots (background/main.ts, panel/browser-host.ts); pass what you need in.',
};
const noBackground = {
  group: ['**/background/**'],
  message: 'The panel and background never import each other.',
};
const noPanel = {
  group: ['**/panel/**'],
  message: 'The panel and background never import each other.',
};

export default tseslint.config(
  { ignores: ['dist/', 'dist-firefox/', 'dist-cli/', 'release/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Header text is attacker-controlled: render it as text.',
        },
        {
          selector: "MemberExpression[property.name='innerHTML']",
          message: 'Render text, never HTML.',
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: polyfill, message: 'src/core is pure: no browser API, not even its types.' },
          ],
          patterns: [
            {
              group: [
                '**/shared/**',
                '**/background/**',
                '**/panel/**',
                '**/devtools/**',
                '**/cli/**',
              ],
              message: 'src/core imports only src/core.',
            },
            {
              group: ['node:*', 'react', 'react-dom'],
              message: 'src/core is pure: no Node or UI API.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [polyfillTypeOnly], patterns: [noBackground, noPanel] },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: polyfill, message: 'The authlens command runs in Node: no browser API.' },
          ],
          patterns: [noBackground, noPanel],
        },
      ],
    },
  },
  {
    files: ['src/background/**/*.ts'],
    ignores: ['src/background/main.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [polyfillTypeOnly], patterns: [noPanel] },
      ],
    },
  },
  {
    files: ['src/panel/**/*.{ts,tsx}'],
    // The panel's one door to browser APIs; main.tsx only renders the app with the host it builds.
    ignores: ['src/panel/browser-host.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [polyfillTypeOnly], patterns: [noBackground] },
      ],
    },
  },
  {
    files: ['src/panel/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);
