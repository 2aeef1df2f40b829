// Minimal typings for the parts of lunar-javascript this project uses (the package ships none).
declare module 'lunar-javascript' {
  export class Solar {
    getYear(): number;
    /** 1–12. */
    getMonth(): number;
    getDay(): number;
    /** "YYYY-MM-DD". */
    toYmd(): string;
  }
  export class Lunar {
    /** A day of the Chinese lunar calendar; a negative month is the leap month of that number. */
    static fromYmd(lunarYear: number, lunarMonth: number, lunarDay: number): Lunar;
    getSolar(): Solar;
  }
}
