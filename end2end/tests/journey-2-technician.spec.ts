import { test, expect, type Page, type Request } from '@playwright/test';
import { USERS, failOnConsoleErrors, signIn } from './session';

// Luca Rossi, a developer on Initech (after the client journey approved his second quote and
// ordered a renewal that is not paid yet). February is still open on Initech: its 1 h is used
// up and his pack has 1 h 45 min left, so 2 h 30 min dated 27 Feb are 1 h 45 min from the pack
// and 45 min of overage at £50/h.

async function formReady(page: Page) {
  await expect(page.locator('form.entry-form[data-hydrated="true"]')).toBeVisible();
}

test.describe('technician journey', () => {
  failOnConsoleErrors();

  test('log work with a live preview, correct it, redeem a quote, offer one, see payouts', async ({
    page,
  }, testInfo) => {
    await signIn(page, USERS.luca);
    // Luca works on Acme and Initech.
    await expect(page.getByRole('table').getByRole('row')).toHaveCount(3);
    await page.goto('/accounts/initech/work');
    await formReady(page);

    const requests: string[] = [];
    const track = (r: Request) => requests.push(r.url());
    page.on('request', track);
    await page.getByLabel('Date', { exact: true }).fill('2026-02-27');
    await page.getByLabel('Minutes', { exact: true }).fill('150');
    await page.getByLabel('Title', { exact: true }).fill('Quarter-end report fixes');
    await page.getByLabel(/^Ticket link/).fill('https://initech.example/tickets/9001');
    const preview = page.getByTestId('preview');
    await expect(preview.locator('tr[data-source="pack"]')).toContainText('1 h 45 min');
    await expect(preview.locator('tr[data-source="overage"]')).toContainText('45 min');
    await expect(page.getByTestId('preview-overage')).toHaveText('45 min · £37.50');
    await expect(page.getByTestId('preview-invoice')).toContainText('£60.00 → £97.50');
    page.off('request', track);
    expect(requests, 'the preview sends no request').toEqual([]);
    await page.screenshot({ path: testInfo.outputPath('technician-preview.png'), fullPage: true });

    await page.getByRole('button', { name: 'Log entry' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved entry' })).toBeVisible();
    const entries = page.getByTestId('entries');
    const row = entries.locator('tr', { hasText: 'Quarter-end report fixes' });
    await expect(row).toContainText('27 Feb 2026');
    await expect(row).toContainText('£37.50');

    // Correct it while February is open: the title was incomplete.
    await row.locator('summary', { hasText: 'Correct' }).click();
    await row.getByLabel('Corrected title').fill('Quarter-end report fixes (CSV export)');
    await row.getByRole('button', { name: 'Save correction' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Entry corrected.' })).toBeVisible();
    await expect(entries).toContainText('Quarter-end report fixes (CSV export)');

    // Redeem actual time against the approved quote.
    await page.getByRole('link', { name: 'Quotes' }).click();
    await expect(page).toHaveURL(/\/accounts\/initech\/quotes$/);
    await expect(page.locator('.account-page[data-hydrated="true"]')).toBeVisible();
    const quotes = page.getByTestId('quotes');
    const reports = quotes.locator('tr', { hasText: 'Quarterly report dashboard' });
    await expect(reports).toContainText('Approved');
    await expect(reports).toContainText('0 min');
    const redeem = page.getByRole('region', { name: 'Redeem time against a quote' });
    await redeem.getByLabel('Quote').selectOption({ index: 0 });
    await expect(redeem.getByLabel('Quote')).toHaveValue('q-reports');
    await redeem.getByLabel('Minutes', { exact: true }).fill('200');
    await redeem.getByLabel('Title', { exact: true }).fill('Dashboard first draft');
    await redeem.getByRole('button', { name: 'Log time' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'against the quote' })).toHaveText(
      'Logged 3 h 20 min against the quote.',
    );
    await expect(reports).toContainText('3 h 20 min');

    // Offer a quote: a bad rate is refused next to its field and nothing is stored.
    const offer = page.getByRole('region', { name: 'Offer a quote' });
    await offer.getByLabel('Title', { exact: true }).fill('Archive old tickets');
    await offer.getByLabel('Estimate').fill('2 h');
    await offer.getByLabel('Rate per hour').fill('sixty');
    await offer.getByRole('button', { name: 'Offer quote' }).click();
    await expect(offer.locator('#offer-rate-error')).toBeVisible();
    await expect(offer.getByLabel('Rate per hour')).toHaveAttribute('aria-invalid', 'true');
    await expect(quotes.locator('tbody tr')).toHaveCount(2);
    await offer.getByLabel('Rate per hour').fill('65.00');
    await offer.getByRole('button', { name: 'Offer quote' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Offered' })).toHaveText(
      'Offered “Archive old tickets”; waiting for the client.',
    );
    await expect(quotes.locator('tbody tr')).toHaveCount(3);
    await expect(quotes.locator('tr', { hasText: 'Archive old tickets' })).toContainText(
      'Waiting for approval',
    );
    await page.screenshot({ path: testInfo.outputPath('technician-quotes.png'), fullPage: true });

    // Payouts: his first Initech pack, barely used, expired in September 2025.
    await page.getByRole('link', { name: 'My payouts' }).click();
    const payout = page.getByTestId('payouts').locator('tr', { hasText: 'pack-luca-0' });
    await expect(payout).toContainText('13 Sep 2025');
    await expect(payout).toContainText('40 min');
    await expect(payout).toContainText('£43.33');
    await expect(payout).toContainText('£6.50');
    await expect(payout).toContainText('£36.83');
    await page.screenshot({ path: testInfo.outputPath('technician-payouts.png'), fullPage: true });
  });
});
