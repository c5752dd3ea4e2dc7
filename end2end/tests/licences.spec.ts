import { test, expect } from '@playwright/test';
import { USERS, failOnConsoleErrors, signIn } from './session';

// The licence register: an admin registers a client's licence, sees it in the overview by
// expiry, renews it with the vendor's invoice, and finds the re-invoiced line on the month's
// invoice so far; the client sees the licence with its key masked. Globex (EUR, reverse-charged)
// holds it, so the other journeys' figures stay as they are.

const KEY = 'EP-9876-5432-WXYZ';

test.describe('licence register', () => {
  failOnConsoleErrors();

  test('register a licence, renew it, and find the re-invoiced line on the month', async ({ page, browser }, testInfo) => {
    await signIn(page, USERS.admin);
    await page.goto('/accounts/globex/manage');
    await expect(page.locator('.account-page[data-hydrated="true"]')).toBeVisible();
    const register = page.locator('section#licences');
    await register.getByText('Register a licence').click();
    await register.getByLabel('Product').fill('Elementor Pro');
    await register.getByLabel('Vendor', { exact: true }).fill('Elementor');
    await register.getByLabel('Type').fill('Agency');
    await register.getByLabel('Seats or sites').fill('25');
    await register.getByLabel('Licence key').fill(KEY);
    await register.getByLabel('Purchased on').fill('2025-04-10');
    await register.getByLabel('Last valid day').fill('2026-04-09');
    await register.getByLabel('Renewal price').fill('199.00');
    await register.getByLabel('Currency').first().fill('USD');
    await register.getByRole('button', { name: 'Register the licence' }).click();
    const table = register.getByTestId('licences');
    await expect(table).toContainText('Elementor Pro');
    await expect(table).toContainText(KEY);
    await expect(table).toContainText('22 days left');
    await page.screenshot({ path: testInfo.outputPath('licence-registered.png'), fullPage: true });

    // The overview: expiring within 30 days.
    await page.goto('/licences?within=30');
    await expect(page.getByTestId('licence-overview')).toContainText('Globex');
    await expect(page.getByTestId('licence-overview')).toContainText('Elementor Pro');
    await page.screenshot({ path: testInfo.outputPath('licence-overview.png'), fullPage: true });

    // The client sees it among its prompts, key masked.
    const clientContext = await browser.newContext();
    const client = await clientContext.newPage();
    await signIn(client, USERS.globexClient);
    await client.goto('/accounts/globex');
    await expect(client.locator('[data-prompt="licence"]')).toContainText('Licence Elementor Pro expires on');
    await expect(client.getByTestId('licences')).toContainText('••••••••WXYZ');
    await expect(client.locator('body')).not.toContainText(KEY);

    // Renewing: the vendor's invoice in dollars, converted and marked up.
    await page.goto('/accounts/globex/manage');
    await expect(page.locator('.account-page[data-hydrated="true"]')).toBeVisible();
    const renew = page.locator('details[data-licence]').filter({ hasText: 'Renew Elementor Pro' });
    await renew.locator('summary').click();
    await renew.getByLabel("Vendor's invoice number").fill('INV-2026-311');
    await renew.getByLabel('Conversion rate').fill('0.92');
    await renew.getByLabel('Markup %').fill('10');
    await renew.getByRole('button', { name: 'Record the renewal' }).click();
    await expect(register.getByTestId('licences')).toContainText('9 Apr 2027');
    // Done: the editor folds and forgets what was typed, so nothing is one click from twice.
    const again = page.locator('details[data-licence]').filter({ hasText: 'Renew Elementor Pro' });
    await expect(again).not.toHaveAttribute('open', /.*/);
    await expect(page.getByTestId('audit')).toContainText('Licence renewed');
    await expect(page.getByTestId('audit')).toContainText('Cost re-invoiced');
    await page.screenshot({ path: testInfo.outputPath('licence-renewed.png'), fullPage: true });

    // 199.00 × 0.92 = 183.08, plus 10 % = 201.39, on this month's invoice so far.
    await client.goto('/accounts/globex');
    await expect(client.getByTestId('draft-costs')).toContainText('Elementor Pro licence renewal through 2027-04-09');
    await expect(client.getByTestId('draft-costs')).toContainText('€201.39');
    await expect(client.locator('[data-prompt="licence"]')).toHaveCount(0);
    await client.screenshot({ path: testInfo.outputPath('client-licences.png'), fullPage: true });
    await clientContext.close();
  });
});
