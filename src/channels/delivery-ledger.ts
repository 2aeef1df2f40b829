// What a channel adapter reports after sending a turn's replies itself (inside its own turn):
// they went out, or the channel gave up on them. Until one or the other, a reply committed with a
// due time is the delivery sweeper's to send again (delivery-sweeper.ts).

export interface DeliveryLedger {
  /** These messages reached the channel: nothing is left to send. */
  delivered(messageIds: readonly number[]): Promise<void>;
  /** The channel gave up on them: staff see it, and a conversation the bot held goes to the staff queue. */
  undeliverable(conversationId: string, messageIds: readonly number[], reason: string): Promise<void>;
}
