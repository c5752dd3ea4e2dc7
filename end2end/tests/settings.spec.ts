import { test, expect } from '@playwright/test';
import { USERS, failOnConsoleErrors, signIn } from './session';

// Documents frozen at issue (README "Documents"): an admin sets the agency's bank account and
// payment terms and moves Globex to a new address; Globex's invoice issued before keeps the old
// address, says when it is due and how to pay. Globex and the settings only, so the other
// journeys' figures stay.

test.describe('seller settings and frozen documents', () => {
  failOnConsoleErrors();

  test('an admin saves the settings and a new address; the issued invoice keeps its own', async ({
    page,
    browser,
  }, testInfo) => {
    await signIn(page, USERS.admin);
    await page.goto('/settings');
    await page.waitForLoadState('networkidle');
    await expect(page.getByLabel('IBAN')).toHaveValue('DE89 3704 0044 0532 0130 00');
    // A mistyped IBAN is named at its field and saves nothing.
    await page.getByLabel('IBAN').fill('DE89 3704 0044 0532 0130 01');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.locator('.field.has-error')).toContainText('check digits');
    await page.screenshot({ path: testInfo.outputPath('settings-refused.png'), fullPage: true });
    await page.getByLabel('IBAN').fill('DE89 3704 0044 0532 0130 00');
    await page.getByLabel('Payment terms (days)').fill('21');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('status')).toContainText('Settings saved');
    await page.setViewportSize({ width: 375, height: 740 });
    await page.screenshot({ path: testInfo.outputPath('settings-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    // Globex's issued invoices, before the move.
    const clientContext = await browser.newContext();
    const client = await clientContext.newPage();
    await signIn(client, USERS.globexClient);
    await client.goto('/accounts/globex');
    await expect(client.locator('.account-page[data-hydrated="true"]')).toBeVisible();
    const first = client.getByTestId('invoices').locator('tbody tr:last-child td:first-child a');
    const number = (await first.textContent())?.trim() ?? '';
    expect(number).toMatch(/^\d{4}-\d{6}$/);

    await page.goto('/accounts/globex/manage');
    await expect(page.locator('.account-page[data-hydrated="true"]')).toBeVisible();
    const details = page.locator('#details');
    await details.getByLabel('Address', { exact: true }).fill('1 New Quay, Dublin 2, Ireland');
    await details.getByRole('button', { name: 'Save details' }).click();
    await expect(details.getByRole('status')).toContainText('Details saved');

    await client.goto(`/invoices/${number}`);
    const invoice = client.getByTestId('invoice');
    await expect(client.getByTestId('buyer')).not.toContainText('New Quay');
    await expect(client.getByTestId('due-on')).not.toBeEmpty();
    const payment = client.getByTestId('payment');
    await expect(payment).toContainText('DE89 3704 0044 0532 0130 00');
    await expect(payment).toContainText('COBADEFFXXX');
    await expect(payment).toContainText(number);
    await invoice.screenshot({ path: testInfo.outputPath('invoice-payment.png') });
    await client.setViewportSize({ width: 375, height: 740 });
    await payment.screenshot({ path: testInfo.outputPath('invoice-payment-phone.png') });
    // The invoice's lines as CSV, from the link on its page.
    await client.setViewportSize({ width: 1280, height: 900 });
    const href = await client.getByTestId('lines-csv').getAttribute('href');
    expect(href).toBe(`/documents/${number}/lines.csv`);
    const lines = await client.request.get(href ?? '');
    expect(lines.status()).toBe(200);
    expect(await lines.text()).toMatch(/^number,line,kind,date,description,ticket_url/);
    // …as a PDF…
    expect(await client.getByTestId('pdf').getAttribute('href')).toBe(`/documents/${number}/pdf`);
    const pdf = await client.request.get(`/documents/${number}/pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    // …and as an e-invoice: Globex is a Peppol participant, reverse-charged.
    const ubl = await client.request.get(`/documents/${number}/ubl.xml`);
    expect(ubl.status()).toBe(200);
    const xml = await ubl.text();
    expect(xml).toContain('urn:fdc:peppol.eu:2017:poacc:billing:3.0');
    expect(xml).toContain('<cbc:ID>AE</cbc:ID>');
    expect(xml).toContain('<cbc:StreetName>1 Cypress Creek, Dublin, Ireland</cbc:StreetName>');
    // Past its due date and unpaid: overdue in the client's list, until the agency records
    // the transfer on the invoice page.
    await client.goto('/accounts/globex');
    await expect(client.locator('.account-page[data-hydrated="true"]')).toBeVisible();
    const row = client.getByTestId('invoices').locator('tbody tr', { hasText: number });
    await expect(row.getByTestId('overdue')).toBeVisible();
    await page.goto(`/invoices/${number}`);
    await page.waitForLoadState('networkidle');
    const paid = page.getByTestId('invoice-paid');
    await paid.getByLabel('Paid on').fill('2026-03-16');
    await paid.getByLabel('Transfer reference').fill('SEPA 2026-0316');
    await paid.getByRole('button', { name: 'Record the payment' }).click();
    await expect(paid.getByRole('status')).toContainText('Paid on 16 Mar 2026 (reference SEPA 2026-0316)');
    await client.reload();
    await expect(client.locator('.account-page[data-hydrated="true"]')).toBeVisible();
    await expect(row).toBeVisible();
    await expect(row.getByTestId('overdue')).toHaveCount(0);
    await clientContext.close();

    // The accountant's CSV of the month, from the month-end page.
    await page.goto('/month-end');
    await page.waitForLoadState('networkidle');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('documents-2026-02-01-to-2026-02-28.csv');
  });
});
