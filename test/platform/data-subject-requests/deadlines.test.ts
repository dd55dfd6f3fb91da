import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  addCalendarMonths,
  addDays,
  civil,
  civilDateOf,
  compareCivil,
  daysInMonth,
  formatCivil,
  isWeekend,
  parseCivil,
} from '../../../platform/data-subject-requests/civil-date';
import {
  computeDeadlines,
  dateWeWorkTo,
  decideExtension,
  dueInstant,
  workingDueAt,
} from '../../../platform/data-subject-requests/deadlines';
import {
  addWorkingDays,
  easterSunday,
  germanyCalendar,
  isHoliday,
  isWorkingDay,
  usFederalCalendar,
} from '../../../platform/data-subject-requests/holiday-calendars';

const at = (date: string) => new Date(`${date}T10:00:00Z`);

/**
 * Worked examples. Sources:
 * - ICO, "Right of access – time limits": received 3 September → respond by 3 October;
 *   no corresponding date → last day of the following month; weekend/holiday → next working day.
 * - EDPB Guidelines 01/2022 on the right of access, §159: received 5 March → until 5 April.
 * - Regulation (EEC, Euratom) 1182/71 Art. 3(2)(c) and 3(4).
 * - Cal. Code Regs. tit. 11 §7021 (10 business days to confirm, 45 days, one 45-day extension).
 */
const gdprExamples: Array<{ received: string; legalDue: string; why: string }> = [
  { received: '2024-03-05', legalDue: '2024-04-05', why: 'EDPB: 5 March → 5 April (a Friday)' },
  {
    received: '2024-09-03',
    legalDue: '2024-10-04',
    why: 'ICO: 3 September → 3 October, a German holiday (Unity Day) → 4 October',
  },
  { received: '2025-03-31', legalDue: '2025-04-30', why: 'ICO: 31 March has no 31 April → last day of April' },
  { received: '2024-01-31', legalDue: '2024-02-29', why: 'leap year: last day of February is the 29th' },
  { received: '2025-01-31', legalDue: '2025-02-28', why: 'common year: last day of February is the 28th' },
  { received: '2024-08-14', legalDue: '2024-09-16', why: '14 September 2024 is a Saturday → Monday' },
  { received: '2024-11-25', legalDue: '2024-12-27', why: '25 and 26 December are holidays → Friday 27th' },
  {
    received: '2026-03-05',
    legalDue: '2026-04-07',
    why: '5 April 2026 is Easter Sunday, 6 April Easter Monday → Tuesday',
  },
];

for (const example of gdprExamples) {
  test(`GDPR: received ${example.received} is due ${example.legalDue} (${example.why})`, () => {
    assert.equal(computeDeadlines('gdpr', at(example.received)).legalDue, example.legalDue);
  });
}

test('GDPR: the two-month extension runs three months from receipt, moved to a working day', () => {
  assert.equal(computeDeadlines('gdpr', at('2024-03-05')).extendedLegalDue, '2024-06-05');
  assert.equal(computeDeadlines('gdpr', at('2024-11-30')).extendedLegalDue, '2025-02-28');
});

test('CCPA: acknowledge in 10 business days skipping Thanksgiving, answer in 45 days, extend to 90', () => {
  const d = computeDeadlines('ccpa', at('2024-11-20'));
  assert.equal(d.acknowledgeBy, '2024-12-05');
  assert.equal(d.legalDue, '2025-01-04');
  assert.equal(d.extendedLegalDue, '2025-02-18');
});

test('in February the legal month is stricter than our 30-day promise; in March the promise is', () => {
  const feb = computeDeadlines('gdpr', at('2025-01-31'));
  assert.equal(feb.promisedDue, '2025-03-02');
  assert.equal(feb.workingDue, '2025-02-28');
  const mar = computeDeadlines('gdpr', at('2025-03-01'));
  assert.equal(mar.promisedDue, '2025-03-31');
  assert.equal(mar.legalDue, '2025-04-01');
  assert.equal(mar.workingDue, '2025-03-31');
});

test('the date we work to is an applied extension, else the earlier of promise and law, for dates and instants', () => {
  assert.equal(dateWeWorkTo({ promised: '2025-03-02', legal: '2025-02-28' }), '2025-02-28');
  assert.equal(dateWeWorkTo({ promised: '2025-03-31', legal: '2025-04-01' }), '2025-03-31');
  assert.equal(dateWeWorkTo({ promised: '2025-03-31', legal: '2025-04-01', extended: '2025-06-02' }), '2025-06-02');
  const promised = dueInstant('2025-03-02');
  const legal = dueInstant('2025-02-28');
  const extended = dueInstant('2025-04-30');
  assert.equal(workingDueAt({ promised_due_at: promised, legal_due_at: legal, extended_due_at: null }), legal);
  assert.equal(workingDueAt({ promised_due_at: promised, legal_due_at: legal, extended_due_at: extended }), extended);
  assert.equal(
    workingDueAt({
      promised_due_at: dueInstant('2025-03-31'),
      legal_due_at: dueInstant('2025-04-01'),
      extended_due_at: null,
    }).toISOString(),
    dueInstant('2025-03-31').toISOString(),
  );
});

