// Writes config/common-passwords.txt: passwords of 12 or more characters that guessing tools try
// first (common words and names with the usual endings, years, keyboard walks, digit runs,
// repeated characters, pinyin favourites). Shorter ones need no list: the length rule refuses them.
// The list is made from patterns rather than copied from a breach corpus, so it can be rebuilt
// and extended here: `node scripts/common-passwords.mjs`.

import { writeFileSync } from 'node:fs';

const MIN = 12;

const words = [
  'password', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'pa55word', 'pass', 'passwort', 'motdepasse', 'contrasena', 'mima', 'wodemima',
  'qwerty', 'qwertyuiop', 'asdfgh', 'asdfghjkl', 'zxcvbnm', 'qazwsx', 'qweasd', 'asdasd', 'zxczxc', 'abc', 'abcd', 'abcdef', 'abcdefg',
  'iloveyou', 'iloveu', 'loveyou', 'loveme', 'lovely', 'love', 'ihateyou', 'woaini', 'aini', 'woaiwojia', 'nihao', 'zhongguo',
  'admin', 'administrator', 'root', 'user', 'guest', 'test', 'testing', 'demo', 'default', 'changeme', 'secret', 'login', 'welcome',
  'letmein', 'access', 'master', 'super', 'superuser', 'superadmin', 'system', 'server', 'security', 'private', 'temp', 'manager',
  'supervisor', 'agent', 'staff', 'office', 'company', 'business', 'customer', 'service', 'support', 'care', 'carebot', 'console',
  'monkey', 'dragon', 'football', 'baseball', 'basketball', 'soccer', 'hockey', 'golfer', 'sunshine', 'princess', 'superman',
  'batman', 'spiderman', 'ironman', 'starwars', 'pokemon', 'naruto', 'minecraft', 'fortnite', 'trustno1', 'shadow', 'killer',
  'matrix', 'freedom', 'whatever', 'computer', 'internet', 'hello', 'helloworld', 'flower', 'summer', 'winter', 'spring', 'autumn',
  'chocolate', 'cookie', 'banana', 'orange', 'apple', 'cherry', 'pepper', 'ginger', 'tigger', 'buster', 'hunter', 'ranger', 'jordan',
  'michael', 'jennifer', 'charlie', 'thomas', 'daniel', 'andrew', 'joshua', 'ashley', 'jessica', 'nicole', 'amanda', 'michelle',
  'robert', 'william', 'david', 'james', 'john', 'maggie', 'liverpool', 'chelsea', 'arsenal', 'manchester', 'barcelona', 'google',
  'facebook', 'yahoo', 'microsoft', 'samsung', 'huawei', 'xiaomi', 'wechat', 'weixin', 'taobao', 'alipay', 'baidu', 'beijing',
  'shanghai', 'guangzhou', 'shenzhen', 'zhangwei', 'wangwei', 'wangfang', 'liwei', 'wangyang', 'liuyang', 'chenjing', 'zhangmin',
  'wanglei', 'mustang', 'ferrari', 'porsche', 'mercedes', 'jesus', 'blessed', 'angel', 'baby', 'family', 'forever', 'money', 'happy',
  'lucky', 'yankees', 'cowboys', 'dolphins', 'eagles', 'tiger', 'lion', 'dog', 'cat', 'mylove', 'sweetheart', 'qq', 'asd', 'aa', 'a',
];

const endings = [
  '', '1', '12', '123', '1234', '12345', '123456', '1234567', '12345678', '123456789', '1234567890', '0', '01', '00', '000', '007',
  '11', '111', '1111', '666', '888', '999', '99', '69', '520', '1314', '5201314', '520520', '1314520', '13141314', '!', '!!', '1!', '12!', '123!', '1234!', '@123',
  '#123', '!@#', '!@#$', '.', '?', '_123', '-123', '123abc', 'abc', 'abc123', 'qwe', 'qwerty', '2000', '2020', '2021', '2022', '2023',
  '2024', '2025', '2026', '2027',
];

const favourites = ['password', 'qwerty', 'iloveyou', 'admin', 'welcome', 'letmein', 'monkey', 'dragon', 'football', 'sunshine', 'princess', 'woaini', 'master', 'changeme', 'customer', 'support', 'summer', 'winter', 'hello', 'secret'];

const phrases = [
  'correcthorsebatterystaple', 'correct horse battery staple', 'thequickbrownfox', 'thequickbrownfoxjumpsoverthelazydog',
  'letmeinplease', 'pleaseletmein', 'opensesame', 'nopassword', 'mypassword', 'newpassword', 'oldpassword', 'temppassword',
  'temporarypassword', 'defaultpassword', 'adminpassword', 'userpassword', 'staffpassword', 'securepassword', 'strongpassword',
  'passwordpassword', 'changemenow', 'changethispassword', 'iloveyousomuch', 'iloveyoubaby', 'iloveyoumom', 'ilovemyself',
  'ilovemydog', 'ilovemycat', 'ilovemyfamily', 'ilovejesus', 'jesuschrist', 'godisgood', 'godisgreat', 'thankyou', 'thankyouverymuch',
  'trustnoone', 'nevergiveup', 'whatever', 'whateverwhatever', 'welcometo', 'welcomehome', 'welcometochina', 'hellokitty', 'helloworld',
  'goodmorning', 'goodluck', 'happybirthday', 'happynewyear', 'merrychristmas', 'letmeinnow', 'accessgranted', 'accessdenied',
  'superpassword', 'supersecret', 'topsecret', 'mysecret', 'customerservice', 'customercare', 'customersupport', 'servicedesk',
  'helpdesk', 'carebotadmin', 'consoleadmin', 'wodemimashi', 'woainiwoaini', 'woaiwojia', 'woaiwolaopo', 'woaiwolaogong',
  'zhongguoren', 'woshizhongguoren', 'xiexie', 'xiexieni', 'nihaonihao', 'mimamima', 'wangwangwang', 'aaaaaaaaaaaa',
];

