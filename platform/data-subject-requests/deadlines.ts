import {
  addCalendarMonths,
  addDays,
  type CivilDate,
  civilDateOf,
  endOfDay,
  formatCivil,
  parseCivil,
} from './civil-date';
import {
  addWorkingDays,
  holidayCalendars,
  type HolidayCalendar,
  type HolidayCalendarId,
  nextWorkingDayFrom,
} from './holiday-calendars';

/**
 * Due dates of data-subject requests. Pure: the same receipt gives the same
 * dates, so the API, the workflow and the tests agree.
 *
 * GDPR (Art. 12(3)) with Regulation 1182/71 Art. 3: the day of receipt is not
 * counted; a period of months ends on the same date of the last month, or on
 * that month's last day when the date does not exist; a period ending on a
 * Saturday, Sunday or public holiday ends with the next working day.
 * CCPA (Cal. Code Regs. tit. 11 §7021): acknowledge within 10 business days,
 * answer within 45 calendar days, one further 45 days with notice.
 * Our policy promises 30 calendar days; we work to the earlier of promise and law.
 */
export type Jurisdiction = 'gdpr' | 'ccpa';

export const PROMISED_RESPONSE_DAYS = 30;
export const CCPA_ACKNOWLEDGE_BUSINESS_DAYS = 10;
export const CCPA_RESPONSE_DAYS = 45;
export const CCPA_EXTENSION_DAYS = 45;
export const GDPR_RESPONSE_MONTHS = 1;
export const GDPR_EXTENSION_MONTHS = 2;

/** The calendar each jurisdiction's working days come from. */
export const calendarFor: Record<Jurisdiction, HolidayCalendarId> = { gdpr: 'de', ccpa: 'us' };

export interface RequestDeadlines {
  jurisdiction: Jurisdiction;
  receivedOn: string;
  /** Last day to acknowledge receipt (CCPA: 10 business days; GDPR: we acknowledge on the same terms). */
  acknowledgeBy: string;
  /** 30 calendar days from receipt, as our privacy policy promises. */
  promisedDue: string;
  /** The law's deadline without extension. */
  legalDue: string;
  /** The law's deadline if extended (only allowed with notice before legalDue). */
  extendedLegalDue: string;
  /** The earlier of promisedDue and legalDue: what we work to. */
  workingDue: string;
}

export interface DueDates<T> {
  /** Our privacy policy's promise: 30 calendar days from receipt. */
  promised: T;
  /** The law's deadline without extension. */
  legal: T;
  /** The law's extended deadline, once an extension has been applied. */
  extended?: T | null;
}

/**
 * The date we work to: an applied extension's deadline, otherwise the earlier
 * of our promise and the law. The one statement of the rule, for instants and
 * for civil dates ("YYYY-MM-DD", whose text order is their date order);
 * WORKING_DUE_SQL is the same rule for ordering in the database.
 */
export function dateWeWorkTo<T extends Date | string>({ promised, legal, extended }: DueDates<T>): T {
  return extended ?? (promised <= legal ? promised : legal);
}

/** dateWeWorkTo over the columns of data_subject_requests, for ORDER BY. */
export const WORKING_DUE_SQL = 'coalesce(extended_due_at, least(promised_due_at, legal_due_at))';

/** dateWeWorkTo of a stored request. */
export function workingDueAt(row: { promised_due_at: Date; legal_due_at: Date; extended_due_at: Date | null }): Date {
  return dateWeWorkTo({ promised: row.promised_due_at, legal: row.legal_due_at, extended: row.extended_due_at });
}

function gdprMonths(calendar: HolidayCalendar, receivedOn: CivilDate, months: number): CivilDate {
  return nextWorkingDayFrom(calendar, addCalendarMonths(receivedOn, months));
}

export function computeDeadlines(
  jurisdiction: Jurisdiction,
  receivedAt: Date,
  calendar: HolidayCalendar = holidayCalendars[calendarFor[jurisdiction]],
): RequestDeadlines {
  const receivedOn = civilDateOf(receivedAt);
  const promisedDue = addDays(receivedOn, PROMISED_RESPONSE_DAYS);
  const acknowledgeBy = addWorkingDays(calendar, receivedOn, CCPA_ACKNOWLEDGE_BUSINESS_DAYS);
  const legalDue =
    jurisdiction === 'gdpr'
      ? gdprMonths(calendar, receivedOn, GDPR_RESPONSE_MONTHS)
      : addDays(receivedOn, CCPA_RESPONSE_DAYS);
  const extendedLegalDue =
    jurisdiction === 'gdpr'
      ? gdprMonths(calendar, receivedOn, GDPR_RESPONSE_MONTHS + GDPR_EXTENSION_MONTHS)
      : addDays(receivedOn, CCPA_RESPONSE_DAYS + CCPA_EXTENSION_DAYS);
  return {
    jurisdiction,
    receivedOn: formatCivil(receivedOn),
    acknowledgeBy: formatCivil(acknowledgeBy),
    promisedDue: formatCivil(promisedDue),
    legalDue: formatCivil(legalDue),
    extendedLegalDue: formatCivil(extendedLegalDue),
    workingDue: dateWeWorkTo({ promised: formatCivil(promisedDue), legal: formatCivil(legalDue) }),
  };
}

export type ExtensionDecision = { allowed: true; newDue: string } | { allowed: false; reason: string };

/**
 * Whether an extension told to the subject at `noticeAt` is lawful: GDPR only
 * within the first month (Art. 12(3)), CCPA only within the first 45 days, and
 * only once.
 */
export function decideExtension(
  deadlines: RequestDeadlines,
  noticeAt: Date,
  alreadyExtended: boolean,
): ExtensionDecision {
  if (alreadyExtended) return { allowed: false, reason: 'the request has already been extended once' };
  const noticeOn = formatCivil(civilDateOf(noticeAt));
  if (noticeOn > deadlines.legalDue) {
    return {
      allowed: false,
      reason:
        deadlines.jurisdiction === 'gdpr'
          ? 'GDPR allows an extension only if the subject is told within the first month'
          : 'CCPA allows an extension only with notice within the first 45 days',
    };
  }
  return { allowed: true, newDue: deadlines.extendedLegalDue };
}

/** The instant a due date expires: the end of its last day. */
export function dueInstant(date: string): Date {
  return endOfDay(parseCivil(date));
}
