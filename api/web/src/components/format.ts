const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const count = new Intl.NumberFormat();

/** API timestamps arrive as ISO strings. */
export const formatDateTime = (value: string | null | undefined) => (value ? dateTime.format(new Date(value)) : '—');
export const formatDay = (value: string | null | undefined) => (value ? day.format(new Date(value)) : '—');
export const formatCount = (value: number | null | undefined) =>
  value === null || value === undefined ? '—' : count.format(value);
