// The name conversations and channel identities on the Agents SDK endpoint are stored under: apart
// from 'botframework' (/api/messages), though both speak for the same Azure Bot.

export const AGENTS_CHANNEL = 'agents';
