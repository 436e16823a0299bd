import js from "@eslint/js";
import tseslint from "typescript-eslint";
import nextPlugin from "@next/eslint-plugin-next";
import { boundaries } from "./eslint/boundaries.mjs";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**", ".next/**", "lib/generated/**", "test-results/**", "playwright-report/**",
      "next-env.d.ts", "scripts/*.mjs", ".data/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { "@next/next": nextPlugin },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/ban-ts-comment": ["error", { "ts-ignore": true, "ts-expect-error": "allow-with-description" }],
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  // The import arrows between rooms (lib/rules and lib/domain pure; components, views and schemas free of server
  // code; lib/auth below lib/actions; lib/db below both): eslint/boundaries.mjs, docs/architecture.md.
  ...boundaries,
);
