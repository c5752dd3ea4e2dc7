import { test, expect, type Page } from '@playwright/test';

// The demo users seeded on a fresh database (README "Demo data"; passwords for the demo only).
export const USERS = {
  admin: { email: 'admin@agency.example', password: 'demo-admin-2026', name: 'Alex Meyer' },
  dana: { email: 'dana@agency.example', password: 'demo-tech-2026', name: 'Dana Weber' },
  luca: { email: 'luca@agency.example', password: 'demo-tech-2026', name: 'Luca Rossi' },
  initechClient: {
    email: 'client@initech.example',
    password: 'demo-client-2026',
    name: 'Peter Gibbons',
  },
  acmeClient: { email: 'client@acme.example', password: 'demo-client-2026', name: 'Petra Acme' },
  globexClient: {
    email: 'client@globex.example',
    password: 'demo-client-2026',
    name: 'Hank Globex',
  },
};

// Browsers log every 4xx answer as a console error; these are expected: 401 (not signed in,
// wrong password), 404 (another tenant's number), 409 (a token name already in use), 422 (a
// refused entry), 429 (rate limit).
export const EXPECTED_STATUS = /status of (401|404|409|422|429)/;

/**
 * Sign in through the form and land on the accounts page. With JavaScript, wait until the page
 * is hydrated (the form then posts in the background); without, it is a plain form post.
 */
export async function signIn(
  page: Page,
  user: { email: string; password: string },
  { javaScript = true } = {},
) {
  await page.goto('/sign-in');
  if (javaScript) {
    await expect(page.locator('form.sign-in-form[data-hydrated="true"]')).toBeVisible();
  }
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/$/);
  // The accounts page, in the user's language.
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

/**
 * Fail the test on any browser console error or uncaught page error (except the expected
 * 4xx answers). Call once inside a `test.describe`.
 */
export function failOnConsoleErrors() {
  let errors: string[] = [];
  test.beforeEach(async ({ page }) => {
    errors = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !EXPECTED_STATUS.test(m.text())) errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
  });
  test.afterEach(async () => {
    expect(errors, 'no errors in the browser console').toEqual([]);
  });
}
