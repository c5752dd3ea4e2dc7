import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { USERS, signIn } from './session';

// Every page, for each role that sees it, at desktop and at phone width: axe-core finds no
// WCAG 2.1 A/AA violation, and at phone width the page never scrolls sideways. Read-only: it
// runs first, on the demo data as seeded.

const WIDTHS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 375, height: 740 },
];

type Pages = { user?: { email: string; password: string }; language?: string; paths: string[] };

// Acme's client reads German (the account's locale) or, chosen, Slovenian.
const ACME_CLIENT_PATHS = [
  '/',
  '/accounts/acme',
  '/accounts/acme/work',
  '/accounts/acme/packs',
  '/accounts/acme/quotes',
  '/invoices/2026-000001',
  '/me',
];

// English words of the interface that a translated page must not show.
const ENGLISH = /\b(Work log|Buy hours|Invoices|Loading|Sign out|Log entry|Balance by lot|Needs your attention|No work logged yet|Download CSV)\b/;

const PAGES: Record<string, Pages> = {
  visitor: { paths: ['/sign-in', '/no/such/page', `/invitation/${'0'.repeat(64)}`] },
  admin: {
    user: USERS.admin,
    paths: [
      '/',
      '/accounts/acme',
      '/accounts/acme/work',
      '/accounts/acme/packs',
      '/accounts/acme/quotes',
      '/accounts/acme/manage',
      '/month-end',
      '/payouts',
      '/people',
      '/catalog',
      '/licences',
      '/settings',
      '/integrations',
      '/service-levels',
      '/me',
      '/invoices/2026-000001',
    ],
  },
  'admin in German': {
    user: USERS.admin,
    language: 'de',
    paths: ['/catalog', '/licences', '/accounts/acme/manage', '/settings', '/integrations', '/service-levels'],
  },
  'admin in Slovenian': {
    user: USERS.admin,
    language: 'sl',
    paths: ['/catalog', '/licences', '/settings', '/accounts/acme/manage', '/integrations', '/service-levels'],
  },
  technician: { user: USERS.luca, paths: ['/accounts/initech/work', '/accounts/initech/quotes', '/payouts'] },
  client: {
    user: USERS.initechClient,
    paths: [
      '/accounts/initech',
      '/accounts/initech/packs',
      '/accounts/initech/quotes',
      '/accounts/initech/work',
      '/invoices/2026-000004',
    ],
  },
  'client in German': { user: USERS.acmeClient, language: 'de', paths: ACME_CLIENT_PATHS },
  'client in Slovenian': { user: USERS.acmeClient, language: 'sl', paths: ACME_CLIENT_PATHS },
};

// What a client must never read: the demo's internal ids of entries (e12, i21), orders (o48,
// pack-luca-1), quotes (q-sso) and lots (allowance:2026-02, pack:…).
const INTERNAL_ID =
  /\b(?:[eio]\d+|pack-luca-\d|q-(?:reports|sso)|(?:allowance|carryover|rollover|credit|pack|refund|cancel):\S+)\b/;

async function settled(page: Page) {
  // Account pages mark themselves once hydrated; others have no such mark.
  await page.waitForLoadState('networkidle');
  const account = page.locator('.account-page');
  if (await account.count()) {
    await expect(account).toHaveAttribute('data-hydrated', 'true');
  }
}

for (const [role, { user, language, paths }] of Object.entries(PAGES)) {
  for (const size of WIDTHS) {
    test(`${role}'s pages at ${size.name} width: no axe violation, no sideways scrolling`, async ({
      page,
    }, testInfo) => {
      await page.setViewportSize({ width: size.width, height: size.height });
      if (user) await signIn(page, user);
      if (language) {
        // A language chosen in this browser only (the cookie the picker sets): nothing stored.
        const url = new URL(page.url());
        await page.context().addCookies([{ name: 'hb_language', value: language, url: url.origin }]);
      }
      for (const path of paths) {
        await page.goto(path);
        await settled(page);
        if (language) {
          await expect(page.locator('html')).toHaveAttribute('lang', language);
          const text = await page.locator('body').innerText();
          expect.soft(text.match(ENGLISH)?.[0], `English left on ${path} in ${language}`).toBeUndefined();
        }
        const results = await new AxeBuilder({ page })
          .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
          .analyze();
        const found = results.violations.map(
          (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        );
        expect.soft(found, `axe on ${path} at ${size.name} width`).toEqual([]);
        const widths = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          inner: window.innerWidth,
        }));
        expect.soft(widths.scroll, `${path} scrolls sideways at ${size.name} width`).toBeLessThanOrEqual(
          widths.inner,
        );
        if (role.startsWith('client')) {
          const text = await page.locator('body').innerText();
          expect.soft(text.match(INTERNAL_ID)?.[0], `an internal id on ${path}`).toBeUndefined();
        }
        const name = `${role.replace(/ /g, '-')}-${size.name}${path.replace(/[^a-z0-9]+/gi, '-')}.png`;
        await page.screenshot({ path: testInfo.outputPath(name), fullPage: true });
      }
    });
  }
}