const walks = [
  '1234567890', '0987654321', 'qwertyuiop', 'poiuytrewq', 'asdfghjkl', 'lkjhgfdsa', 'zxcvbnm', 'mnbvcxz', '!@#$%^&*()',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p', 'qazwsxedcrfvtgbyhnujmikolp', 'zaq12wsxcde34rfvbgt56yhnmju78ik', '1q2w3e4r5t6y7u8i9o0p',
  'q1w2e3r4t5y6u7i8o9p0', 'qweasdzxc', 'qweasdzxcqweasdzxc', '!qaz@wsx#edc$rfv', '1qazxsw23edcvfr4', 'zaq1xsw2cde3vfr4',
  'qwerasdfzxcv', 'qwer1234asdf', '1234qwerasdf', 'asdfqwerzxcv', 'qwertyasdfgh', 'asdfghqwerty', 'qwertyuiopasdfghjklzxcvbnm',
  'abcdefghijklmnopqrstuvwxyz', 'zyxwvutsrqponmlkjihgfedcba', 'a1b2c3d4e5f6g7h8i9', '1a2b3c4d5e6f7g8h9i', 'abc123abc123abc123',
  '147258369147258369', '159753159753159753', '741852963741852963', '123654789123654789', '789456123789456123', '963852741963852741',
  '1122334455667788990', '1112223334445556667778889990', '0001112223334445556667778889', '1234554321123455432',
];

const list = new Set();
const add = (candidate) => {
  const value = candidate.trim().replace(/\s+/g, ' ').toLowerCase();
  if ([...value].length >= MIN) list.add(value);
};

for (const word of words) {
  for (const ending of endings) {
    add(word + ending);
  }
  add(word + word);
  add(word + word + word);
}
for (const word of favourites) {
  for (let year = 1950; year <= 2030; year++) add(`${word}${year}`);
  for (const other of favourites) add(word + other);
  for (const ending of endings) add(`my${word}${ending}`);
}
for (const phrase of phrases) {
  add(phrase);
  for (const ending of ['1', '12', '123', '1234', '123456', '!', '2024', '2025', '2026']) add(phrase + ending);
}
for (const walk of walks) {
  for (let length = MIN; length <= Math.min(walk.length, 24); length++) add(walk.slice(0, length));
  add(walk + walk);
}
// Digit runs: every cyclic run of ascending and descending digits of 12–20 characters.
for (const cycle of ['0123456789', '9876543210']) {
  for (let start = 0; start < 10; start++) {
    const long = cycle.repeat(3).slice(start);
    for (let length = MIN; length <= 20; length++) add(long.slice(0, length));
  }
}
// One to four characters repeated to 12–16 characters: 111111111111, abababababab, 123123123123, qwerqwerqwer …
const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789!@#$%*.';
for (const char of alphabet) for (let length = MIN; length <= 16; length++) add(char.repeat(length));
const units = ['12', '21', '01', '10', 'ab', 'ba', 'xo', 'ha', 'la', '123', '321', 'abc', 'xyz', 'qwe', 'asd', 'zxc', '520', '888', '666', '1234', '4321', 'qwer', 'asdf', 'zxcv', 'abcd', '1314', '5201314', 'admin', 'pass', 'love', 'test'];
for (const unit of units) for (let times = 2; unit.length * times <= 24; times++) add(unit.repeat(times));
// Two digits repeated in pairs and memorable number strings.
for (let a = 0; a <= 9; a++) {
  const pairs = Array.from({ length: 10 }, (_, i) => String((a + i) % 10).repeat(2)).join('');
  add(pairs.slice(0, 12));
  add(pairs.slice(0, 14));
  add(pairs.slice(0, 20));
}
for (const number of ['5201314', '1314520', '13145201314', '52013145201314', '88888888', '66666666', '12345678', '87654321', '11223344', '00000000']) {
  add(number + number);
  for (let year = 1960; year <= 2030; year++) add(`${number}${year}`);
}

const header = [
  '# The most common passwords of 12 or more characters, lowercase, one a line; staff passwords',
  '# matching one (case and runs of spaces ignored) are refused. Made by scripts/common-passwords.mjs.',
];
writeFileSync(new URL('../config/common-passwords.txt', import.meta.url), `${[...header, ...[...list].sort()].join('\n')}\n`);
console.log(`wrote ${list.size} passwords to config/common-passwords.txt`);
