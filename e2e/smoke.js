// Log in, open the CRM pipeline kanban and a partner form: no JS error, no error dialog.
'use strict';
const { run, login, open, shot } = require('./lib');

run('smoke', async (page) => {
  await login(page);
  await open(page, 'action=crm.crm_lead_opportunities_tree_view&view_type=kanban');
  await page.waitForSelector('.o_kanban_view');
  await shot(page, 'crm_pipeline_kanban');
  await open(page, 'action=contacts.action_contacts');
  await page.click('.o_kanban_record:not(.o_kanban_ghost)');
  await page.waitForSelector('.o_form_view');
  await shot(page, 'partner_form');
});
