// The conversations the pipeline benchmark plays, in English and Simplified Chinese. Two loads:
// `mixed` (the default) has questions, small talk and complaints that walk the five steps;
// `questions` has questions and small talk only, the load of the outside test in issue 13 (1,000
// web-chat sessions, 32 requests in flight, mixed zh/en questions and small talk). Each session
// repeats its script in a loop.

export type Lang = 'en' | 'zh';
export type Load = 'mixed' | 'questions';
export const LOADS: readonly Load[] = ['mixed', 'questions'];

/** Per-conversation scripts; `{order}` becomes an order number unique to the conversation. */
const MIXED: Record<Lang, string[][]> = {
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

/** Questions and small talk in the customers' own words, none of them a complaint. */
const QUESTIONS: Record<Lang, string[][]> = {
  en: [
    ['Hi', 'Do you deliver on weekends?', 'How long does delivery take?', 'Can I change my delivery address?', 'ok thanks', 'Bye'],
    ['Hello there', 'What payment methods do you accept?', 'Can I pay with Apple Pay?', 'Is there a warranty on the kettle?', 'How do I return something?', 'Thanks a lot', 'Goodbye'],
    ['Good evening', 'How are you today?', 'Where is my parcel? Order {order}', 'Do you have any discounts at the moment?', 'How do I reset my password?', 'Great, thank you', 'See you'],
  ],
  zh: [
    ['你好', '周末送货吗？', '发货要多久？', '可以改收货地址吗？', '好的谢谢', '再见'],
    ['在吗', '支持哪些付款方式？', '可以用支付宝吗？', '电水壶保修多久？', '怎么退货？', '多谢', '拜拜'],
    ['晚上好', '今天过得怎么样？', '我的快递到哪了？订单{order}', '最近有什么优惠活动吗？', '忘记密码怎么办？', '太好了，谢谢', '回头见'],
  ],
};

export const SCRIPTS: Record<Load, Record<Lang, string[][]>> = { mixed: MIXED, questions: QUESTIONS };

/** Conversation `index` of a load: the language alternates, the script rotates within the language. */
export function scriptFor(index: number, load: Load = 'mixed'): { lang: Lang; script: string[] } {
  const lang: Lang = index % 2 === 0 ? 'en' : 'zh';
  const scripts = SCRIPTS[load][lang];
  return { lang, script: scripts[Math.floor(index / 2) % scripts.length] ?? scripts[0] ?? [] };
}

/** Line `line` of a script (wrapping around), with the conversation's order number filled in. */
export function scriptLine(script: string[], line: number, order: string): string {
  return (script[line % script.length] ?? 'Hello').replaceAll('{order}', order);
}