test('an extension is refused after the first month, and a second one always', () => {
  const d = computeDeadlines('gdpr', at('2024-03-05'));
  assert.deepEqual(decideExtension(d, at('2024-04-05'), false), { allowed: true, newDue: '2024-06-05' });
  assert.equal(decideExtension(d, at('2024-04-06'), false).allowed, false);
  assert.equal(decideExtension(d, at('2024-03-10'), true).allowed, false);
  const c = computeDeadlines('ccpa', at('2024-11-20'));
  assert.equal(decideExtension(c, at('2025-01-05'), false).allowed, false);
});

test('holiday calendars: Easter dates and US observed holidays', () => {
  assert.equal(formatCivil(easterSunday(2024)), '2024-03-31');
  assert.equal(formatCivil(easterSunday(2025)), '2025-04-20');
  assert.equal(formatCivil(easterSunday(2026)), '2026-04-05');
  assert.ok(isHoliday(usFederalCalendar, civil(2026, 7, 3)), 'July 4th 2026 is a Saturday, observed Friday 3rd');
  assert.ok(isHoliday(usFederalCalendar, civil(2024, 11, 28)), 'Thanksgiving 2024');
  assert.ok(isHoliday(usFederalCalendar, civil(2021, 12, 31)), 'New Year 2022 (Saturday) observed on 31 December 2021');
  assert.ok(isHoliday(germanyCalendar, civil(2024, 5, 9)), 'Ascension 2024');
  assert.equal(dueInstant('2024-04-05').toISOString(), '2024-04-05T23:59:59.999Z');
});

// ----------------------------------------------------------------------------
// Properties over every day of three centuries.

const receipt = fc.date({
  min: new Date('1990-01-01T00:00:00Z'),
  max: new Date('2200-12-31T23:59:59Z'),
  noInvalidDate: true,
});
const jurisdiction = fc.constantFrom<'gdpr' | 'ccpa'>('gdpr', 'ccpa');

test('property: every due date falls after receipt, and the working due date is the earlier of promise and law', () => {
  fc.assert(
    fc.property(receipt, jurisdiction, (received, j) => {
      const d = computeDeadlines(j, received);
      assert.ok(d.receivedOn < d.acknowledgeBy && d.acknowledgeBy < d.legalDue && d.legalDue < d.extendedLegalDue);
      assert.equal(d.workingDue, d.promisedDue < d.legalDue ? d.promisedDue : d.legalDue);
    }),
  );
});

test('property: a GDPR deadline is a working day, on or after the calendar-month date, with only non-working days between', () => {
  fc.assert(
    fc.property(receipt, (received) => {
      const d = computeDeadlines('gdpr', received);
      const nominal = addCalendarMonths(civilDateOf(received), 1);
      const due = parseCivil(d.legalDue);
      assert.ok(isWorkingDay(germanyCalendar, due));
      assert.ok(compareCivil(due, nominal) >= 0);
      for (let day = nominal; compareCivil(day, due) < 0; day = addDays(day, 1)) {
        assert.ok(!isWorkingDay(germanyCalendar, day), `${formatCivil(day)} is a working day before the due date`);
      }
      // Never more than a long weekend plus Easter/Christmas holidays away.
      assert.ok(compareCivil(due, nominal) <= 4);
    }),
  );
});

test('property: the calendar month keeps the day of month, or clamps it to the last day', () => {
  fc.assert(
    fc.property(receipt, fc.integer({ min: 1, max: 3 }), (received, months) => {
      const from = civilDateOf(received);
      const to = addCalendarMonths(from, months);
      assert.equal(to.year * 12 + to.month - (from.year * 12 + from.month), months);
      assert.equal(to.day, Math.min(from.day, daysInMonth(to.year, to.month)));
    }),
  );
});

test('property: CCPA acknowledgement is exactly 10 business days later and a business day itself', () => {
  fc.assert(
    fc.property(receipt, (received) => {
      const d = computeDeadlines('ccpa', received);
      const ack = parseCivil(d.acknowledgeBy);
      assert.ok(isWorkingDay(usFederalCalendar, ack));
      assert.ok(!isWeekend(ack));
      assert.equal(formatCivil(addWorkingDays(usFederalCalendar, civilDateOf(received), 10)), d.acknowledgeBy);
      const span = compareCivil(ack, civilDateOf(received));
      assert.ok(span >= 12 && span <= 18, `10 business days span ${span} calendar days`);
    }),
  );
});

test('property: an extension is allowed exactly when notice is given by the legal due date, once', () => {
  fc.assert(
    fc.property(
      receipt,
      jurisdiction,
      fc.integer({ min: 0, max: 120 }),
      fc.boolean(),
      (received, j, after, extended) => {
        const d = computeDeadlines(j, received);
        const notice = new Date(received.getTime() + after * 86_400_000);
        const decision = decideExtension(d, notice, extended);
        const inTime = formatCivil(civilDateOf(notice)) <= d.legalDue;
        assert.equal(decision.allowed, inTime && !extended);
      },
    ),
  );
});
