// Types of contact-fields.js for the TypeScript tests that import it (the browser loads the .js).

export type ContactField = 'phone' | 'email';
export function contactFieldProblem(field: ContactField, value: string): string | null;
export function fieldOfServerError(message: string, fields: readonly string[]): { field: string; message: string } | null;
