import { test, expect } from '@playwright/test';
import { USERS, failOnConsoleErrors, signIn } from './session';

// scripts/test serves a fresh database with HOURBANK_TODAY=2026-03-18. Seeding closed February
// for both accounts: Acme's invoice is 2026-000001 (plan L fee 100.00 + 22 % VAT = 122.00, the
// 90 min of support inside the 120 included), Globex's 2026-000002 (reverse charge, 89.17).
const ACME_INVOICE = '2026-000001';
const GLOBEX_INVOICE = '2026-000002';

test.describe('sign-in and tenancy', () => {
  failOnConsoleErrors();

  test('a wrong password is refused next to the form', async ({ page }, testInfo) => {
    // Not signed in: every page sends the visitor to the sign-in page.
    await page.goto('/');
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.locator('form.sign-in-form[data-hydrated="true"]')).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('sign-in.png'), fullPage: true });

    await page.getByLabel('Email').fill(USERS.acmeClient.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText('Wrong email or password.');
    await expect(page.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
    await expect(page).toHaveURL(/\/sign-in$/);
    // An unknown user gets the very same answer.
    await page.getByLabel('Email').fill('nobody@acme.example');
    const answered = page.waitForResponse((r) => r.url().includes('/api/sign_in'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect((await answered).status()).toBe(401);
    await expect(page.getByRole('alert')).toHaveText('Wrong email or password.');

    await page.screenshot({ path: testInfo.outputPath('sign-in-error.png'), fullPage: true });
    await testInfo.attach('sign-in-error', {
      path: testInfo.outputPath('sign-in-error.png'),
      contentType: 'image/png',
    });
  });

  test('too many failed sign-ins are rate-limited', async ({ page }) => {
    await page.goto('/sign-in');
    await expect(page.locator('form.sign-in-form[data-hydrated="true"]')).toBeVisible();
    await page.getByLabel('Email').fill('ratelimit@agency.example');
    const alert = page.getByRole('alert');
    // Five failures per email address in 15 minutes; the sixth attempt is not even checked.
    for (let i = 1; i <= 5; i++) {
      await page.getByLabel('Password').fill(`wrong-${i}`);
      const answered = page.waitForResponse((r) => r.url().includes('/api/sign_in'));
      await page.getByRole('button', { name: 'Sign in' }).click();
      expect((await answered).status()).toBe(401);
      await expect(alert).toHaveText('Wrong email or password.');
    }
    await page.getByLabel('Password').fill('wrong-6');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(alert).toContainText('Too many failed sign-ins');
    await expect(alert).toContainText('15 minutes');
  });

  test('a client sees only its own account and invoices', async ({ page }, testInfo) => {
    await signIn(page, USERS.acmeClient);
    const banner = page.getByRole('banner');
    await expect(banner).toContainText('Petra Acme');
    // Acme's locale is de-DE: its client reads the pages in German until choosing another.
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(banner).toContainText('Kunde');
    // Choosing a language reloads the page in it.
    let reloaded = page.waitForEvent('load');
    await banner.getByRole('combobox', { name: 'Sprache' }).selectOption('sl');
    await reloaded;
    await expect(page.locator('html')).toHaveAttribute('lang', 'sl');
    await expect(banner).toContainText('Stranka');
    await expect(banner).toContainText('Odjava');
    reloaded = page.waitForEvent('load');
    await banner.getByRole('combobox', { name: 'Jezik' }).selectOption('de');
    await reloaded;
    await expect(banner).toContainText('Abmelden');
    // Remembered: the next page is in it too.
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');

    // Only Acme on the accounts page.
    const accounts = page.locator('main table tbody tr');
    await expect(accounts).toHaveCount(1);
    await expect(accounts).toContainText('Acme GmbH');
    await expect(page.locator('main')).not.toContainText('Globex');
    await page.screenshot({ path: testInfo.outputPath('accounts-client.png'), fullPage: true });

    // The dashboard, read-only for a client, with its invoices; in German, amounts as de-DE
    // writes them.
    await page.getByRole('link', { name: 'Acme GmbH' }).click();
    await expect(page).toHaveURL(/\/accounts\/acme$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Acme GmbH');
    await expect(page.getByRole('heading', { name: 'Arbeit erfassen' })).toHaveCount(0);
    await expect(page.locator('.tabs')).toContainText('Angebote');
    const invoices = page.getByTestId('invoices');
    await expect(invoices).toContainText(ACME_INVOICE);
    await expect(invoices).toContainText('Februar 2026');
    await expect(invoices).toContainText('01.03.2026');
    await expect(invoices).toContainText('122,00 €');
    await page.screenshot({ path: testInfo.outputPath('work-log-client.png'), fullPage: true });

    // Acme's invoice: every line with its ticket, VAT per rate, totals and the summary.
    await invoices.getByRole('link', { name: ACME_INVOICE, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/invoices/${ACME_INVOICE}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(ACME_INVOICE);
    const invoice = page.getByTestId('invoice');
    await expect(invoice).toContainText('Acme Software GmbH');
    await expect(invoice).toContainText('Ausstellungsdatum');
    await expect(invoice).toContainText('01.03.2026');
    const lines = page.getByTestId('invoice-lines');
    await expect(lines.locator('tbody tr')).toHaveCount(3);
    await expect(lines).toContainText('Plan Maintenance L');
    await expect(
      lines.getByRole('link', { name: 'Renew TLS certificate for shop.acme.example' }),
    ).toHaveAttribute('href', 'https://tickets.acme.example/T-1041');
    await expect(
      lines.getByRole('link', { name: 'Investigate slow checkout page' }),
    ).toHaveAttribute('href', 'https://tickets.acme.example/T-1056');
    await expect(page.getByTestId('invoice-vat')).toContainText('22 %');
    const totals = page.getByTestId('invoice-totals');
    await expect(totals).toContainText('100,00 €');
    await expect(totals).toContainText('22,00 €');
    await expect(totals.locator('.grand')).toContainText('122,00 €');
    const summary = page.getByTestId('invoice-summary');
    await expect(summary).toContainText('Genutzte inklusive Stunden');
    await expect(summary).toContainText('1 h 30 min');
    await expect(summary).toContainText('30 min');
    await expect(page.getByTestId('vat-note')).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath('invoice-acme.png'), fullPage: true });
    await testInfo.attach('invoice-acme', {
      path: testInfo.outputPath('invoice-acme.png'),
      contentType: 'image/png',
    });

    // Globex's invoice by its number: exactly like a number that does not exist.
    const response = await page.goto(`/invoices/${GLOBEX_INVOICE}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Seite nicht gefunden');
    const body = page.locator('body');
    for (const secret of ['Globex', 'G-77', 'Mail delivery', '89.17', 'Reverse charge']) {
      await expect(body).not.toContainText(secret);
    }
    expect(await page.content()).not.toMatch(/Globex|G-77|89\.17/);
    await page.screenshot({ path: testInfo.outputPath('invoice-other-tenant.png'), fullPage: true });
    await testInfo.attach('invoice-other-tenant', {
      path: testInfo.outputPath('invoice-other-tenant.png'),
      contentType: 'image/png',
    });
    // The same for a number that was never issued, and for Globex's work log.
    expect((await page.goto('/invoices/2026-999999'))?.status()).toBe(404);
    expect((await page.goto('/accounts/globex/work'))?.status()).toBe(404);
    await expect(page.locator('body')).not.toContainText('Globex');

    // Sign out: back to the sign-in page, and the pages are closed again.
    await page.goto('/');
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.getByRole('banner')).not.toContainText('Petra Acme');
    await page.goto(`/invoices/${ACME_INVOICE}`);
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test('the other client sees its reverse-charge invoice', async ({ page }, testInfo) => {
    await signIn(page, USERS.globexClient);
    await expect(page.locator('main table tbody tr')).toHaveCount(1);
    await expect(page.locator('main')).not.toContainText('Acme');
    await page.goto(`/invoices/${GLOBEX_INVOICE}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(GLOBEX_INVOICE);
    const lines = page.getByTestId('invoice-lines');
    await expect(lines.getByRole('link', { name: 'Mail delivery delays' }).first()).toHaveAttribute(
      'href',
      'https://tickets.globex.example/G-77',
    );
    await expect(page.getByTestId('invoice-vat')).toContainText('0 %');
    await expect(page.getByTestId('invoice-totals').locator('.grand')).toContainText('€89.17');
    await expect(page.getByTestId('vat-note')).toContainText('Reverse charge');
    await page.screenshot({ path: testInfo.outputPath('invoice-globex.png'), fullPage: true });
    expect((await page.goto(`/invoices/${ACME_INVOICE}`))?.status()).toBe(404);
  });
  test('a credit note shows the invoice it corrects', async ({ page }, testInfo) => {
    // The agency re-marks Globex's closed February entry as its own bug: the 35 min of
    // overage (29.17) are credited back on a credit note that corrects 2026-000002.
    await signIn(page, USERS.admin);
    const remarked = await page.request.post('/api/remark_entry', {
      form: { account_id: 'globex', entry: 'e2', kind: 'bug', submission: 'e2e-remark-globex-e2' },
    });
    expect(remarked.status()).toBe(200);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in$/);

    await signIn(page, USERS.globexClient);
    await page.goto('/accounts/globex/work');
    const invoices = page.getByTestId('invoices');
    await expect(invoices).toContainText('Credit note');
    await expect(invoices).toContainText(`corrects ${GLOBEX_INVOICE}`);
    await invoices.getByRole('link', { name: 'CN-2026-000001', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('CN-2026-000001');
    const refersTo = page.getByTestId('refers-to');
    await expect(refersTo).toContainText(`corrects invoice ${GLOBEX_INVOICE}`);
    await expect(page.getByTestId('invoice-totals').locator('.grand')).toContainText('−€29.17');
    await expect(page.getByTestId('vat-note')).toContainText('Reverse charge');
    await page.screenshot({ path: testInfo.outputPath('credit-note.png'), fullPage: true });
    await refersTo.getByRole('link', { name: `invoice ${GLOBEX_INVOICE}` }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(GLOBEX_INVOICE);
  });
});

test.describe('sign-in without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a plain form post signs in and out', async ({ page }) => {
    await signIn(page, USERS.acmeClient, { javaScript: false });
    await expect(page.getByRole('banner')).toContainText('Petra Acme');
    await page.goto(`/invoices/${ACME_INVOICE}`);
    await expect(page.getByTestId('invoice-totals').locator('.grand')).toContainText('122,00 €');
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test('a wrong password is refused without JavaScript too', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(USERS.globexClient.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The server puts the refusal into the redirect back to the form.
    await expect(page).toHaveURL(/\/sign-in\?/);
    await expect(page.getByRole('alert')).toHaveText('Wrong email or password.');
    await expect(page.getByLabel('Email')).toBeVisible();
  });
});

test.describe('content security policy', () => {
  failOnConsoleErrors();

  test('every page hydrates under the policy without a violation', async ({ page }) => {
    // Collect violations from the first script on; the console guard catches them too.
    await page.addInitScript(() => {
      (window as unknown as { cspViolations: string[] }).cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { cspViolations: string[] }).cspViolations.push(
          `${e.violatedDirective} ${e.blockedURI}`,
        );
      });
    });
    const response = await page.goto('/sign-in');
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self' 'nonce-");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response?.headers()['x-content-type-options']).toBe('nosniff');
    await signIn(page, USERS.admin);
    for (const path of [
      '/',
      '/accounts/acme',
      '/accounts/initech',
      '/accounts/initech/work',
      '/accounts/initech/packs',
      '/accounts/initech/quotes',
      '/accounts/acme/manage',
      '/month-end',
      '/payouts',
      '/invoices/2026-000001',
    ]) {
      await page.goto(path);
      await expect(page.locator('button', { hasText: 'Sign out' })).toBeVisible();
      if (path.startsWith('/accounts/')) {
        // The WASM module ran: the account frame marks itself hydrated.
        await expect(page.locator('.account-page[data-hydrated="true"]')).toBeVisible();
      }
      await page.waitForLoadState('networkidle');
      const violations = await page.evaluate(
        () => (window as unknown as { cspViolations: string[] }).cspViolations,
      );
      expect(violations, `CSP violations on ${path}`).toEqual([]);
    }
  });
});

test.describe('pack orders', () => {
  failOnConsoleErrors();

  test('the agency cancels an unpaid order: a credit note reverses its invoice', async ({
    page,
  }, testInfo) => {
    await signIn(page, USERS.admin);
    await page.goto('/accounts/initech/packs');
    await expect(page.locator('.account-page[data-hydrated="true"]')).toBeVisible();
    await page.getByLabel('Pack', { exact: true }).selectOption('block-10');
    await page.getByRole('button', { name: 'Order and get the invoice' }).click();
    const ordered = page.getByRole('status').filter({ hasText: 'Ordered' });
    await expect(ordered).toContainText('is issued');
    const number = (await ordered.textContent())?.match(/\d{4}-\d{6}/)?.[0] ?? '';
    expect(number).not.toBe('');
    const row = page.getByTestId('orders').locator('tr', { hasText: number });
    await expect(row).toContainText('Pending payment');
    await expect(row).toContainText('£696.00');

    // It asks first, and says what it will issue.
    await row.getByText('Cancel order').click();
    await expect(row.locator('.confirm-panel')).toContainText(
      'This issues a credit note of −£696.00 that reverses the order',
    );
    await row.getByRole('button', { name: 'Cancel the order' }).click();
    const cancelled = page.getByRole('status').filter({ hasText: 'Order cancelled' });
    await expect(cancelled).toHaveText(/Order cancelled: credit note CN-2026-\d{6} issued\./);
    await expect(row).toContainText('Cancelled');
    await expect(row.getByRole('button', { name: 'Record payment' })).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath('order-cancelled.png'), fullPage: true });

    const note = (await cancelled.textContent())?.match(/CN-2026-\d{6}/)?.[0] ?? '';
    await page.goto(`/invoices/${note}`);
    await expect(page.getByTestId('refers-to')).toContainText(`corrects invoice ${number}`);
    await expect(page.getByTestId('invoice-totals').locator('.grand')).toContainText('−£696.00');
  });
});
