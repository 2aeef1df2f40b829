// Opting out of greetings and promotions.

/** Acted on only when said in so many words: a misread "退款" must not unsubscribe anyone. */
export const OPT_OUT_WORDS = /退订|取消订阅|别再发|不要再发|别发了|不要发|别给我发|不再接收|停止发送|拒收|不要.{0,4}(促销|推广|广告)|unsubscribe|opt[\s-]?out|stop (sending|messag|texting|emailing|contacting)|don'?t (send|message|text|contact)|no more (messages|greetings|promotions|emails|texts|ads)|remove me/i;
