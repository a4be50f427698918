import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
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
    const policy = String(page.headers['content-security-policy']);
    assert.match(policy, /default-src 'self'/);
    assert.match(policy, /connect-src 'self'/);
    const script = await t.app.inject('/docs/static/swagger-ui-bundle.js');
    assert.equal(script.statusCode, 200, 'Swagger UI ships in the package');
  });

  it('renders the same document as /openapi.json', async () => {
    const [docs, openapi] = await Promise.all([t.app.inject('/docs/json'), t.app.inject('/openapi.json')]);
    assert.deepEqual(docs.json(), openapi.json());
  });
});

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
    });
    after(async () => {
      await browser?.close();
      await t?.close();
      if (profile) await rm(profile, { recursive: true, force: true });
    });

    it('shows every operation, loading nothing from anywhere but this server', async () => {
      browser = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: { width: 1280, height: 1100 },
      });
      const page = browser.pages()[0] ?? (await browser.newPage());
      const requested: string[] = [];
      const problems: string[] = [];
      page.on('request', (request) => requested.push(request.url()));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));

      await page.goto(`${url}/docs`);
      await page.getByText('findAllCustomers', { exact: true }).waitFor({ state: 'visible', timeout: 30_000 });
      await page.getByText('List all customers').first().waitFor({ state: 'visible' });
      await mkdir(join(SCREENSHOT, '..'), { recursive: true });
      await page.screenshot({ path: SCREENSHOT });
      // Opening an operation renders its parameters and schemas: still nothing from elsewhere, no error.
      await page.getByText('findAllCustomers', { exact: true }).click();
      await page.getByText('Max number of items per page is 50.').waitFor({ state: 'visible' });

      const elsewhere = requested.filter((address) => {
        const { protocol, hostname } = new URL(address);
        return !['data:', 'blob:'].includes(protocol) && hostname !== '127.0.0.1';
      });
      assert.deepEqual(elsewhere, [], 'every request stays on 127.0.0.1');
      assert.ok(
        requested.some((address) => address.endsWith('/docs/json')),
        'the page loads the document',
      );
      assert.deepEqual(problems, [], 'no script error, no refused resource');
    });
  },
);
