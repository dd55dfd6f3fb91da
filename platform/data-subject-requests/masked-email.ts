/**
 * A subject's e-mail address as the operator console shows it until revealed:
 * the first character of the local part and the domain (`j***@example.com`),
 * enough to tell requests apart without exposing the address.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}
