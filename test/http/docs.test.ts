import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startTestApp, suiteTestApp, type TestApp } from '../helpers/test-app.js';

// Debian's chromium, installed by .ci/run in CI. Playwright's own browser download is never used.
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOT = fileURLToPath(new URL('../../test-output/docs.png', import.meta.url));
const inCi = Boolean(process.env.CI) && process.env.CI !== 'false' && process.env.CI !== '0';
const chromiumMissing = !existsSync(CHROMIUM);

describe('GET /docs', (suite) => {
  const t = suiteTestApp(suite);

  it('serves the reference page without a key, with a policy that keeps the browser on this server', async () => {
    const page = await t.app.inject('/docs');
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.doesNotMatch(page.body, /https?:\/\//, 'the page names no other server');
    assert.match(page.body, /<redoc\s+spec-url="\/openapi.json"/);
    const policy = String(page.headers['content-security-policy']);
    for (const directive of ["default-src 'self'", "connect-src 'self'", "script-src 'self'", "object-src 'none'"])
      assert.ok(policy.includes(directive), directive);
    assert.doesNotMatch(policy, /unsafe-eval|https?:|\*/, 'no code from strings, no other source');
  });

  it("serves Redoc's renderer from this server, as the redoc package ships it", async () => {
    const page = await t.app.inject('/docs');
    const scripts = [...page.body.matchAll(/<script src="([^"]+)"/g)].map((match) => match[1]);
    assert.deepEqual(scripts, ['/docs/redoc.standalone.js']);
    const script = await t.app.inject('/docs/redoc.standalone.js');
    assert.equal(script.statusCode, 200);
    assert.match(String(script.headers['content-type']), /^application\/javascript/);
    assert.match(script.body, /Redoc/);
    assert.doesNotMatch(script.body, /cdn\.redoc\.ly/, 'the logo it would load from Redocly’s CDN is left out');
    assert.ok(script.rawPayload.length > 500_000, 'the whole bundle');
  });
});

/** What a page asked for that is not this server; every such request is aborted. */
function keepOnServer(page: Page, origin: string): string[] {
  const elsewhere: string[] = [];
  void page.route('**', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    elsewhere.push(url);
    return route.abort('internetdisconnected');
  });
  return elsewhere;
}

describe(
  'GET /docs in a browser',
  {
    skip:
      chromiumMissing && !inCi
        ? `needs Debian's chromium at ${CHROMIUM} (apt-get install chromium); CI installs it and never skips`
        : false,
  },
  () => {
    let t: TestApp;
    let url: string;
    let profile: string;
    let browser: BrowserContext | undefined;
    before(async () => {
      assert.ok(!chromiumMissing, `CI is set but ${CHROMIUM} is missing: .ci/run installs it before the tests`);
      t = await startTestApp();
      url = await t.app.listen({ port: 0, host: '127.0.0.1' });
      profile = await mkdtemp(join(tmpdir(), 'ledger-chromium-'));
      browser = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: { width: 1400, height: 1000 },
      });
    });
    after(async () => {
      await browser?.close();
      await t?.close();
      if (profile) await rm(profile, { recursive: true, force: true });
    });

    it('renders offline, finds an operation by search and shows its code samples and error codes', async () => {
      const page = browser!.pages()[0] ?? (await browser!.newPage());
      const requested: string[] = [];
      const problems: string[] = [];
      page.on('request', (request) => requested.push(request.url()));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      const elsewhere = keepOnServer(page, url);

      await page.goto(`${url}/docs`);
      // The guide, from info.description, and an operation of the menu: the document was loaded and drawn.
      await page.getByRole('heading', { name: 'Idempotency-Key' }).first().waitFor({ timeout: 60_000 });

      // Search: the operation is among the results, and choosing it opens it.
      const search = page.getByPlaceholder('Search...');
      await search.fill('customers');
      const results = page.locator('[data-role="search:results"]');
      await results.getByText('List all customers').first().waitFor({ timeout: 30_000 });
      await results.getByText('List all customers').first().click();
      const operation = page.locator('[id="tag/Customer/operation/findAllCustomers"]');
      await operation.getByText('1 credit per API call.').first().waitFor();

      // The request samples: each client's tab, the PHP SDK's call among them.
      await operation.getByRole('tab', { name: 'PHP (tatum-php)' }).click();
      await operation.getByText('->findAllCustomers(').first().waitFor();
      await operation.evaluate((element) => element.scrollIntoView());
      await mkdir(join(SCREENSHOT, '..'), { recursive: true });
      await page.screenshot({ path: SCREENSHOT });
      await operation.getByRole('tab', { name: '@tatumio/api-client' }).click();
      await operation.getByText('tatum.ledger.customer.findAllCustomers(').first().waitFor();

      // Its refusals: a status opens to its codes and messages.
      await operation.getByRole('button', { name: /^403/ }).click();
      await operation.getByText('credits.quota.exceeded').first().waitFor();

      assert.deepEqual(elsewhere, [], 'the page asks for nothing but this server');
      assert.ok(
        requested.some((address) => address === `${url}/openapi.json`),
        'the page loads the document',
      );
      assert.ok(
        requested.some((address) => address === `${url}/docs/redoc.standalone.js`),
        'and the renderer',
      );
      assert.deepEqual(problems, [], 'no script error, no resource the policy refused');
    });
  },
);
