// Helpers to drive Odoo 11's web client in headless Debian Chromium.
// Every check fails on an uncaught JavaScript error, a console error or an
// Odoo error dialog; screenshots go to var/screenshots/ (SHOTS_DIR), so a test
// run leaves the git tree clean: `make screenshots` refreshes the README's
// pictures in docs/screenshots/ from the demo database.
//
// Checks create the records they look at (rpc()) with fixed dates, or dates
// taken from the browser's clock (today()), never from demo data. When the
// suite fakes the Odoo server's clock (dev/run_tests.py --fake-date), the
// browser's clock is moved by the same offset (E2E_CLOCK_OFFSET, seconds), so
// that the web client's "today" and the server's agree.
'use strict';
const path = require('path');
const fs = require('fs');
const { chromium } = require('playwright-core');

const BASE = process.env.ODOO_URL || 'http://localhost:8069';
const DB = process.env.ODOO_DB || 'smart_pipeline_demo';
const SHOTS = process.env.SHOTS_DIR || path.join(__dirname, '..', 'var', 'screenshots');

// Viewports of the checks: the smallest common laptop, and a phone (touch).
const DESKTOP = { viewport: { width: 1366, height: 768 } };
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true,
  deviceScaleFactor: 1 };

async function launch(contextOptions) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext(contextOptions || { viewport: { width: 1400, height: 900 } });
  const offset = Number(process.env.E2E_CLOCK_OFFSET || 0);
  if (offset) {
    // time keeps flowing from the shifted instant; timers run as usual
    await context.clock.install({ time: Date.now() + offset * 1000 });
    await context.clock.resume();
  }
  const page = await context.newPage();
  // a loaded 2-core machine can take longer than Playwright's 30 s default to
  // compile the web client's assets on a first visit
  page.setDefaultTimeout(90000);
  const errors = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  // Chromium's console message of a 404 names no URL: keep the URLs, so that
  // a 404 is reported with its address, and the two that are not the
  // application's are let through: the browser's own /favicon.ico, and a
  // stale asset bundle (Odoo 11 regenerates a bundle while a first visit
  // still asks for the previous one's URL, then serves the new one).
  const notFound = [];
  // the other failed responses too, so that an error names its address
  const failed = [];
  page.on('response', (response) => {
    if (response.status() === 404) { notFound.push(response.url()); }
    else if (response.status() >= 400) { failed.push(`${response.status()} ${response.url()}`); }
  });
  const harmless404 = (url) => /\/favicon\.ico$|\/web\/content\/[^?]*assets_/.test(url);
  page.on('console', (msg) => {
    // the bus long-polling request is aborted on navigation: not an app error
    if (msg.type() !== 'error' || /longpolling|ERR_ABORTED|favicon/.test(msg.text())) {
      return;
    }
    if (/status of 404/.test(msg.text())) {
      const urls = notFound.splice(0, notFound.length);
      if (urls.length && urls.every(harmless404)) { return; }
      errors.push(`console: ${msg.text()} ${urls.join(' ')}`);
      return;
    }
    if (/the server responded with a status of/.test(msg.text())) {
      const responses = failed.splice(0, failed.length);
      // Odoo's own answer to an avatar the user may not read (a message's
      // author of another company in Discuss, seen at a salesperson's login
      // in CI): the image is refused and the web client shows its placeholder
      if (responses.length && responses.every((r) => /^403 .*\/web\/image\//.test(r))) { return; }
      errors.push(`console: ${msg.text()} ${responses.join(' ')}`);
      return;
    }
    errors.push(`console: ${msg.text()}`);
  });
  page.errors = errors;
  return { browser, page };
}

// Odoo 11 shows .o_loading while RPCs run; the bus long-polling request means
// "network idle" never happens, so wait for the indicator instead.
async function settle(page, ms = 400) {
  await page.waitForTimeout(ms);
  await page.waitForSelector('.o_loading', { state: 'hidden', timeout: 30000 }).catch(() => {});
  await page.waitForTimeout(ms);
  await assertNoError(page);
}

async function assertNoError(page) {
  const dialog = await page.$('.modal .o_dialog_warning, .modal .o_error_detail, .o_dialog_error');
  if (dialog) {
    const text = await page.evaluate(() => {
      const m = document.querySelector('.modal');
      const detail = m && m.querySelector('.o_error_detail');
      return m ? m.innerText + (detail ? `\n${detail.textContent}` : '') : '';
    });
    throw new Error(`Odoo error dialog: ${text.slice(0, 2000)}`);
  }
  if (page.errors.length) {
    throw new Error(`JavaScript errors:\n${page.errors.join('\n')}`);
  }
}

async function login(page, login = 'admin', password = 'admin') {
  await page.goto(`${BASE}/web/login?db=${encodeURIComponent(DB)}`);
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  await page.waitForSelector('.o_main_navbar, .o_web_client', { timeout: 90000 });
  // the home action (Discuss) drawn: one asked for before it ends is replaced
  // by it when it ends (seen in CI on a loaded machine: the objective form,
  // opened by URL right after the login, turned into Discuss's Inbox)
  await page.waitForSelector('.o_main_content .o_content > *', { state: 'attached', timeout: 90000 })
    .catch(() => {});
  await settle(page);
}

// Call a model method as the logged-in user (JSON-RPC, like the web client).
async function rpc(page, model, method, args, kwargs = {}) {
  return page.evaluate(async ([model, method, args, kwargs]) => {
    const response = await fetch('/web/dataset/call_kw', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0', method: 'call',
        params: { model, method, args, kwargs },
      }),
    });
    const body = await response.json();
    if (body.error) { throw new Error(JSON.stringify(body.error)); }
    return body.result;
  }, [model, method, args, kwargs]);
}

