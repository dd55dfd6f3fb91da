/**
 * Calendar days without time zones: legal periods are counted in whole days,
 * so dates are plain (year, month, day) values and arithmetic goes through a
 * day number (days since 1970-01-01). Every civil date is read in UTC.
 */
export interface CivilDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

const DAY_MS = 86_400_000;

export function civil(year: number, month: number, day: number): CivilDate {
  return { year, month, day };
}

export function dayNumber(date: CivilDate): number {
  return Date.UTC(date.year, date.month - 1, date.day) / DAY_MS;
}

export function fromDayNumber(n: number): CivilDate {
  const d = new Date(n * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function civilDateOf(instant: Date): CivilDate {
  return { year: instant.getUTCFullYear(), month: instant.getUTCMonth() + 1, day: instant.getUTCDate() };
}

export function addDays(date: CivilDate, days: number): CivilDate {
  return fromDayNumber(dayNumber(date) + days);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The same date `months` later, or that month's last day when the date does not exist in it. */
export function addCalendarMonths(date: CivilDate, months: number): CivilDate {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: CivilDate): number {
  return new Date(dayNumber(date) * DAY_MS).getUTCDay();
}

export function isWeekend(date: CivilDate): boolean {
  const w = weekday(date);
  return w === 0 || w === 6;
}

export function compareCivil(a: CivilDate, b: CivilDate): number {
  return dayNumber(a) - dayNumber(b);
}

export function formatCivil(date: CivilDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

export function parseCivil(text: string): CivilDate {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) throw new Error(`not a YYYY-MM-DD date: ${text}`);
  const date = civil(Number(match[1]), Number(match[2]), Number(match[3]));
  if (formatCivil(fromDayNumber(dayNumber(date))) !== text) throw new Error(`no such date: ${text}`);
  return date;
}

/** The last instant of a civil day (UTC): a period "ends with the expiry of the last hour" of its last day. */
export function endOfDay(date: CivilDate): Date {
  return new Date((dayNumber(date) + 1) * DAY_MS - 1);
}
