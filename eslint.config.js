// Lint rules, including the context boundaries from STYLE.md: content code never imports background or engine code,
// engine code never calls browser.*, and only src/shared/platform touches browser.* among shared modules.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

const noHtmlStrings = [
  { property: "innerHTML", message: "Never build HTML from strings; create nodes, or render Markdown via src/shared/ui." },
  { property: "outerHTML", message: "Never build HTML from strings." },
];

// Every request Hearth's code makes goes through src/shared/platform/egress.ts, which knows where each purpose may go.
const egressOnly = "Use egressFetch or egressFetchFor (src/shared/platform/egress.ts), which checks where the request may go.";

const noBackgroundOrEngine = {
  patterns: [
    { regex: "(^|/)(background|engine)(/|$)", message: "Content scripts may not import background or engine code (STYLE.md)." },
  ],
};

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "web-ext-artifacts/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { browser: "readonly" } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-properties": ["error", ...noHtmlStrings],
    },
  },
  {
    files: ["src/**"],
    ignores: ["src/shared/platform/egress.ts", "**/*.test.ts"],
    rules: {
      "no-restricted-globals": [
        "error",
        ...["fetch", "XMLHttpRequest", "WebSocket", "EventSource"].map((name) => ({ name, message: egressOnly })),
      ],
      "no-restricted-properties": [
        "error",
        ...noHtmlStrings,
        ...["globalThis", "window", "self"].map((object) => ({ object, property: "fetch", message: egressOnly })),
        { object: "navigator", property: "sendBeacon", message: egressOnly },
      ],
    },
  },
  {
    files: ["src/content/**", "src/features/**/*.content.ts", "src/features/**/content/**"],
    rules: { "no-restricted-imports": ["error", noBackgroundOrEngine] },
  },
  {
    files: ["src/engine/**"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-globals": [
        "error",
        { name: "browser", message: "Engine code never calls browser.*; take what it needs as arguments." },
        ...["fetch", "XMLHttpRequest", "WebSocket", "EventSource"].map((name) => ({ name, message: egressOnly })),
      ],
    },
  },
  {
    files: ["scripts/**", "bench/**", "tests/**", "*.config.ts", "*.config.js"],
    languageOptions: { globals: globals.node },
  },
  {
    // Tests may read markup to compare DOM states.
    files: ["**/*.test.ts", "tests/**"],
    rules: { "no-restricted-properties": "off" },
  },
);
