import { test, expect, type Page, type Request, type TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { USERS, failOnConsoleErrors, signIn } from './session';

// The client's day, on the demo data as of 2026-03-18 (scripts/test fixes the day). Initech is
// on plan M (£60 a month for 1 h, overage £50/h, VAT 20 %), has 1 h 45 min left of Luca's
// 10 h pack (last valid day 27 Mar 2026), overage in Nov and Dec, and a quote waiting.
// The journeys run in order on one database: client, then technician, then admin.

async function ready(page: Page) {
  await expect(page.locator('.account-page[data-hydrated="true"]')).toBeVisible();
}

// The page never scrolls sideways (the phone run checks it after every step it takes).
async function fits(page: Page) {
  const w = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
  }));
  expect(w.scroll, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(w.inner);
}

// Read-only: the dashboard, its prompts, balances and chart, and the what-if.
async function dashboardAndWhatIf(page: Page, testInfo: TestInfo, size: string) {
  await signIn(page, USERS.initechClient);
  // A client sees only their own account.
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(2);
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await expect(page).toHaveURL(/\/accounts\/initech$/);
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Initech');

  // This period, from the open month's draft invoice.
  await expect(page.getByTestId('allowance-used')).toHaveText('0 min of 1 h');
  await expect(page.getByTestId('overage')).toHaveText('0 min · £0.00');
  await expect(page.getByTestId('draft-net')).toContainText('£60.00');
  // Nothing logged in March yet: its hour carries over at the month's end.
  await expect(page.getByTestId('carried-out')).toHaveText('1 h');
  await expect(page.getByTestId('period')).toContainText('£72.00 incl. VAT');

  // POLICY §8 prompts, each with its action.
  const expiring = page.locator('[data-prompt="expiring"]');
  await expect(expiring).toContainText('1 h 45 min of prepaid hours expire on 27 Mar 2026.');
  await expect(expiring).toContainText('Buy a new pack by 30 Mar 2026 and they roll over');
  await expect(page.locator('[data-prompt="low-balance"]')).toContainText(
    '1 h 45 min left of 10 h from Luca Rossi.',
  );
  const upgrade = page.locator('[data-prompt="upgrade"]');
  await expect(upgrade).toContainText(
    'On Maintenance L, November 2025 to January 2026 would have cost £366.67 instead of £346.66',
  );
  await expect(upgrade.getByRole('link', { name: 'Ask for Maintenance L' })).toHaveAttribute(
    'href',
    /^mailto:billing@agency\.example\?subject=Upgrade%20Initech%20to%20Maintenance%20L$/,
  );

  // Balance by lot and the expiry timeline.
  const pack = page.getByTestId('balances').locator('tr', { hasText: 'from Luca Rossi' });
  await expect(pack).toContainText('1 h 45 min');
  await expect(pack).toContainText('27 Mar 2026 · 9 days left');
  await expect(page.getByTestId('balance-total')).toHaveText('2 h 45 min available');
  await expect(page.getByTestId('timeline').locator('svg')).toHaveAttribute(
    'aria-label',
    'Expiring: 1 h 45 min of prepaid pack on 27 Mar 2026; 1 h of included hours on 31 Mar 2026',
  );

  // Twelve periods of usage; December had 2 h 50 min of support on a 1 h plan.
  await expect(page.getByTestId('usage-chart')).toHaveAttribute('data-periods', '12');
  await page.getByText('Show the figures').click();
  const december = page.getByTestId('usage-table').locator('tr', { hasText: 'December 2025' });
  await expect(december).toHaveText(/December 2025\s*1 h\s*2 h 50 min\s*1 h\s*0 min\s*1 h 50 min/);
  await page.screenshot({ path: testInfo.outputPath(`client-dashboard-${size}.png`), fullPage: true });

  // What-if: typed work is replayed in the browser; no request leaves the page.
  const requests: string[] = [];
  const track = (r: Request) => requests.push(r.url());
  page.on('request', track);
  const minutes = page.getByLabel('Minutes');
  await minutes.fill('90');
  const preview = page.getByTestId('preview');
  await expect(preview.locator('tbody tr')).toHaveCount(2);
  await expect(preview.locator('tr[data-source="allowance"]')).toContainText('1 h');
  await expect(preview.locator('tr[data-source="pack"]')).toContainText('30 min');
  await expect(page.getByTestId('preview-overage')).toContainText('none');
  // 200 min: 1 h included, 1 h 45 min from the pack, 35 min overage at £50/h.
  await minutes.fill('200');
  await expect(page.getByTestId('preview-overage')).toHaveText('35 min · £29.17');
  await expect(page.getByTestId('preview-invoice')).toContainText('£60.00 → £89.17');
  // March's unused hour would carry over at the month's end; these 200 min use it up.
  await expect(page.getByTestId('preview-carryover')).toHaveText('1 h → 0 min');
  // …or a new pack: the expiring minutes would roll into it instead of expiring.
  await page.getByRole('radio', { name: 'a new pack' }).check();
  const packResult = page.getByTestId('what-if-pack-result');
  await expect(packResult).toContainText('£780.00');
  await expect(page.getByTestId('what-if-rollover')).toHaveText('1 h 45 min');
  await expect(page.getByTestId('what-if-expiring')).toHaveText('1 h 45 min → 0 min');
  await expect(packResult).toContainText('17 Jun 2026');
  page.off('request', track);
  expect(requests, 'the what-if sends no request').toEqual([]);
  await page.screenshot({ path: testInfo.outputPath(`client-what-if-${size}.png`), fullPage: true });
  await fits(page);
}

