// Lead and objective forms at 1366x768. A salesperson sees the lead's
// referent without debug mode and both rejections under "Contact
// preferences"; a sales manager saves a new objective on the first try
// (start and end dates filled in) and prints it from its form (the same
// Print menu entry is on the objective list).
'use strict';
const { run, login, open, settle, shot, rpc, DESKTOP } = require('./lib');
const { screensData } = require('./data/screens');

run('screens_forms', async (page) => {
  await login(page);
  const data = await screensData(page);
  const leadId = await rpc(page, 'crm.lead', 'create', [{
    name: 'Fleet telematics for Northwind', type: 'lead', user_id: data.userId,
    referent_id: data.contactId, call_rejection: true,
  }]);

  // as the salesperson: the lead's form
  await page.goto(`${process.env.ODOO_URL || 'http://localhost:8069'}/web/session/logout`);
  await login(page, data.login, data.login);
  await open(page, `model=crm.lead&id=${leadId}&view_type=form`);
  const referent = await page.innerText('.o_form_view .o_field_widget[name=referent_id]');
  if (!/Nora Lane/.test(referent)) { throw new Error(`referent not shown: "${referent}"`); }
  await page.click('.o_notebook a:has-text("Extra Info")');
  await settle(page);
  const extra = await page.innerText('.o_notebook .tab-pane.active');
  if (!/Contact preferences/i.test(extra) || !/Call Rejection/i.test(extra)) {
    throw new Error('no Contact preferences group with the rejections');
  }
  await shot(page, 'lead_form_contact_preferences');

  // as admin (a sales manager): a new objective saves as it opens
  await page.goto(`${process.env.ODOO_URL || 'http://localhost:8069'}/web/session/logout`);
  await login(page);
  await open(page, 'action=smart_pipeline.crm_objective_action&view_type=list');
  await page.click('.o_list_button_add');
  await page.waitForSelector('.o_form_view.o_form_editable');
  await settle(page);
  await page.fill('.o_form_view input.o_field_widget[name=name]', 'Calls this month');
  await page.click('.o_form_view [name=user_id] input');
  await page.fill('.o_form_view [name=user_id] input', 'Sam Screens');
  await page.waitForSelector('.ui-autocomplete:visible li a:has-text("Sam Screens")');
  await page.click('.ui-autocomplete:visible li a:has-text("Sam Screens")');
  await settle(page, 200);
  await page.click('.o_field_x2many_list_row_add a');
  await settle(page);
  await page.selectOption('.o_selected_row select[name=measure]', { index: 1 });
  await page.fill('.o_selected_row [name=target] input, .o_selected_row input[name=target]', '20');
  const start = await page.inputValue('.o_form_view [name=date_start] input');
  const end = await page.inputValue('.o_form_view [name=date_end] input');
  if (!start || !end) { throw new Error(`new objective without dates: "${start}" - "${end}"`); }
  await shot(page, 'objective_new');
  await page.click('.o_form_button_save');
  // saving is a write and a read: on a loaded machine the form may stay in
  // edit mode between them, past any settle
  await page.waitForSelector('.o_form_view.o_form_readonly', { timeout: 30000 })
    .catch(() => { throw new Error('the new objective did not save'); });
  await settle(page);
  const [objective] = await rpc(page, 'crm.objective', 'search_read',
    [[['name', '=', 'Calls this month']], ['date_start', 'date_end']], { limit: 1, order: 'id desc' });
  if (!objective.date_start || !objective.date_end) { throw new Error('objective dates not filled in'); }

  // Print > Objectives vs. Actuals from the saved objective's form
  await page.click('.o_cp_sidebar button:has-text("Print")');
  const item = '.o_cp_sidebar .dropdown-menu a:has-text("Objectives vs. Actuals")';
  await page.waitForSelector(item);
  await shot(page, 'objective_form_print');
  await page.keyboard.press('Escape');
  await rpc(page, 'crm.objective', 'unlink', [[objective.id]]);
  await rpc(page, 'crm.lead', 'unlink', [[leadId]]);
}, DESKTOP);
