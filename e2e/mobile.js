// A salesperson on a phone (360x740, touch): opens the customer, logs a
// visit with a follow-up date from the Conversations tab, then logs the
// follow-up with "Follow up on this", with the addon's own views. Taps, not
// clicks. Then the Sales Pipeline Overview's three screens (Overview, Flow,
// Forecast) of 2025, which hold those lines: none scrolls sideways, a wide
// table scrolls inside its own box, a table of few columns fits its box.
// Set SHOT_SUFFIX to keep the screenshots of a second run apart (e.g. with
// OCA's web_responsive installed).
'use strict';
const {
  run, login, open, settle, shot, rpc, PHONE, pickInDialog,
} = require('./lib');
const { screensData } = require('./data/screens');

const SUFFIX = process.env.SHOT_SUFFIX || '';

// The page does not scroll sideways, nor does the element `main` (a client
// action's own scrolling content) when given: with web_responsive the web
// client's .o_main scrolls, not the document, and a content wider than the
// phone widens the action's element itself
async function noSidewaysScroll(page, what, main) {
  const widths = await page.evaluate((selector) => {
    const element = selector && document.querySelector(selector);
    return {
      page: document.documentElement.scrollWidth,
      window: window.innerWidth,
      main: element && Math.max(element.scrollWidth, element.getBoundingClientRect().right),
    };
  }, main);
  if (widths.page > widths.window + 1) {
    throw new Error(`${what}: the page scrolls sideways (${widths.page} px in ${widths.window} px)`);
  }
  if (main && widths.main === null) {
    throw new Error(`${what}: no ${main}`);
  }
  if (main && widths.main > widths.window + 1) {
    throw new Error(`${what}: ${main} is wider than the phone (${widths.main} px in ${widths.window} px)`);
  }
}

// The tables of few columns, per screen, fit a phone's box: they do not
// scroll inside their wrapper (the Stages, Cohorts, Employees and
// Forecast tables, of many columns, may: that is what the wrapper is for).
// What Wins: Channels, 9 px wider than its box ("Telephone" and
// "Customers"), scrolled by those 9 px and hid the "%" of Win %.
const FITTING_TABLES = {
  overview: ['.o_pipeline_overview_stages', '.o_pipeline_overview_analysis',
    '.o_pipeline_overview_lost_reasons'],
  flow: ['.o_pipeline_flow_attention', '.o_pipeline_flow_by_topic', '.o_pipeline_flow_by_channel'],
  forecast: [],
};

async function tablesFit(page, what, selectors) {
  const tables = await page.evaluate((list) => list.map((selector) => {
    const table = document.querySelector(selector);
    const box = table && table.parentElement;
    return { selector, table: table && Math.ceil(table.getBoundingClientRect().width),
      box: box && box.clientWidth };
  }), selectors);
  for (const { selector, table, box } of tables) {
    if (table === null) {
      throw new Error(`${what}: no ${selector}`);
    }
    if (table > box + 1) {
      throw new Error(`${what}: ${selector} is wider than its box (${table} px in ${box} px)`);
    }
  }
}

const NOTE = 'Visited the Leeds depot with Nora: two more drivers want the app.';

