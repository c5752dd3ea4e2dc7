import { test, expect, type Page } from '@playwright/test';
import { USERS, failOnConsoleErrors, signIn } from './session';

// Changing prices (README "Changing prices"): an admin raises a pack tier's rate on the catalog
// page; the client sees the new price when ordering, and the invoice of the pack ordered before
// keeps the old one. Globex (EUR, reverse-charged) orders, so the other journeys' figures stay.

async function orderBlock(page: Page): Promise<string> {
  await page.goto('/accounts/globex/packs');
  await expect(page.locator('.account-page[data-hydrated="true"]')).toBeVisible();
  await page.getByLabel('Pack', { exact: true }).selectOption('block-10');
  const total = (await page.getByTestId('order-total').textContent()) ?? '';
  await page.getByRole('button', { name: 'Order and get the invoice' }).click();
  const ordered = page.getByRole('status').filter({ hasText: 'Ordered' });
  await expect(ordered).toContainText('is issued');
  const number = (await ordered.textContent())?.match(/\d{4}-\d{6}/)?.[0] ?? '';
  expect(number).not.toBe('');
  return `${number} ${total}`;
}

test.describe('changing prices', () => {
  failOnConsoleErrors();

  test('an admin raises a tier price; the next order pays it, the earlier invoice keeps its own', async ({
    page,
    browser,
  }, testInfo) => {
    const clientContext = await browser.newContext();
    const client = await clientContext.newPage();
    await signIn(client, USERS.globexClient);
    const [before, beforeTotal] = (await orderBlock(client)).split(' ', 2);
    expect(beforeTotal).toContain('550.00');

    await signIn(page, USERS.admin);
    await page.goto('/catalog');
    const eur = page.locator('section[data-currency="EUR"]');
    await expect(eur.getByRole('heading', { level: 2 })).toHaveText('EUR — version 1');
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: testInfo.outputPath('catalog-before.png'), fullPage: true });
    const row = eur.locator('details[data-tier="block-10"]');
    await row.locator('summary').click();
    // A bad rate is named next to its field and saves nothing.
    await row.getByLabel('Hourly rate').fill('fifty');
    await row.getByRole('button', { name: 'Save the tier' }).click();
    await expect(row.locator('.field.has-error')).toContainText('Write a number');
    await page.screenshot({ path: testInfo.outputPath('catalog-refused.png'), fullPage: true });
    await row.getByLabel('Hourly rate').fill('57.50');
    await row.getByRole('button', { name: 'Save the tier' }).click();
    await expect(page.getByTestId('catalog-saved')).toHaveText('Saved: the EUR catalog is now version 2.');
    await expect(eur.getByRole('heading', { level: 2 })).toHaveText('EUR — version 2');
    await expect(eur.getByTestId('tiers').locator('tr[data-tier="block-10"]')).toContainText('57.50');
    // The save is in the audit trail.
    await page.goto('/people');
    await expect(page.getByTestId('audit')).toContainText('Catalog saved');

    // The client's next order is priced at 57.50/h; the first invoice still says 550.00.
    const [after, afterTotal] = (await orderBlock(client)).split(' ', 2);
    expect(afterTotal).toContain('575.00');
    expect(after).not.toBe(before);
    await client.goto(`/invoices/${before}`);
    await expect(client.locator('main')).toContainText('550.00');
    await expect(client.locator('main')).not.toContainText('575.00');
    await client.goto(`/invoices/${after}`);
    await expect(client.locator('main')).toContainText('575.00');
    await client.screenshot({ path: testInfo.outputPath('client-new-price.png'), fullPage: true });
    await clientContext.close();
  });

  test("an admin changes an account's VAT from a later month; today's figures stay", async ({ page }, testInfo) => {
    await signIn(page, USERS.admin);
    await page.goto('/accounts/globex/manage');
    await expect(page.locator('.account-page[data-hydrated="true"]')).toBeVisible();
    const panel = page.locator('#terms');
    await expect(panel).toContainText('0 % — reverse charge');
    // The open month is refused, named at its field; nothing is scheduled.
    await panel.getByLabel('From').fill('2026-03');
    await panel.getByLabel('VAT rate %').fill('9.5');
    await panel.getByLabel('Reverse charge').uncheck();
    await panel.getByRole('button', { name: 'Save terms' }).click();
    await expect(panel.locator('.field.has-error')).toContainText('1 Apr 2026 at the earliest');
    await expect(panel.locator('ul.scheduled li')).toHaveCount(0);
    await panel.getByLabel('From').fill('2026-05');
    await panel.getByRole('button', { name: 'Save terms' }).click();
    await expect(panel.getByRole('status')).toContainText('Saved');
    await expect(panel.locator('ul.scheduled li')).toHaveText(/9\.5 % \(this account's\)/);
    // Today's terms are unchanged.
    await expect(panel.locator('dl.terms')).toContainText('0 % — reverse charge');
    await expect(page.getByTestId('audit')).toContainText('VAT and rates changed');
    await panel.screenshot({ path: testInfo.outputPath('account-terms.png') });
    await page.setViewportSize({ width: 375, height: 740 });
    await panel.screenshot({ path: testInfo.outputPath('account-terms-phone.png') });
  });
});
