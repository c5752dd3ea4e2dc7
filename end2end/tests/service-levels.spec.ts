import { test, expect } from '@playwright/test';
import { USERS, failOnConsoleErrors, signIn } from './session';

// Service levels (README "Service levels"): the demo agency's calendar and targets are on the
// page; an admin's mistyped target is named at its field and saves nothing; a change saves; Acme's
// client reads its figures on the dashboard (this month and the last twelve, chart and table).
// SLA figures only: no billing number changes.

test.describe('service levels', () => {
  failOnConsoleErrors();

  test('an admin sets the targets and the client reads its figures', async ({ page, browser }, testInfo) => {
    await signIn(page, USERS.admin);
    await page.goto('/service-levels');
    await page.waitForLoadState('networkidle');
    await expect(page.getByLabel('Time zone')).toHaveValue('Europe/Berlin');
    await expect(page.getByLabel('Maintenance L: Response')).toHaveValue('12 h');
    await page.screenshot({ path: testInfo.outputPath('service-levels.png'), fullPage: true });

    await page.getByLabel('Maintenance L: Response').fill('soon');
    await page.getByRole('button', { name: 'Save service levels' }).click();
    await expect(page.locator('td.has-error')).toContainText('Write the time as');
    await page.getByLabel('Maintenance L: Response').fill('10');
    await page.getByRole('button', { name: 'Save service levels' }).click();
    await expect(page.getByRole('status')).toContainText('Service levels saved');
    await page.reload();
    await page.waitForLoadState('networkidle');
    await expect(page.getByLabel('Maintenance L: Response')).toHaveValue('10 h');
    await page.setViewportSize({ width: 375, height: 740 });
    await page.screenshot({ path: testInfo.outputPath('service-levels-phone.png'), fullPage: true });

    const context = await browser.newContext();
    const client = await context.newPage();
    await signIn(client, USERS.acmeClient);
    await client.goto('/accounts/acme');
    await expect(client.locator('.account-page[data-hydrated="true"]')).toBeVisible();
    // Acme's client reads German (the language she chose).
    const panel = client.getByTestId('sla-panel');
    await expect(panel).toContainText('Ziele: Reaktion 10 h, Lösung 24 h.');
    await expect(client.getByTestId('sla-chart')).toHaveAttribute('data-months', '13');
    await panel.getByText('Werte anzeigen').click();
    await expect(client.getByTestId('sla-table').locator('tbody tr')).toHaveCount(13);
    await panel.screenshot({ path: testInfo.outputPath('sla-panel.png') });
    await client.setViewportSize({ width: 375, height: 740 });
    await panel.screenshot({ path: testInfo.outputPath('sla-panel-phone.png') });

    // A month invoice shows its own month's figures (fetched and embedded once, by number).
    await client.setViewportSize({ width: 1280, height: 900 });
    await client.goto('/invoices/2026-000001');
    const invoiceSla = client.getByTestId('invoice-sla');
    await expect(invoiceSla).toContainText('Ziele: Reaktion 10 h');
    await invoiceSla.screenshot({ path: testInfo.outputPath('invoice-sla.png') });
    await context.close();
  });
});
