import { test, expect, type Request } from '@playwright/test';
import { USERS, failOnConsoleErrors, signIn } from './session';

// The agency's admin after the client and technician journeys: Initech's renewal (2026-000005)
// waits for its payment and February is still open on Initech, with Luca's 45 min of overage.

test.describe('admin journey', () => {
  failOnConsoleErrors();

  test('payment, the preview equals the invoice after month-end close, costs, plan, payouts', async ({
    page,
  }, testInfo) => {
    await signIn(page, USERS.admin);
    await expect(page.getByRole('table').getByRole('row')).toHaveCount(4);
    // What needs doing: Initech's February is still open, its renewal waits for payment.
    const toDo = page.getByTestId('to-do');
    await expect(toDo.getByTestId('to-close')).toContainText('Close February 2026 for Initech');
    await expect(toDo.getByTestId('unpaid-orders')).toContainText('Initech: Developer pack 10 h');
    await expect(toDo.getByTestId('unpaid-orders')).toContainText('2026-000005 · £780.00 · ordered today');

    // Record the renewal's payment: its 10 h are granted today.
    await page.goto('/accounts/initech/packs');
    await expect(page.locator('.account-page[data-hydrated="true"]')).toBeVisible();
    const order = page.getByTestId('orders').locator('tr', { hasText: '2026-000005' });
    await expect(order).toContainText('Pending payment');
    await order.getByLabel(/Payment reference/).fill('BACS-7781');
    await order.getByRole('button', { name: 'Record payment' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Payment' })).toHaveText(
      'Payment BACS-7781 recorded; the hours are granted.',
    );
    // A pack covers entries dated on its payment day (REPLAY.md): Luca's 3 h 20 min on the
    // quote today were 1 h of March's allowance and 2 h 20 min charged; now the pack covers
    // those 2 h 20 min, so 7 h 40 min are left.
    await expect(order).toContainText('Paid 18 Mar 2026 · 7 h 40 min left');
    await page.screenshot({ path: testInfo.outputPath('admin-payment.png'), fullPage: true });
    await page.getByRole('link', { name: 'Dashboard' }).click();
    // The prompts agree with the balance: Luca's old pack was used up on the quote, and the
    // renewal is full — no "expire, renew the pack", no "top up" beside 7 h 40 min available.
    await expect(page.getByTestId('balance-total')).toHaveText('7 h 40 min available');
    await expect(page.locator('[data-prompt="expiring"]')).toHaveCount(0);
    await expect(page.locator('[data-prompt="low-balance"]')).toHaveCount(0);
    const renewal = page.getByTestId('balances').locator('tr', { hasText: 'from Luca Rossi' });
    await expect(renewal).toContainText('7 h 40 min');
    await expect(renewal).toContainText('17 Jun 2026');

    // Log 30 min on 28 Feb (Alex sold no pack: February's hour is used, so it is overage);
    // the preview's figure is what the invoice will say.
    await page.goto('/accounts/initech/work');
    await expect(page.locator('form.entry-form[data-hydrated="true"]')).toBeVisible();
    const requests: string[] = [];
    const track = (r: Request) => requests.push(r.url());
    page.on('request', track);
    await page.getByLabel('Date', { exact: true }).fill('2026-02-28');
    await page.getByLabel('Minutes', { exact: true }).fill('30');
    await page.getByLabel('Title', { exact: true }).fill('Restore the intranet backup');
    await page.getByLabel(/^Ticket link/).fill('https://initech.example/tickets/9002');
    const overage = page.getByTestId('preview-overage');
    await expect(overage).toHaveText('30 min · £25.00');
    page.off('request', track);
    expect(requests, 'the preview sends no request').toEqual([]);
    const previewAmount = (await page.getByTestId('preview').locator('tfoot td').last().innerText()).trim();
    expect(previewAmount).toBe('£25.00');
    await page.getByRole('button', { name: 'Log entry' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved entry' })).toBeVisible();

    // Month end: a month that has not ended cannot be picked or closed.
    await page.goto('/month-end?month=2026-03');
    await expect(page.getByTestId('month-error')).toContainText('March 2026 has not ended yet');
    // The latest ended month is the default; each account's draft is shown before closing.
    await page.getByRole('link', { name: 'Month end' }).click();
    await expect(page.getByLabel('Month', { exact: true })).toHaveValue('2026-02');
    await expect(page.getByLabel('Month', { exact: true })).toHaveAttribute('max', '2026-02');
    const review = page.getByTestId('close-review');
    await expect(review.locator('tr[data-account="initech"]')).toContainText('Draft: closing issues it');
    await expect(review.locator('tr[data-account="initech"]')).toContainText('£147.00');
    await expect(review.locator('tr[data-account="acme"]')).toContainText('Closed: invoice 2026-000001');
    // Closing asks first and says what it issues.
    await page.getByText('Close February 2026', { exact: true }).click();
    await expect(page.locator('.confirm-panel')).toContainText(
      'This issues 1 invoice for February 2026 with a permanent number',
    );
    await expect(page.locator('form[data-hydrated="true"]')).toBeVisible();
    await page.getByRole('button', { name: 'Close the month for all accounts' }).click();
    const progress = page.getByTestId('close-progress');
    await expect(progress).toContainText('3 of 3 accounts · 3 with an invoice for the month');
    const results = page.getByTestId('close-results');
    // Acme's and Globex's February were closed already: the same invoices come back.
    await expect(results.locator('tr[data-account="acme"]')).toContainText('2026-000001');
    await expect(results.locator('tr[data-account="globex"]')).toContainText('2026-000002');
    // Initech: £60 fee + £37.50 (Luca's 45 min) + £25.00 (these 30 min) = £122.50 + 20 % VAT.
    const initech = results.locator('tr[data-account="initech"]');
    await expect(initech).toContainText('Invoice 2026-000006 · February 2026');
    await expect(initech).toContainText('£147.00');
    await page.screenshot({ path: testInfo.outputPath('admin-month-end.png'), fullPage: true });

    await initech.getByRole('link', { name: '2026-000006', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('2026-000006');
    const lines = page.getByTestId('invoice-lines');
    const line = lines.locator('tr', { hasText: 'Restore the intranet backup' });
    await expect(line).toContainText(previewAmount);
    await expect(line.getByRole('link', { name: /Restore the intranet backup/ })).toHaveAttribute(
      'href',
      'https://initech.example/tickets/9002',
    );
    // Luca's entry: one line per part, its pack minutes at no charge and its overage.
    const luca = lines.locator('tr', { hasText: 'Quarter-end report fixes (CSV export)' });
    await expect(luca).toHaveCount(2);
    await expect(luca.filter({ hasText: 'overage' })).toContainText('£37.50');
    await expect(page.getByTestId('invoice')).toContainText('£122.50');
    await expect(page.getByTestId('invoice')).toContainText('£147.00');
    await page.screenshot({ path: testInfo.outputPath('admin-invoice.png'), fullPage: true });

    // Re-invoice a cost: a bad amount is refused next to its field, then it is added.
    await page.goto('/accounts/initech/manage');
    await expect(page.locator('.account-page[data-hydrated="true"]')).toBeVisible();
    const cost = page.getByRole('region', { name: 'Re-invoice a third-party cost' });
    await cost.getByLabel('Vendor').fill('Hetzner');
    await cost.getByLabel('Description').fill('Staging server, March');
    await cost.getByLabel('Amount').fill('forty');
    await cost.getByLabel('Markup %').fill('10');
    await cost.getByRole('button', { name: 'Add cost' }).click();
    await expect(cost.locator('#cost-amount-error')).toBeVisible();
    await expect(cost.getByLabel('Amount')).toHaveAttribute('aria-invalid', 'true');
    await cost.getByLabel('Amount').fill('40.00');
    await cost.getByRole('button', { name: 'Add cost' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Cost added' })).toBeVisible();
    // March's draft now carries the cost with its 10 % markup: £60 fee + £44.00.
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await expect(page.getByTestId('draft-net')).toContainText('£104.00');

    // Upgrade from next month, as the prompt suggested.
    await page.getByRole('link', { name: 'Manage' }).click();
    await expect(page.locator('.account-page[data-hydrated="true"]')).toBeVisible();
    await page.getByRole('combobox', { name: 'Plan', exact: true }).selectOption('L');
    await page.getByRole('button', { name: 'Save plan' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Plan updated.' })).toBeVisible();
    // March stays on M; the header says what comes.
    await expect(page.locator('.page-head')).toContainText('Maintenance M (Maintenance L from 1 Apr 2026)');
    await page.screenshot({ path: testInfo.outputPath('admin-manage.png'), fullPage: true });

    // Any developer's payouts.
    // Any developer's payouts, picked from a list.
    await page.goto('/payouts');
    await page.getByLabel('Developer').selectOption('Luca Rossi');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page).toHaveURL(/developer=Luca\+Rossi/);
    const payout = page.getByTestId('payouts').locator('tr', { hasText: 'pack-luca-0' });
    await expect(payout).toContainText('£36.83');

    // The accounts page: plans (with the scheduled change) and what needs a look.
    await page.getByRole('link', { name: 'Accounts' }).click();
    const initechRow = page.getByTestId('accounts').locator('tr[data-account="initech"]');
    await expect(initechRow).toContainText('Maintenance M (Maintenance L from 1 Apr 2026)');
    await expect(initechRow).toContainText('£124.80');
    await expect(page.getByTestId('accounts').locator('tr[data-account="acme"]')).toContainText(
      '122,00 €',
    );
    // A new account: a bad country is refused at its field; then it is created, without a plan.
    await expect(page.locator('form.stack-form')).toBeVisible();
    const form = page.getByRole('region', { name: 'New account' });
    await form.getByLabel('Short id').fill('hooli');
    await form.getByLabel('Name', { exact: true }).fill('Hooli');
    await form.getByLabel('Legal name').fill('Hooli XYZ Ltd');
    await form.getByLabel('Address').fill('1 Hacker Way, Palo Alto, CA 94025, USA');
    await form.getByLabel('Country').fill('USA');
    await form.getByLabel('Time zone').fill('America/Los_Angeles');
    await form.getByLabel('Currency').selectOption('EUR');
    await form.getByRole('button', { name: 'Create account' }).click();
    await expect(form.locator('#new-country-error')).toContainText('two-letter');
    await expect(page.getByTestId('accounts').locator('tbody tr')).toHaveCount(3);
    await form.getByLabel('Country').fill('US');
    await form.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Created' })).toContainText('Created Hooli');
    await expect(page.getByTestId('accounts').locator('tbody tr')).toHaveCount(4);
    await expect(page.getByTestId('accounts').locator('tr[data-account="hooli"]')).toContainText('No plan');
    await page.screenshot({ path: testInfo.outputPath('admin-accounts.png'), fullPage: true });
  });
});