// The browser's day (YYYY-MM-DD), shifted by `days`: the web client's
// context_today(), in the browser's (UTC) timezone, or in `tz` (e.g. the
// user's, whose day the server counts in: between 23:00 and midnight UTC it
// is already tomorrow in Brussels).
async function today(page, days = 0, tz = 'UTC') {
  return page.evaluate(([days, tz]) => {
    const day = new Date(Date.now() + days * 86400000);
    // en-CA writes YYYY-MM-DD
    return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit',
      day: '2-digit' }).format(day);
  }, [days, tz]);
}

// The database id of an external id, e.g. "smart_pipeline.crm_stage_lost".
async function xmlid(page, name) {
  const [module, ref] = name.split('.');
  const rows = await rpc(page, 'ir.model.data', 'search_read',
    [[['module', '=', module], ['name', '=', ref]]], { fields: ['res_id'] });
  return rows[0].res_id;
}

// Drag `source` onto `target` (locators) the way a user does: jQuery UI
// sortable needs several mouse moves to start and to find the column.
async function dragTo(page, source, target) {
  const from = await source.boundingBox();
  const to = await target.boundingBox();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  // jQuery UI sortable needs several moves to start and to find the column
  const steps = 20;
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(
      from.x + from.width / 2 + ((to.x + to.width / 2) - (from.x + from.width / 2)) * i / steps,
      from.y + from.height / 2 + ((to.y + 60) - (from.y + from.height / 2)) * i / steps);
    await page.waitForTimeout(30);
  }
  await page.mouse.up();
}

// Open a client URL fragment, e.g. 'action=crm.crm_lead_opportunities_tree_view'.
async function open(page, fragment) {
  await page.goto(`${BASE}/web#${fragment}`);
  await page.waitForSelector('.o_main_content .o_control_panel',
    { state: 'attached', timeout: 30000 });
  await actionDrawn(page, `#${fragment}`);
  await settle(page, 700);
}

// Wait until the web client has drawn the action just asked for: until then
// the previous one (Discuss after a login) stays on screen with its search
// box, and a check that types or reads there loses its input (seen in CI on
// a loaded machine). Odoo 11 rewrites the URL's fragment to its own form
// (#id=7&view_type=form&model=res.partner, an action's numeric id) once the
// new action or record is drawn; an action in a dialog (a wizard) leaves it
// as it is, and is drawn once its dialog is.
async function actionDrawn(page, previousHash) {
  await page.waitForFunction((hash) => location.hash !== hash || document.querySelector('.modal'),
    previousHash, { timeout: 30000 })
    .catch(() => console.log(`no new action drawn in 30 s after ${previousHash}`));
}

// Open a menu by its XML id, e.g. 'crm.crm_menu_root', whichever menu the
// web client shows, the way a user does: Odoo's top menu and sidebar, or OCA
// web_responsive's app drawer (opened from the top bar) and section dropdowns.
// Both render the link as <a data-menu-xmlid>.
async function openMenu(page, name) {
  const selector = `a[data-menu-xmlid="${name}"]`;
  const link = page.locator(selector).first();
  await link.waitFor({ state: 'attached', timeout: 30000 });
  const before = await page.evaluate(() => location.hash);
  // Odoo's top menu lays its apps out again once loaded (the ones that do not
  // fit go to "More"): wait for that, then take the link the user sees, if any
  await settle(page, 300);
  // on screen, not only visible: web_responsive's closed app drawer keeps
  // its links displayed, slid out of the viewport (the index of the first
  // link on screen, plus one, so that none on screen is 0)
  const firstOnScreen = (sel) => 1 + Array.from(document.querySelectorAll(sel))
    .findIndex((a) => {
      const r = a.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0
        && r.left < window.innerWidth && r.top < window.innerHeight
        && getComputedStyle(a).visibility !== 'hidden';
    });
  let onScreen = (await page.evaluate(firstOnScreen, selector)) - 1;
  if (onScreen < 0 && !(await page.locator(`#odooAppDrawer ${selector}`).count())
      && !(await link.evaluate((a) => !!a.closest('ul.dropdown-menu')))) {
    // neither in a drawer nor in a dropdown: Odoo's menu is not drawn yet on
    // a loaded machine (seen in CI): wait for the link to come on screen
    onScreen = await page.waitForFunction(firstOnScreen, selector, { timeout: 30000 })
      .then((handle) => handle.jsonValue()).then((index) => index - 1).catch(() => -1);
  }
  if (onScreen >= 0) {
    await page.locator(selector).nth(onScreen).click();
    await actionDrawn(page, before);
    await settle(page, 700);
    return;
  }
  if (await page.locator(`#odooAppDrawer ${selector}`).count()) {
    // web_responsive: the apps are in a drawer that slides in
    await page.locator('.app-drawer-toggle:visible').first().click();
    await page.waitForTimeout(800);
  } else if (!(await link.isVisible())) {
    // web_responsive: a section's menus are in its dropdown
    await link.locator('xpath=ancestor::ul[contains(@class, "dropdown-menu")][last()]'
      + '/preceding-sibling::a[contains(@class, "dropdown-toggle")]').first().click();
  }
  await link.click();
  await actionDrawn(page, before);
  await settle(page, 700);
}

