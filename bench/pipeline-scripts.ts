// The conversations the pipeline benchmark plays: mixed English and Simplified Chinese, questions,
// small talk and complaints that walk the five steps. Each session repeats its script in a loop.

export type Lang = 'en' | 'zh';

/** Per-conversation scripts; `{order}` becomes an order number unique to the conversation. */
export const SCRIPTS: Record<Lang, string[][]> = {
  en: [
    [
      'Hi there',
      'How long does delivery take?',
      'My order {order} arrived damaged, the kettle lid is cracked and I am really annoyed',
      'The electric kettle',
      'The lid is cracked and it leaks when I pour',
      'A replacement please',
      'Yes, that is correct',
      'Thanks, bye',
    ],
    ['Hello', 'Are your products genuine?', 'Do you ship internationally?', 'How much is shipping?', 'Where is my package? Order number {order}', 'Thank you!', 'Goodbye'],
    [
      'Good morning',
      'I was charged twice for order {order}, this is not acceptable',
      '$59.90',
      'I only bought one blender but two payments were taken from my card',
      'I want a refund',
      'Yes',
      'How long does a refund take?',
      'Thanks',
    ],
  ],
  zh: [
    ['你好', '发货要多久？', '我的订单{order}收到的电水壶盖子裂了，太让人生气了', '电水壶', '盖子裂了，倒水的时候会漏', '换货吧', '对，没错', '谢谢，再见'],
    ['您好', '你们的产品是正品吗？', '可以寄到国外吗？', '运费多少钱？', '我的包裹到哪了？订单号{order}', '谢谢！', '再见'],
    ['早上好', '订单{order}被重复扣款了两次，太过分了', '59.9元', '我只买了一台搅拌机，卡上却扣了两次钱', '我要退款', '是的', '退款要多久？', '谢谢'],
  ],
};

/** Conversation `index`: the language alternates, the script rotates within the language. */
export function scriptFor(index: number): { lang: Lang; script: string[] } {
  const lang: Lang = index % 2 === 0 ? 'en' : 'zh';
  const scripts = SCRIPTS[lang];
  return { lang, script: scripts[Math.floor(index / 2) % scripts.length] ?? scripts[0] ?? [] };
}

/** Line `line` of a script (wrapping around), with the conversation's order number filled in. */
export function scriptLine(script: string[], line: number, order: string): string {
  return (script[line % script.length] ?? 'Hello').replaceAll('{order}', order);
}
