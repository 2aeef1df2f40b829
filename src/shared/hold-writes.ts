// Writes to a socket held until the event loop's check phase, so that everything written while
// the loop works through its ready callbacks (the statements or commands of many turns) leaves in
// one write. Their answers could not be read before the next poll phase anyway, and each write is
// a system call that, on loopback, also runs the receiving side's network stack and wakes it.

import type { Writable } from 'node:stream';

export function holdWritesUntilCheckPhase(socket: Writable | undefined): void {
  if (!socket || socket.writableCorked > 0) return;
  socket.cork();
  setImmediate(() => socket.uncork());
}
