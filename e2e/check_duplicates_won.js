// Check Duplicates on opportunities as a salesperson, at 1366x768 (issue 20,
// row 5), on its own data: won deals are left out by default, so the only
// group listed holds the two open deals and Odoo's merge lists both; on
// request, won deals are shown with their stage, and a group with a single
// open deal offers no Merge (Odoo's merge would keep one row and refuse).
'use strict';
const { run, open, settle, shot, rpc, xmlid, DESKTOP } = require('./lib');
const { asSalesperson, checkFromSelection, runCheck } = require('./data/duplicates');

run('check_duplicates_won', async (page) => {
  const data = await asSalesperson(page);
  const stamp = `${Date.now() % 100000}`;
  const won = await xmlid(page, 'smart_pipeline.crm_stage_won');
  const demo = await xmlid(page, 'smart_pipeline.crm_stage_demo_given');
  const deal = (name, email, stage) => rpc(page, 'crm.lead', 'create', [{
    name: `${name} ${stamp}`, type: 'opportunity', email_from: email, user_id: data.userId,
    stage_id: stage, planned_revenue: 1000,
  }]);
  // Maple: one open deal, three won; Elm: two open deals, one won
  const maple = `buyer.${stamp}@maple.example.com`;
  const elm = `buyer.${stamp}@elm.example.com`;
  await deal('Maple chairs', maple, demo);
  for (const n of [1, 2, 3]) { await deal(`Maple chairs won ${n}`, maple, won); }
  await deal('Elm desks', elm, demo);
  await deal('Elm desks bis', elm, demo);
  await deal('Elm desks won', elm, won);

  await open(page, 'action=crm.crm_lead_opportunities_tree_view&view_type=list');
  await page.type('.o_searchview_input', stamp);
  await page.waitForSelector('.o_searchview_autocomplete li');
  await page.keyboard.press('Enter');
  await settle(page, 600);
  const listed = await page.locator('.o_list_view .o_data_row').count();
  if (listed !== 7) { throw new Error(`the search should list 7 deals, not ${listed}`); }
  await checkFromSelection(page, false);
  await runCheck(page, false);
  let rows = await page.locator('.modal .o_data_row').allInnerTexts();
  console.log(JSON.stringify(rows));
  if (rows.length !== 1 || !rows[0].includes(elm) || /won/.test(rows[0])) {
    throw new Error(`only the two open Elm deals should be listed: ${JSON.stringify(rows)}`);
  }
  await shot(page, 'check_duplicates_won_default');
  const row = page.locator('.modal .o_data_row', { hasText: elm });
  await row.locator('button:has-text("Merge")').click();
  await page.waitForSelector('.modal-footer button:has-text("Merge")');
  await settle(page);
  const merged = await page.locator('.modal [name=opportunity_ids] .o_data_row').count();
  if (merged !== 2) { throw new Error(`Odoo's merge lists ${merged} deals, not the 2 open ones`); }
  await shot(page, 'check_duplicates_won_merge');
  await page.click('.modal-footer button:has-text("Cancel")');
  await page.waitForSelector('.modal', { state: 'detached' });
  await settle(page);

  // on request: won deals listed with their stage; no Merge for one open deal
  if (await page.isChecked('.o_list_view thead .o_list_record_selector input')) {
    await page.click('.o_list_view thead .o_list_record_selector input');
  }
  await checkFromSelection(page, false);
  await page.click('.modal [name=include_closed] input');
  await runCheck(page, false);
  rows = await page.locator('.modal .o_data_row').allInnerTexts();
  console.log(JSON.stringify(rows));
  const mapleRow = page.locator('.modal .o_data_row', { hasText: maple });
  const elmRow = page.locator('.modal .o_data_row', { hasText: elm });
  if (rows.length !== 2 || !/Maple chairs won 1 \d+ \(Won\)/.test(await mapleRow.innerText())) {
    throw new Error(`won deals should show with their stage: ${JSON.stringify(rows)}`);
  }
  if (await mapleRow.locator('button:has-text("Merge")').isVisible()) {
    throw new Error('Merge is offered for a group with a single open deal');
  }
  if (!await elmRow.locator('button:has-text("Merge")').isVisible()) {
    throw new Error('Merge is not offered for the two open Elm deals');
  }
  await shot(page, 'check_duplicates_won_included');
}, DESKTOP);
