import js from "@eslint/js";
import tseslint from "typescript-eslint";
import nextPlugin from "@next/eslint-plugin-next";

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
  {
    // The dosing-rules engine is pure: no I/O, no framework, no database, no clock, no environment.
    files: ["lib/rules/**/*.ts", "lib/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [
          { group: ["next", "next/*", "react", "react/*", "react-dom", "@prisma/*", "pg", "@/lib/db/*", "@/lib/generated/*",
                    "@/lib/auth/*", "@/lib/actions/*", "node:*", "fs", "path", "child_process", "http", "https", "net"],
            message: "lib/rules and lib/domain are pure: no I/O, framework or database imports." },
        ],
      }],
      "no-restricted-syntax": ["error",
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: "The engine never reads the clock: take `now` from the request." },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "The engine never reads the clock: take `now` from the request." },
        { selector: "MemberExpression[object.name='process']", message: "The engine never reads the environment." },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: "The engine is deterministic." },
      ],
      "no-restricted-globals": ["error", "fetch", "localStorage", "sessionStorage", "window", "document"],
    },
  },
);
