// Types of canned-picker.js for the TypeScript tests that import it (the browser loads the .js).

export interface CannedReply {
  id: string;
  title: string;
  text: string;
}
export interface SlashQuery {
  start: number;
  end: number;
  query: string;
}
export function slashQuery(text: string, cursor: number): SlashQuery | null;
export function matchCanned(replies: CannedReply[], query: string, alsoTitled?: CannedReply[]): CannedReply[];
export function insertAtCursor(text: string, start: number, end: number, insert: string): { text: string; cursor: number };
