import { addDays, civil, type CivilDate, daysInMonth, formatCivil, isWeekend, weekday } from './civil-date';

/**
 * Public holidays per jurisdiction. A deadline that falls on one moves to the
 * next working day (GDPR, Reg. 1182/71 Art. 3(4)); CCPA business days skip them.
 * Rules, not lists, so every year is covered.
 */
export interface HolidayCalendar {
  id: string;
  name: string;
  holidaysOf(year: number): CivilDate[];
}

/** Gregorian Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): CivilDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return civil(year, month, day);
}

/** The n-th given weekday of a month (n = -1: the last one). */
function nthWeekday(year: number, month: number, wd: number, n: number): CivilDate {
  if (n > 0) {
    const first = civil(year, month, 1);
    const offset = (wd - weekday(first) + 7) % 7;
    return addDays(first, offset + (n - 1) * 7);
  }
  const lastDay = civil(year, month, daysInMonth(year, month));
  const offset = (weekday(lastDay) - wd + 7) % 7;
  return addDays(lastDay, -offset);
}

/** US federal rule: a holiday on Saturday is observed on Friday, on Sunday on Monday. */
function observed(date: CivilDate): CivilDate {
  const w = weekday(date);
  if (w === 6) return addDays(date, -1);
  if (w === 0) return addDays(date, 1);
  return date;
}

/** Germany, nationwide holidays (our EU establishment's calendar for GDPR periods). */
export const germanyCalendar: HolidayCalendar = {
  id: 'de',
  name: 'Germany (nationwide public holidays)',
  holidaysOf(year) {
    const easter = easterSunday(year);
    return [
      civil(year, 1, 1),
      addDays(easter, -2), // Good Friday
      addDays(easter, 1), // Easter Monday
      civil(year, 5, 1),
      addDays(easter, 39), // Ascension
      addDays(easter, 50), // Whit Monday
      civil(year, 10, 3),
      civil(year, 12, 25),
      civil(year, 12, 26),
    ];
  },
};

/** United States federal holidays as observed (CCPA business days). */
export const usFederalCalendar: HolidayCalendar = {
  id: 'us',
  name: 'United States (federal holidays, observed)',
  holidaysOf(year) {
    return [
      observed(civil(year, 1, 1)),
      nthWeekday(year, 1, 1, 3), // Martin Luther King Jr. Day
      nthWeekday(year, 2, 1, 3), // Washington's Birthday
      nthWeekday(year, 5, 1, -1), // Memorial Day
      observed(civil(year, 6, 19)),
      observed(civil(year, 7, 4)),
      nthWeekday(year, 9, 1, 1), // Labor Day
      nthWeekday(year, 10, 1, 2), // Columbus Day
      observed(civil(year, 11, 11)),
      nthWeekday(year, 11, 4, 4), // Thanksgiving
      observed(civil(year, 12, 25)),
    ];
  },
};

export const holidayCalendars = { de: germanyCalendar, us: usFederalCalendar } as const;
export type HolidayCalendarId = keyof typeof holidayCalendars;

const cache = new Map<string, Set<string>>();

export function isHoliday(calendar: HolidayCalendar, date: CivilDate): boolean {
  const key = `${calendar.id}:${date.year}`;
  let days = cache.get(key);
  if (!days) {
    // Observed dates can spill into the neighbouring year (1 January on a Saturday).
    days = new Set(
      [date.year - 1, date.year, date.year + 1]
        .flatMap((y) => calendar.holidaysOf(y))
        .filter((d) => d.year === date.year)
        .map(formatCivil),
    );
    cache.set(key, days);
  }
  return days.has(formatCivil(date));
}

export function isWorkingDay(calendar: HolidayCalendar, date: CivilDate): boolean {
  return !isWeekend(date) && !isHoliday(calendar, date);
}

/** The date itself when it is a working day, else the next working day. */
export function nextWorkingDayFrom(calendar: HolidayCalendar, date: CivilDate): CivilDate {
  let current = date;
  while (!isWorkingDay(calendar, current)) current = addDays(current, 1);
  return current;
}

/** `count` working days after `date` (the start day is not counted). */
export function addWorkingDays(calendar: HolidayCalendar, date: CivilDate, count: number): CivilDate {
  let current = date;
  let remaining = count;
  while (remaining > 0) {
    current = addDays(current, 1);
    if (isWorkingDay(calendar, current)) remaining -= 1;
  }
  return current;
}