// Whether the web client shows Odoo's own menu (top bar and left sidebar)
// rather than web_responsive's.
async function hasOdooSidebar(page) {
  return page.evaluate(() => Boolean(document.querySelector('.o_sub_menu .oe_secondary_menu_section')));
}

// A day (YYYY-MM-DD) as a date field of the web client takes it typed in
// en_US (MM/DD/YYYY), with `time` (HH:MM:SS) for a datetime field.
function typedDate(day, time) {
  const [year, month, date] = day.split('-');
  return `${month}/${date}/${year}${time ? ` ${time}` : ''}`;
}

// The conversation line dialogs, as the checks fill them in: the open
// customer's Conversations tab, in edit mode, and its new line's
// dialog (a list row on a laptop, a card on a phone).
async function newConversationLine(page) {
  await page.click('.o_notebook a:has-text("Conversations")');
  await settle(page);
  await page.click('.o_form_button_edit');
  await settle(page);
  await page.click('.o_sp_conversation_log .o_field_x2many_list_row_add a, '
    + '.o_sp_conversation_log .o-kanban-button-new');
  await page.waitForSelector('.modal .o_form_view');
  await settle(page);
}

// Type the dialog's note and leave it: typing the note fills in the time and
// the employee (an onchange), whose answer must come before anything else is
// typed, or it overwrites it.
async function typeNote(page, note) {
  await page.waitForSelector('.modal [name=note]');
  await settle(page);
  await page.fill('.modal [name=note]', note);
  await page.press('.modal [name=note]', 'Tab');
  await settle(page);
}

// Type a value in a field of the dialog and leave it (the date picker,
// which covers the fields on a phone, closes; onchanges answer).
async function typeField(page, field, value, ms = 300) {
  const input = `.modal input[name=${field}], .modal [name=${field}] input`;
  await page.fill(input, value);
  await page.press(input, 'Tab');
  await settle(page, ms);
}

// Pick `text` in a many2one of the dialog (`scope`), by taps on a touch
// screen (options.tap) or clicks.
async function pickInDialog(page, field, text, options = {}) {
  const scope = options.scope || '.modal';
  const input = `${scope} [name=${field}] input`;
  const item = `.ui-autocomplete:visible li a:has-text("${text}")`;
  if (options.tap) { await page.tap(input); } else { await page.click(input); }
  await page.fill(input, text);
  await page.waitForSelector(item);
  if (options.tap) { await page.tap(item); } else { await page.click(item); }
  // the pick is done when the menu is gone (under load the next step came
  // while the field still had only the typed text: CI, 2026-12-08)
  await page.waitForSelector('.ui-autocomplete:visible', { state: 'detached' }).catch(() => {});
  await settle(page, 200);
}

async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  console.log(`screenshot ${file}`);
  return file;
}

// Run one scenario: node e2e/<file>.js; exits non-zero on any failure.
// contextOptions: DESKTOP, PHONE or any Playwright browser context options.
function run(name, fn, contextOptions) {
  (async () => {
    const { browser, page } = await launch(contextOptions);
    try {
      await fn(page);
      await assertNoError(page);
      console.log(`e2e ${name}: ok`);
    } catch (err) {
      await shot(page, `FAILED-${name}`).catch(() => {});
      console.error(`e2e ${name}: FAILED\n${err.stack || err}`);
      process.exitCode = 1;
    } finally {
      await browser.close();
    }
  })();
}

module.exports = {
  BASE, DB, SHOTS, DESKTOP, PHONE, launch, settle, assertNoError, login, rpc, xmlid, dragTo,
  today, open, openMenu, hasOdooSidebar, shot, run, typedDate, newConversationLine, typeNote,
  typeField, pickInDialog,
};