// Approving the quote and buying a pack: each once, whatever the clicks.
async function approveAndOrder(page: Page, testInfo: TestInfo, size: string) {
  // Approve the waiting quote.
  const quote = page.getByTestId('quotes').locator('tr', { hasText: 'Two-factor sign-in' });
  await expect(quote).toContainText('6 h');
  await expect(quote).toContainText('£390.00');
  // A double click approves once, and says so: no "refused" for the second click.
  await quote.getByRole('button', { name: /^Approve/ }).scrollIntoViewIfNeeded();
  await fits(page);
  await quote.getByRole('button', { name: /^Approve/ }).dblclick();
  await expect(page.getByRole('status').filter({ hasText: 'approved' })).toContainText(
    'Quote “Two-factor sign-in for the intranet”: approved.',
  );
  await expect(page.locator('.alert-error')).toHaveCount(0);
  await expect(page.getByRole('link', { name: /Quotes/ })).toHaveText('Quotes');

  // Renew the pack from the expiry prompt: same tier and developer, priced by the rules.
  await page.locator('[data-prompt="expiring"]').getByRole('link', { name: 'Renew the pack' }).click();
  await expect(page).toHaveURL(/\/accounts\/initech\/packs\?tier=dev-10&seller=Luca\+Rossi$/);
  await ready(page);
  const tiers = page.getByTestId('tiers');
  await expect(tiers.locator('tr[data-tier="dev-10"]')).toContainText('£65.00/h');
  await expect(tiers.locator('tr[data-tier="dev-10"]')).toContainText('£780.00');
  // 20 h or more: 5 % off.
  await expect(tiers.locator('tr[data-tier="dev-20"]')).toContainText('£61.75/h');
  await expect(tiers.locator('tr[data-tier="dev-20"]')).toContainText('£1,482.00');
  await expect(page.getByLabel('Developer')).toHaveValue('Luca Rossi');
  await expect(page.getByTestId('order-total')).toHaveText('£780.00');
  await expect(page.getByTestId('order-rollover')).toHaveText('1 h 45 min from your expiring pack');
  await page.getByLabel('Pack', { exact: true }).selectOption('dev-20');
  await expect(page.getByTestId('order-total')).toHaveText('£1,482.00');
  await page.getByLabel('Pack', { exact: true }).selectOption('dev-10');
  // A double click orders one pack: one invoice number, not two.
  await fits(page);
  await page.getByRole('button', { name: 'Order and get the invoice' }).dblclick();
  const ordered = page.getByRole('status').filter({ hasText: 'Ordered' });
  await expect(ordered).toContainText('Invoice 2026-000005 is issued');
  await page.reload();
  await ready(page);
  await expect(page.getByTestId('orders')).toContainText('2026-000005');
  await expect(page.getByTestId('orders')).not.toContainText('2026-000006');
  const row = page.getByTestId('orders').locator('tr', { hasText: '2026-000005' });
  await expect(row).toContainText('Pending payment');
  await expect(row).toContainText('£780.00');
  await page.screenshot({ path: testInfo.outputPath(`client-packs-${size}.png`), fullPage: true });

  // The pack's invoice: one line, VAT, total.
  await row.getByRole('link', { name: '2026-000005', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('2026-000005');
  const invoice = page.locator('main');
  await expect(invoice).toContainText('Hour-pack invoice');
  await expect(invoice).toContainText('Developer pack 10 h');
  await expect(invoice).toContainText('£650.00');
  await expect(invoice).toContainText('£130.00');
  await expect(invoice).toContainText('£780.00');
  await expect(page.getByTestId('seller')).toContainText('Hourbank Demo Agency GmbH');
  await expect(page.getByTestId('seller')).toContainText('VAT DE987654321');
  await expect(page.getByTestId('buyer')).toContainText('Initech Software Ltd');
  await expect(page.getByTestId('buyer')).toContainText('20 Lombard Street');
  await page.screenshot({ path: testInfo.outputPath(`client-pack-invoice-${size}.png`), fullPage: true });
  await fits(page);
}

test.describe('client journey', () => {
  failOnConsoleErrors();

  // Read-only at desktop width first, then the whole journey on a phone (390 × 844), where
  // the quote's Approve button and the pack order must be reachable without sideways scrolling.
  test('at desktop width: dashboard, prompts, balances and the what-if', async ({ page }, testInfo) => {
    await dashboardAndWhatIf(page, testInfo, 'desktop');
  });

  // A phone on a slow connection waits seconds for the WASM (BENCHMARKS.md "The what-if's
  // first answer"). Until it arrives the what-if is a plain GET form: the server renders the
  // answer from the address, with the same rules the browser runs afterwards.
  test('before the WASM arrives: the what-if answers through its form', async ({
    browser,
    baseURL,
    page,
  }, testInfo) => {
    // JavaScript on (axe needs it), but the site's script and WASM never arrive.
    const plain = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
    await plain.route(/\/pkg\/.*\.(js|wasm)$/, (route) => route.abort());
    const noJs = await plain.newPage();
    await signIn(noJs, USERS.initechClient, { javaScript: false });
    await noJs.goto('/accounts/initech');
    const work = noJs.getByTestId('what-if-work');
    await noJs.getByLabel('Minutes').fill('200');
    await work.getByRole('button', { name: 'Show the result' }).click();
    await expect(noJs).toHaveURL(/\/accounts\/initech\?mode=work&minutes=200&kind=support&who=Luca\+Rossi&.*#what-if$/);
    await expect(noJs.getByLabel('Minutes')).toHaveValue('200');
    // The figures the live what-if shows for 200 min (the desktop test above).
    await expect(noJs.getByTestId('preview-overage')).toHaveText('35 min · £29.17');
    await expect(noJs.getByTestId('preview-invoice')).toContainText('£60.00 → £89.17');
    await expect(noJs.getByTestId('preview-carryover')).toHaveText('1 h → 0 min');
    await noJs.screenshot({ path: testInfo.outputPath('client-what-if-no-wasm-phone.png'), fullPage: true });
    const axe = await new AxeBuilder({ page: noJs }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations, 'axe finds no WCAG 2.1 A/AA violation').toEqual([]);
    await fits(noJs);

    // The radio shows the pack's half (in CSS); its button asks the server.
    await noJs.getByRole('radio', { name: 'a new pack' }).check();
    await expect(work).toBeHidden();
    await noJs.getByTestId('what-if-pack').getByRole('button', { name: 'Show the result' }).click();
    await expect(noJs).toHaveURL(/\?mode=pack&.*#what-if$/);
    await expect(noJs.getByRole('radio', { name: 'a new pack' })).toBeChecked();
    await expect(noJs.getByTestId('what-if-pack-result')).toContainText('£780.00');
    await expect(noJs.getByTestId('what-if-rollover')).toHaveText('1 h 45 min');
    await expect(noJs.getByTestId('what-if-expiring')).toHaveText('1 h 45 min → 0 min');

    // Nonsense in the address: the preview says what is wrong, choices fall back to defaults.
    await noJs.goto('/accounts/initech?minutes=-5&kind=free&who=nobody&mode=free#what-if');
    await expect(noJs.getByTestId('preview')).toContainText('negative');
    await expect(noJs.getByLabel('Kind')).toHaveValue('support');
    await expect(noJs.getByLabel('Done by')).toHaveValue('Luca Rossi');
    await expect(work).toBeVisible();
    await plain.close();

    // With the WASM the same address hydrates to the same answer; the buttons go, and the
    // panel answers as the client types, sending nothing (not even on Enter).
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, USERS.initechClient);
    await page.goto('/accounts/initech?mode=work&minutes=200#what-if');
    await ready(page);
    await expect(page.getByTestId('preview-overage')).toHaveText('35 min · £29.17');
    await expect(page.getByRole('button', { name: 'Show the result' })).toHaveCount(0);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.getByLabel('Minutes').fill('90');
    await expect(page.getByTestId('preview-overage')).toContainText('none');
    await page.getByLabel('Minutes').press('Enter');
    await expect(page.getByTestId('preview-overage')).toContainText('none');
    expect(requests, 'the what-if sends no request').toEqual([]);
    await expect(page).toHaveURL(/\?mode=work&minutes=200#what-if$/);
  });

  test('at phone width: dashboard, what-if, prompts, quote approval and buying a pack', async ({
    page,
  }, testInfo) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await dashboardAndWhatIf(page, testInfo, 'phone');
    await approveAndOrder(page, testInfo, 'phone');
  });
});
