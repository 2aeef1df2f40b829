// The ports between Telegram staff alerts and the console: what an alert says, and claiming a
// conversation for the staff member linked to a Telegram user.

export interface StaffAlert {
  conversationId: string;
  customerName: string | null;
  tier: string;
  channel: string;
  reason: string;
  summary: string;
}

export type ClaimOutcome =
  | { claimed: true; staffName: string; alreadyMine: boolean }
  /** No enabled staff account is linked to this Telegram user. */
  | { claimed: false; reason: 'unlinked' }
  | { claimed: false; reason: 'refused'; message: string };

export interface StaffClaims {
  /** Takes the conversation over for the staff member linked to this Telegram user id. */
  claim(conversationId: string, telegramUserId: string): Promise<ClaimOutcome>;
}
