import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';

export interface BrowserAccount {
  email: string;
  password: string;
}

/** Signs up through the sign-up page, as a new customer would; the page ends on the overview. */
export async function signUpInBrowser(page: Page, label: string): Promise<BrowserAccount> {
  const account = {
    email: `${label}-${randomBytes(4).toString('hex')}@example.test`,
    password: 'correct horse battery',
  };
  await page.goto('/signup');
  await page.getByLabel('Organisation').fill(`${label} Ltd`);
  await page.getByLabel('Your name').fill('Ada Lovelace');
  await page.getByLabel('E-mail address').fill(account.email);
  await page.getByLabel(/^Password/).fill(account.password);
  await page.getByLabel(/I am 16 or older/).check();
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  return account;
}

/** Signs in through the sign-in page. */
export async function signInInBrowser(page: Page, account: BrowserAccount): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('E-mail address').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Creates an API key on the API keys page and copies its secret, shown this once. */
export async function createKeyInBrowser(page: Page, name: string): Promise<string> {
  await page.getByLabel('Key name').fill(name);
  await page.getByRole('button', { name: 'Create key' }).click();
  await page.getByText(`Copy the key “${name}” now`).waitFor();
  return (await page.locator('#new-key-secret').textContent()) ?? '';
}
