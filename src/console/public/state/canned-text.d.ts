// Types of canned-text.js for the TypeScript tests that import it (the browser loads the .js).

export function cannedVariables(detail: unknown, me: { name: string } | null): Record<string, string>;
export function fillCanned(text: string, vars: Record<string, string>): string;
