/**
 * Units of each currency per US dollar: a static table so that screening is reproducible and needs
 * no network. Rates are rounded mid-2025 market averages; salary screening only needs the order of
 * magnitude (is this 300 or 3,000 USD a month?), so the table is updated with each catalogue
 * release, not daily. USDT counts as USD.
 *
 * @example
 * 20_000_000 / (USD_RATES.VND ?? 1); // ≈ 787 US dollars
 */
export const USD_RATES: Readonly<Record<string, number>> = {
  USD: 1,
  VND: 25_400,
  IDR: 16_300,
  MYR: 4.3,
  THB: 33,
  PHP: 57,
  CNY: 7.2,
  HKD: 7.8,
  TWD: 31,
  KHR: 4_050,
  MMK: 2_100,
  LAK: 21_800,
  INR: 85,
  NPR: 136,
  BDT: 120,
  LKR: 300,
  PKR: 280,
  SGD: 1.32,
  AED: 3.67,
  EUR: 0.91,
  GBP: 0.78,
  JPY: 150,
  KRW: 1_380,
  MXN: 19,
  COP: 4_000,
  PEN: 3.7,
  BRL: 5.5,
  KES: 129,
  NGN: 1_550,
};

/**
 * Paid periods per month: 26 working days, 8-hour days, 4.345 weeks.
 *
 * @example
 * 50 * PERIODS_PER_MONTH.day; // 1300: $50 a day is about $1,300 a month
 */
export const PERIODS_PER_MONTH = {
  hour: 208,
  day: 26,
  week: 4.345,
  month: 1,
  year: 1 / 12,
} as const;
