// Steps of the Check Duplicates browser checks (check_duplicates*.js).
'use strict';
const { login, settle, rpc } = require('../lib');
const { screensData } = require('./screens');

const BASE = process.env.ODOO_URL || 'http://localhost:8069';

async function asSalesperson(page) {
  await login(page);
  const data = await screensData(page);
  await page.goto(`${BASE}/web/session/logout`);
  await login(page, data.login, data.login);
  return data;
}

async function line(page, partnerId, day, note, leadId) {
  return rpc(page, 'crm.conversation', 'create', [{
    partner_id: partnerId, lead_id: leadId || false,
    date_begin: `${day} 10:00:00`, note,
  }]);
}

async function checkFromSelection(page, tap) {
  const act = tap ? page.tap.bind(page) : page.click.bind(page);
  await act('.o_list_view thead .o_list_record_selector input');
  await settle(page, 200);
  await act('.o_cp_sidebar .o_dropdown_toggler_btn:has-text("Action")');
  await act('.o_cp_sidebar .dropdown-menu a:has-text("Check Duplicates")');
  await page.waitForSelector('.modal .o_form_view');
  await settle(page);
  const form = await page.innerText('.modal .o_form_view');
  if (/\((res\.partner|crm\.lead)\)/.test(form)) {
    throw new Error(`technical field labels: ${form}`);
  }
  const tags = await page.innerText('.modal [name=field_ids]');
  if (!/Email/.test(tags) || !/Phone/.test(tags) || /Name/.test(tags)) {
    throw new Error(`default fields should be Email and Phone: "${tags}"`);
  }
}

// Click "Check Duplicates" and wait for its answer, the dialog's result step
// ("Change Fields" shown), however long the search takes on a loaded server
// (a fixed pause once read the dialog before it: seen in CI).
async function runCheck(page, tap) {
  const button = '.modal-footer button:has-text("Check Duplicates")';
  await (tap ? page.tap(button) : page.click(button));
  await page.waitForSelector('.modal-footer button:has-text("Change Fields")', { timeout: 90000 });
  await settle(page, 400);
}

async function merge(page, rowText, button, tap) {
  const row = page.locator('.modal .o_data_row, .modal .o_kanban_record', { hasText: rowText }).first();
  await (tap ? row.locator('button:has-text("Merge")').tap()
    : row.locator('button:has-text("Merge")').click());
  const submit = `.modal-footer button:has-text("${button}")`;
  await page.waitForSelector(submit);
  await settle(page);
  return submit;
}

module.exports = {
  asSalesperson, line, checkFromSelection, runCheck, merge,
};
