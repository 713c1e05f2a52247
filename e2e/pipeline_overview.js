// Sales Pipeline Overview: the screen with its filters, a
// drill-down from a figure and the printed PDF (saved next to the shots and
// turned into PNG pages with pdftoppm).
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { SHOTS, run, login, rpc, open, settle, shot } = require('./lib');

async function openMenu(page, label) {
  await page.click(`.o_search_options .o_dropdown_toggler_btn:has-text("${label}")`);
  await page.waitForSelector('.o_search_options .dropdown-menu:visible');
}

run('pipeline_overview', async (page) => {
  await login(page);
  // two employees' sales conversations on a customer, on fixed past days: the
  // "All Time" period below always holds them
  const [stage] = await rpc(page, 'ir.model.data', 'search_read',
    [[['module', '=', 'smart_pipeline'], ['name', '=', 'crm_stage_initial_contact']]],
    { fields: ['res_id'] });
  const users = await rpc(page, 'res.users', 'search_read',
    [[['login', 'in', ['admin', 'demo']]], ['login']]);
  const partnerId = await rpc(page, 'res.partner', 'create',
    [{ name: `Overview Customer ${Date.now() % 100000}`, customer: true }]);
  for (const [index, user] of users.entries()) {
    await rpc(page, 'crm.conversation', 'create', [{
      partner_id: partnerId, user_id: user.id, stage_id: stage.res_id,
      date_begin: `2025-03-1${index} 09:00:00`, duration: 30, note: 'Discovery call',
    }]);
  }
  // CRM's onboarding tour bubbles would cover the title
  await page.addStyleTag({ content: '.o_tooltip { display: none !important; }' });
  await open(page, 'action=smart_pipeline.crm_pipeline_overview_action');
  await page.addStyleTag({ content: '.o_tooltip { display: none !important; }' });
  await page.waitForSelector('.o_pipeline_overview_tiles .o_pipeline_overview_tile');
  await settle(page);
  await shot(page, 'pipeline_overview');

  // the Period menu, then "All Time": the facet follows
  await openMenu(page, 'Period');
  await shot(page, 'pipeline_overview_period_menu');
  await page.click('.o_pipeline_overview_period[data-period="all"]');
  await settle(page);
  const facet = await page.textContent('.o_pipeline_overview_searchview');
  if (!/All Time/.test(facet)) {
    throw new Error(`period facet not updated: ${facet}`);
  }
  await page.keyboard.press('Escape');
  await page.click('.o_pipeline_overview_content');

  // one salesperson: the employees table keeps only that employee
  await openMenu(page, 'Salespeople');
  await page.click('.o_pipeline_overview_user >> nth=0');
  await settle(page);
  await page.click('.o_pipeline_overview_content');
  await shot(page, 'pipeline_overview_filtered');
  const employees = await page.$$('.o_pipeline_overview_employees tbody tr');
  if (employees.length > 1) {
    throw new Error(`salesperson filter not applied: ${employees.length} employees`);
  }
  await page.click('.o_pipeline_overview_searchview .o_searchview_facet[data-key="userIds"] .o_facet_remove');
  await settle(page);
  // wait for the re-render without the filter before clicking a figure
  await page.waitForFunction(
    () => document.querySelectorAll('.o_pipeline_overview_employees tbody tr').length > 1);
  await settle(page);

  // drill-down: the "Won" tile opens the customers behind it
  const won = (await page.textContent('.o_pipeline_overview_tile[data-measure="won"] .o_pipeline_overview_value')).trim();
  await page.click('.o_pipeline_overview_tile[data-measure="won"]');
  await page.waitForSelector('.o_list_view');
  await settle(page);
  const rows = await page.$$('.o_list_view .o_data_row');
  if (String(rows.length) !== won) {
    throw new Error(`Won shows ${won} but the drill-down lists ${rows.length} customers`);
  }
  await shot(page, 'pipeline_overview_drilldown');
  await page.click('.o_control_panel .breadcrumb li:first-child a');
  await page.waitForSelector('.o_pipeline_overview_tiles');
  await settle(page);

  // Print: the PDF of the same figures
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 120000 }),
    page.click('.o_pipeline_overview_print'),
  ]);
  fs.mkdirSync(SHOTS, { recursive: true });
  const pdf = path.join(SHOTS, 'pipeline_overview_report.pdf');
  await download.saveAs(pdf);
  execFileSync('pdftoppm', ['-png', '-r', '60', pdf, path.join(SHOTS, 'pipeline_overview_report')]);
  const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
  if (!text.includes('Sales Pipeline Overview') || !text.includes(won)) {
    throw new Error(`the PDF does not show the figures:\n${text.slice(0, 800)}`);
  }
  console.log(`report ${pdf}`);
  await settle(page);
});
