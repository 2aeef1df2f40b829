// Types of transcript.js for the TypeScript tests that import it (the browser loads the .js).

export function mergeTranscript<T extends { id: number }>(shown: T[], fetched: T[]): T[];
export function addMessage<T extends { id: number }>(messages: T[], message: T): T[];