run('mobile', async (page) => {
  await login(page);
  const data = await screensData(page);
  // the visit an earlier run logged, and its follow-up, go: the check finds
  // its visit by its note
  const earlier = await rpc(page, 'crm.conversation', 'search', [[['note', '=', NOTE]]]);
  if (earlier.length) {
    await rpc(page, 'crm.conversation', 'unlink', [await rpc(page, 'crm.conversation', 'search',
      [[['follow_up_of_id', 'in', earlier]]])]);
    await rpc(page, 'crm.conversation', 'unlink', [earlier]);
  }
  await page.goto(`${process.env.ODOO_URL || 'http://localhost:8069'}/web/session/logout`);
  await login(page, data.login, data.login);

  await open(page, `model=res.partner&id=${data.customerId}&view_type=form`);
  await page.tap('.o_notebook a:has-text("Conversations")');
  await settle(page);
  await noSidewaysScroll(page, 'the customer form');
  await shot(page, `mobile_conversation_tab${SUFFIX}`);

  // log a visit with a follow-up date
  await page.tap('.o_form_button_edit');
  await settle(page);
  await page.tap('.o_sp_conversation_log .o-kanban-button-new');
  await page.waitForSelector('.modal .o_form_view');
  await settle(page);
  const note = NOTE;
  await page.fill('.modal [name=note]', note);
  await pickInDialog(page, 'channel_id', 'Visit', { tap: true });
  // typing the note dated the line now: date it on a fixed day, since its
  // follow-up cannot be before its own day
  await page.fill('.modal [name=date_begin] input', '03/17/2025 09:00:00');
  await page.fill('.modal [name=follow_up_date] input', '03/24/2025');
  await page.tap('.modal [name=note]');
  await noSidewaysScroll(page, 'the new line');
  await shot(page, `mobile_log_visit${SUFFIX}`);
  await page.tap('.modal .modal-footer button:has-text("Save & Close")');
  await page.waitForSelector('.modal', { state: 'detached' });
  await settle(page);
  await page.tap('.o_form_button_save');
  await settle(page, 800);
  const [visit] = await rpc(page, 'crm.conversation', 'search_read',
    [[['note', '=', note]], ['channel_id', 'follow_up_date', 'user_id']]);
  if (!visit || visit.follow_up_date !== '2025-03-24' || visit.user_id[0] !== data.userId) {
    throw new Error(`the visit was not logged: ${JSON.stringify(visit)}`);
  }

  // log its follow-up: Follow up on this, then Log and Complete the Original
  const row = `.o_sp_conversation_log .o_kanban_record:has-text("two more drivers")`;
  await page.locator(`${row} button[data-name=action_follow_up]`).scrollIntoViewIfNeeded();
  await shot(page, `mobile_conversation_cards${SUFFIX}`);
  await page.tap(`${row} button[data-name=action_follow_up]`);
  await page.waitForSelector('.modal .o_form_view');
  await settle(page);
  await page.fill('.modal [name=note]', 'Called Nora back: she orders the two licences.');
  await noSidewaysScroll(page, 'the follow-up dialog');
  await shot(page, `mobile_log_follow_up${SUFFIX}`);
  await page.tap('.modal .modal-footer button:has-text("Log and Complete the Original")');
  await page.waitForSelector('.modal', { state: 'detached' });
  await settle(page, 800);
  const [origin] = await rpc(page, 'crm.conversation', 'read',
    [[visit.id], ['completed', 'follow_up_ids', 'follow_up_activity_ids']]);
  if (!origin.completed || origin.follow_up_ids.length !== 1 || origin.follow_up_activity_ids.length) {
    throw new Error(`the follow-up was not logged: ${JSON.stringify(origin)}`);
  }
  await shot(page, `mobile_after_follow_up${SUFFIX}`);

  // the Sales Pipeline Overview of 2025 (the lines above), its three screens
  for (const mode of ['overview', 'flow', 'forecast']) {
    await page.evaluate((pipelineMode) => { odoo.__DEBUG__.services['web.web_client'].do_action({
      type: 'ir.actions.client',
      tag: 'smart_pipeline.pipeline_overview',
      name: 'Sales Pipeline Overview',
      context: {
        pipeline_overview_mode: pipelineMode,
        pipeline_overview_period: 'year',
        pipeline_overview_reference_date: '2025-12-31',
      },
    }, { clear_breadcrumbs: true }); }, mode);
    await page.waitForSelector({
      overview: '.o_pipeline_overview_employees',
      flow: '.o_pipeline_flow_stages',
      forecast: '.o_pipeline_forecast_months',
    }[mode]);
    await settle(page, 800);
    await noSidewaysScroll(page, `the pipeline ${mode}`, '.o_pipeline_overview');
    await tablesFit(page, `the pipeline ${mode}`, FITTING_TABLES[mode]);
    await shot(page, `mobile_pipeline_${mode}${SUFFIX}`);
  }
}, PHONE);
