import { test, expect, type Page, type Request } from '@playwright/test';
import { USERS, failOnConsoleErrors, signIn } from './session';

// scripts/test serves a fresh database seeded with the demo account, with HOURBANK_TODAY fixed
// at 2026-03-18. Plan L: 120 min included per month; March has 75 min used (30 support +
// 45 project; the 20 min bug costs nothing) and 30 min carried over from February.
// Logging work needs a technician's session: every test signs in as Dana Weber first.
const WORK = '/accounts/acme/work';

async function hydrated(page: Page) {
  await page.goto(WORK);
  await expect(page.locator('form.entry-form[data-hydrated="true"]')).toBeVisible();
}

test.describe('work log', () => {
  failOnConsoleErrors();
  test.beforeEach(async ({ page }) => {
    await signIn(page, USERS.dana);
  });

  test('preview while typing, log an entry, refuse a bad one', async ({ page }, testInfo) => {
    await hydrated(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Acme GmbH');
    await expect(page.getByRole('banner')).toContainText('Dana Weber');
    await expect(page.getByRole('banner')).toContainText('Technician');
    await expect(page.getByText('Logged as Dana Weber.')).toBeVisible();
    const entries = page.getByTestId('entries');
    const rowsBefore = await entries.locator('tbody tr[data-entry]').count();
    expect(rowsBefore).toBeGreaterThanOrEqual(5);

    const preview = page.getByTestId('preview');
    await expect(preview).toContainText('Enter the minutes');

    // Typing is computed in the browser: record every request while typing.
    const requests: string[] = [];
    const record = (r: Request) => requests.push(`${r.method()} ${r.url()}`);
    page.on('request', record);

    const minutes = page.getByLabel('Minutes', { exact: true });
    await minutes.pressSequentially('30', { delay: 50 });
    await expect(preview.locator('tbody tr')).toHaveCount(1);
    await expect(preview).toContainText('allowance');
    await expect(page.getByTestId('preview-overage')).toContainText('none');
    const small = await preview.innerText();

    // 300 min: 45 min allowance left + 30 min carryover, the remaining 225 min are overage.
    await minutes.fill('');
    await minutes.pressSequentially('300', { delay: 50 });
    await expect(page.getByTestId('preview-overage')).toContainText('3 h 45 min');
    await expect(page.getByTestId('preview-overage')).toContainText('187,50 €');
    await expect(preview).toContainText('carryover');
    expect(await preview.innerText()).not.toEqual(small);

    await page.getByLabel('Title', { exact: true }).pressSequentially('Migrate the mail server', { delay: 10 });
    await page.getByLabel(/^Ticket link/).pressSequentially('https://tickets.acme.example/T-2042');
    // Time as people write it; the field says what it understood.
    const understood = page.getByTestId('minutes-understood');
    for (const typed of ['1,5 h', '1:30', '1h 30m', '90']) {
      await minutes.fill(typed);
      await expect(understood).toHaveText('= 1 h 30 min');
    }
    // Work dated in a closed month: the preview says where it lands.
    const date = page.getByLabel('Date', { exact: true });
    const today = await date.inputValue();
    await date.fill('2026-02-10');
    await expect(page.getByTestId('preview-lands')).toHaveText(
      'Dated in February 2026, a month already closed: it goes on the invoice of March 2026.',
    );
    await date.fill(today);
    await expect(page.getByTestId('preview-lands')).toHaveCount(0);
    await minutes.fill('50');
    await expect(understood).toHaveText('= 50 min');
    await expect(page.getByTestId('preview-overage')).toContainText('none');

    page.off('request', record);
    expect(requests, 'no request while typing').toEqual([]);

    await page.screenshot({ path: testInfo.outputPath('work-log-preview.png'), fullPage: true });

    // Submit through the server function.
    await page.getByRole('button', { name: 'Log entry' }).click();
    await expect(page.getByRole('status')).toContainText('Saved entry');
    await expect(entries).toContainText('Migrate the mail server');
    // The form is clear for the next entry: a second click cannot log the same work again.
    await expect(page.getByRole('status')).toContainText('The form is clear for the next one.');
    await expect(minutes).toHaveValue('');
    await expect(page.getByLabel('Title', { exact: true })).toHaveValue('');
    await expect(page.getByLabel(/^Ticket link/)).toHaveValue('');

    // A double click on "Log entry" logs the work once.
    await minutes.fill('15');
    await page.getByLabel('Title', { exact: true }).fill('Double-clicked once');
    await page.getByRole('button', { name: 'Log entry' }).dblclick();
    await expect(page.getByRole('status')).toContainText('Saved entry');
    await expect(entries.locator('tr', { hasText: 'Double-clicked once' })).toHaveCount(1);

    // The same ticket, date and minutes as an entry logged today: asked first, logged only
    // once "Log it again" is ticked.
    await minutes.fill('50');
    await page.getByLabel('Title', { exact: true }).fill('Mail server, again');
    await page.getByLabel(/^Ticket link/).fill('https://tickets.acme.example/T-2042');
    await page.getByRole('button', { name: 'Log entry' }).click();
    const again = page.getByTestId('again');
    await expect(again).toContainText('This looks like entry');
    await expect(again).toContainText('logged today with the same ticket, date and minutes');
    await expect(entries.locator('tr', { hasText: 'Mail server, again' })).toHaveCount(0);
    await again.getByLabel('Log it again: it is new work').check();
    await page.getByRole('button', { name: 'Log entry' }).click();
    await expect(page.getByRole('status')).toContainText('Saved entry');
    await expect(entries.locator('tr', { hasText: 'Mail server, again' })).toHaveCount(1);

    // Persisted: a fresh load shows all three, each once.
    await hydrated(page);
    await expect(entries.locator('tbody tr[data-entry]')).toHaveCount(rowsBefore + 3);
    await expect(entries.locator('tr', { hasText: 'Double-clicked once' })).toHaveCount(1);
    const row = entries.locator('tr', { hasText: 'Migrate the mail server' });
    await expect(row).toContainText('50 min');
    await expect(row.getByRole('link', { name: 'Migrate the mail server' })).toHaveAttribute(
      'href',
      'https://tickets.acme.example/T-2042',
    );

    // Invalid input: errors next to the fields, in plain words, nothing stored.
    await page.getByLabel('Title', { exact: true }).fill('Should never be stored');
    await minutes.fill('1,5');
    await expect(understood).toHaveText('');
    await page.getByRole('button', { name: 'Log entry' }).click();
    await expect(page.locator('#minutes-error')).toHaveText(
      '⚠ 1,5 is not a whole number of minutes. For hours, write 1,5 h.',
    );
    await minutes.fill('0');
    await page.getByLabel(/^Ticket link/).fill('ftp://files.acme.example/x');
    await page.getByRole('button', { name: 'Log entry' }).click();
    await expect(page.locator('#minutes-error')).toContainText('at least 1');
    await expect(page.locator('#url-error')).toContainText('http');
    await expect(minutes).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Title', { exact: true })).toHaveValue('Should never be stored');

    await page.screenshot({ path: testInfo.outputPath('work-log-errors.png'), fullPage: true });
    await testInfo.attach('work-log-errors', {
      path: testInfo.outputPath('work-log-errors.png'),
      contentType: 'image/png',
    });

    await hydrated(page);
    await expect(entries.locator('tbody tr[data-entry]')).toHaveCount(rowsBefore + 3);
    await expect(entries).not.toContainText('Should never be stored');

    // A credit-back in a closed month asks first and says what it issues; opening the question
    // changes nothing.
    const closed = entries.locator('tr', { hasText: 'Investigate slow checkout page' });
    await closed.getByText('Credit back (our bug)').click();
    await expect(closed.locator('.confirm-panel')).toContainText(
      'This issues a credit note against the invoice of February 2026: 0,00 € net (plus VAT) back to the client, and 50 min back to their hours. It cannot be undone.',
    );
    await expect(closed.getByRole('button', { name: /^Issue the credit note/ })).toBeVisible();
    await hydrated(page);
    await expect(entries.locator('tbody tr[data-entry]')).toHaveCount(rowsBefore + 3);
    await page.screenshot({ path: testInfo.outputPath('work-log.png'), fullPage: true });
    await testInfo.attach('work-log', {
      path: testInfo.outputPath('work-log.png'),
      contentType: 'image/png',
    });
  });

  test('filters, months with their totals, and the CSV of what is shown', async ({ page }) => {
    await page.goto(WORK);
    const entries = page.getByTestId('entries');
    // Grouped by the month the entries count on, newest first, each with its totals.
    const months = entries.locator('tbody[data-month]');
    expect(await months.count()).toBeGreaterThanOrEqual(2);
    await expect(months.first()).toHaveAttribute('data-month', '2026-03');
    await expect(months.first().locator('tr.month-row')).toContainText(/^March 2026 · \d+ entr(y|ies) · .+ charged$/);
    const all = await entries.locator('tbody tr[data-entry]').count();

    // Narrow to March's bugs: a plain GET form, so the URL can be bookmarked.
    const filter = page.getByTestId('work-filter');
    await filter.getByLabel('Month').selectOption('2026-03');
    await filter.getByLabel('Kind').selectOption('bug');
    await filter.getByRole('button', { name: 'Filter' }).click();
    await expect(page).toHaveURL(/\/accounts\/acme\/work\?month=2026-03&technician=&kind=bug&quote=$/);
    await expect(months).toHaveCount(1);
    const shown = entries.locator('tbody tr[data-entry]');
    const n = await shown.count();
    expect(n).toBeGreaterThanOrEqual(1);
    expect(n).toBeLessThan(all);
    for (const row of await shown.all()) await expect(row).toContainText('Our bug');
    await expect(page.getByTestId('entries-count')).toHaveText(`${n} of ${all} entries`);

    // The download holds exactly the rows on screen.
    const link = page.getByRole('link', { name: 'Download CSV' });
    await expect(link).toHaveAttribute('href', '/accounts/acme/work.csv?month=2026-03&kind=bug');
    const csv = await page.request.get('/accounts/acme/work.csv?month=2026-03&kind=bug');
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers()['content-disposition']).toBe('attachment; filename="acme-work-2026-03.csv"');
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe(
      'date,counts_on,title,ticket_url,note,technician,kind,quote,minutes,counted_minutes,covered_by,charged,currency',
    );
    expect(lines.length - 1).toBe(n);
    for (const line of lines.slice(1)) expect(line).toContain(',bug,');

    // "Show all" clears the filter.
    await page.getByRole('link', { name: 'Show all' }).click();
    await expect(entries.locator('tbody tr[data-entry]')).toHaveCount(all);

    // A bad value is refused in plain words; another tenant's log is not there at all.
    await page.goto(`${WORK}?month=March`);
    await expect(page.getByRole('alert').filter({ hasText: 'is not a month' })).toBeVisible();
    const bad = await page.request.get('/accounts/acme/work.csv?kind=holiday');
    expect(bad.status()).toBe(422);
    const other = await page.request.get('/accounts/initech/work.csv');
    expect(other.status()).toBe(404);
  });

  test('refusals read in the page\'s language, with and without JavaScript', async ({ page, browser }, testInfo) => {
    // Dana chooses German in this browser only (the cookie the language picker sets).
    const origin = new URL(page.url()).origin;
    await page.context().addCookies([{ name: 'hb_language', value: 'de', url: origin }]);
    await hydrated(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    const entries = page.getByTestId('entries');
    const rowsBefore = await entries.locator('tbody tr[data-entry]').count();
    const submit = page.locator('form.entry-form button[type="submit"]');

    // The preview, computed in the browser, says why it waits in German.
    await page.locator('#entry-minutes').fill('1,5');
    await expect(page.getByTestId('preview')).toContainText('1,5 ist keine ganze Zahl von Minuten');
    await page.locator('#entry-title').fill('Nie gespeichert');
    await submit.click();
    await expect(page.locator('#minutes-error')).toHaveText(
      '⚠ 1,5 ist keine ganze Zahl von Minuten. Für Stunden schreiben Sie 1,5 h.',
    );
    await expect(page.getByRole('alert').first()).toContainText('Es wurde nichts gespeichert');
    await page.locator('#entry-minutes').fill('0');
    await page.locator('#entry-url').fill('ftp://files.acme.example/x');
    await submit.click();
    await expect(page.locator('#minutes-error')).toHaveText('⚠ Geben Sie mindestens 1 Minute ein.');
    await expect(page.locator('#url-error')).toContainText('muss eine Webadresse sein, die mit https:// oder http:// beginnt');
    await expect(page.locator('main')).not.toContainText(/not a whole number|at least 1 minute|Nothing was saved/);
    await page.screenshot({ path: testInfo.outputPath('work-log-errors-de.png'), fullPage: true });

    // In Slovenian, and as a plain form post (a browser without JavaScript): the refusal
    // travels typed in the redirect, and the page words it.
    const plain = await browser.newContext({ javaScriptEnabled: false, baseURL: origin });
    const noJs = await plain.newPage();
    await signIn(noJs, USERS.dana, { javaScript: false });
    await plain.addCookies([{ name: 'hb_language', value: 'sl', url: origin }]);
    await noJs.goto(WORK);
    await expect(noJs.locator('html')).toHaveAttribute('lang', 'sl');
    await noJs.locator('#entry-minutes').fill('-5');
    await noJs.locator('#entry-title').fill('Nikoli shranjeno');
    await noJs.locator('form.entry-form button[type="submit"]').click();
    await expect(noJs.locator('#minutes-error')).toHaveText('⚠ Vrednost ne sme biti negativna.');
    await expect(noJs.locator('#entry-title')).toHaveValue('Nikoli shranjeno');
    await plain.close();
    await page.reload();
    await expect(entries.locator('tbody tr[data-entry]')).toHaveCount(rowsBefore);
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('signing in and the form still log and refuse entries', async ({ page }) => {
    // Not signed in: the server redirects to the sign-in page.
    await page.goto(WORK);
    await expect(page).toHaveURL(/\/sign-in$/);
    await signIn(page, USERS.dana, { javaScript: false });
    await page.goto(WORK);
    const entries = page.getByTestId('entries');
    const rowsBefore = await entries.locator('tbody tr[data-entry]').count();

    await page.getByLabel('Minutes', { exact: true }).fill('20');
    await page.getByLabel('Title', { exact: true }).fill('Plain form post');
    await page.getByRole('button', { name: 'Log entry' }).click();
    await expect(page).toHaveURL(new RegExp(`${WORK}\\??$`));
    await expect(entries.locator('tbody tr[data-entry]')).toHaveCount(rowsBefore + 1);
    await expect(entries).toContainText('Plain form post');

    await page.getByLabel('Minutes', { exact: true }).fill('-5');
    await page.getByLabel('Title', { exact: true }).fill('Refused without JavaScript');
    await page.getByRole('button', { name: 'Log entry' }).click();
    await expect(page.locator('#minutes-error')).toContainText('negative');
    await expect(page.getByLabel('Title', { exact: true })).toHaveValue('Refused without JavaScript');
    await expect(entries.locator('tbody tr[data-entry]')).toHaveCount(rowsBefore + 1);

    // Signing out is a plain form post too; the page then sends the visitor to sign in.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.goto(WORK);
    await expect(page).toHaveURL(/\/sign-in$/);
  });
});
