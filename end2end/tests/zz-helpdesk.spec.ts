import { test, expect } from '@playwright/test';
import { USERS, failOnConsoleErrors, signIn } from './session';

// A helpdesk connects (README "Helpdesk API"): an admin creates a token on the integrations
// page, the helpdesk posts a piece of work twice and it is logged once, the work log shows it,
// and once the token is revoked the API refuses it. Named to run last: it logs work on Acme,
// whose figures the journeys check.

test.describe('helpdesk integration', () => {
  failOnConsoleErrors();

  test('a token made on the page logs work once through the API, and stops when revoked', async ({
    page,
    request,
  }, testInfo) => {
    await signIn(page, USERS.admin);
    await page.goto('/integrations');
    await page.waitForLoadState('networkidle');
    await expect(page.getByText('No tokens yet.')).toBeVisible();
    await page.getByLabel('Name').fill('Zendesk');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = page.getByTestId('token-secret');
    await expect(secret).toHaveValue(/^hbk_[0-9a-f]{64}$/);
    const token = await secret.inputValue();
    await expect(page.getByTestId('tokens')).toContainText('Zendesk');
    await page.screenshot({ path: testInfo.outputPath('integrations.png'), fullPage: true });

    // The same name again creates no second token.
    await page.getByLabel('Name').fill('Zendesk');
    await page.getByRole('button', { name: 'Create token' }).click();
    await expect(page.getByRole('alert')).toContainText('already named');
    await expect(page.getByTestId('tokens').locator('tbody tr')).toHaveCount(1);

    const work = {
      external_id: 'zd-e2e-1',
      ticket_id: '9001',
      ticket_url: 'https://help.example.com/tickets/9001',
      title: 'VPN drops every hour',
      minutes: 35,
      technician_email: USERS.dana.email,
      date: '2026-03-17',
    };
    const headers = { Authorization: `Bearer ${token}` };
    const url = '/api/v1/accounts/acme/entries';
    const first = await request.post(url, { headers, data: work });
    expect(first.status()).toBe(201);
    expect(first.headers()['idempotent-replayed']).toBe('false');
    const again = await request.post(url, { headers, data: work });
    expect(again.status()).toBe(201);
    expect(again.headers()['idempotent-replayed']).toBe('true');
    expect((await again.json()).id).toBe((await first.json()).id);

    await page.goto('/accounts/acme/work');
    await expect(page.locator('.account-page[data-hydrated="true"]')).toBeVisible();
    await expect(page.getByText('VPN drops every hour')).toHaveCount(1);

    await page.goto('/integrations');
    await page.waitForLoadState('networkidle');
    await page.getByRole('button', { name: 'Revoke Zendesk' }).click();
    await expect(page.getByTestId('tokens')).toContainText('Revoked');
    await page.setViewportSize({ width: 375, height: 740 });
    await page.screenshot({ path: testInfo.outputPath('integrations-phone.png'), fullPage: true });
    const refused = await request.get('/api/v1/accounts', { headers });
    expect(refused.status()).toBe(401);
    expect((await refused.json()).message).toContain('revoked');
  });
});
