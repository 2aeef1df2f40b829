// Opting out of greetings and promotions.

/** Acted on only when said in so many words: a misread "退款" must not unsubscribe anyone. */
export const OPT_OUT_WORDS =
  /退订|取消订阅|(别|不要|不用|甭)(再)?(给我)?(发|推送)(促销|广告|推广|营销|优惠|活动|消息|短信|邮件|问候|祝福|这些|这种|这类)|(别|不要)(再)?(给我)?发了|不再接收|停止发送|拒收|不要.{0,4}(促销|推广|广告)|unsubscribe|opt[\s-]?out|stop (sending|messag|texting|emailing|contacting)|don'?t (send|message|text|contact)|no more (messages|greetings|promotions|emails|texts|ads)|remove me/i;
