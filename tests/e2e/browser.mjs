// Debian's Chromium driven by playwright-core, plus helpers shared by the browser tests.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { repoRoot } from './server.mjs';

export const screenshotDir = process.env.PARLEY_SCREENSHOT_DIR ?? join(repoRoot, 'docs/screenshots');

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * A fresh context (own cookies) and page at laptop size. `problems` collects uncaught page errors, CSP
 * violations and console errors other than the browser's note about a 4xx/5xx answer (which the UI expects).
 */
export async function openPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
  // Everything here answers within milliseconds; a short wait makes a failure quick to report.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') {
      return;
    }
    const text = message.text();
    if (/^Failed to load resource: the server responded with a status of (401|403|404|429)/.test(text)) {
      return;
    }
    problems.push(`console error: ${text}`);
  });
  return { context, page, problems };
}

export async function saveScreenshot(page, name) {
  await mkdir(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, name), fullPage: false });
}

/** Fills and submits the sign-in form (the page must show it). */
export async function submitSignIn(page, email, password) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** From anywhere signed out: open the app, sign in, wait for the shell. */
export async function signIn(page, baseUrl, user, path = '/') {
  await page.goto(`${baseUrl}${path}`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await submitSignIn(page, user.email, user.password);
  await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
}

/** GET from the page itself, so the browser's own cookies decide. */
export function fetchFromPage(page, path) {
  return page.evaluate(async (target) => {
    const response = await fetch(target, { credentials: 'same-origin' });
    let body = null;
    try {
      body = await response.json();
    } catch {
      // not JSON
    }
    return { status: response.status, body };
  }, path);
}
