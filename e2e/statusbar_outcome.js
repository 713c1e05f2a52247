// The opportunity's status bar (issue 20, row 2), as a salesperson at
// 1366x768: Lost (folded in the status bar's "More" menu) opens the same
// Mark Lost dialog as the kanban drop and the button, never "Odoo Server
// Error - Warning: use Mark Lost"; cancelling it leaves the deal as it was,
// and leaving the form then asks nothing (no unsaved changes). With a reason
// the deal is lost, with its closing date. Won asks the Mark Won
// confirmation.
'use strict';
const {
  run, login, open, rpc, xmlid, settle, shot, BASE,
} = require('./lib');
const { screensData } = require('./data/screens');

run('statusbar_outcome', async (page) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await login(page);
  const data = await screensData(page);
  const stamp = Date.now() % 100000;
  const initial = await xmlid(page, 'smart_pipeline.crm_stage_proposal_sent');
  const lost = await xmlid(page, 'smart_pipeline.crm_stage_lost');
  const partnerId = await rpc(page, 'res.partner', 'create',
    [{ name: `Status Bar Customer ${stamp}`, customer: true, is_company: true }]);
  const leadId = await rpc(page, 'crm.lead', 'create', [{
    name: `Status Bar Deal ${stamp}`, type: 'opportunity', partner_id: partnerId,
    stage_id: initial, user_id: data.userId, planned_revenue: 2500,
  }]);
  const reasonName = `Status bar reason ${stamp}`;
  await rpc(page, 'crm.lost.reason', 'create', [{ name: reasonName }]);
  const lines = () => rpc(page, 'crm.conversation', 'search_count', [[['lead_id', '=', leadId]]]);
  const linesBefore = await lines();

  await page.goto(`${BASE}/web/session/logout`);
  await login(page, data.login, data.login);
  const form = `action=crm.crm_lead_opportunities_tree_view&model=crm.lead&id=${leadId}&view_type=form`;
  const clickStage = async (name) => {
    // the button shown, if any: Odoo folds stages into "More" on a laptop,
    // web_responsive shows them all (each stage also has a hidden button in
    // the phone's dropdown)
    const button = page.locator(
      `.o_statusbar_status button:not(.dropdown-toggle):visible:has-text("${name}")`);
    if (!await button.count()) {
      await page.click('.o_statusbar_status .dropdown-toggle:visible');
    }
    await button.first().click();
  };

  // 1. Lost, then Cancel: nothing changes, nothing to save
  await open(page, form);
  await clickStage('Lost');
  await page.waitForSelector('.modal .o_field_widget[name=lost_reason_id]', { timeout: 15000 })
    .catch(async () => {
      const text = await page.evaluate(() => {
        const modal = document.querySelector('.modal');
        return modal ? modal.innerText : '(no dialog)';
      });
      throw new Error(`the status bar's Lost opened no Mark Lost: ${text.slice(0, 300)}`);
    });
  await shot(page, 'statusbar_lost_asks_reason');
  await page.click('.modal-footer button:has-text("Cancel")');
  await settle(page, 800);
  const [kept] = await rpc(page, 'crm.lead', 'read', [[leadId], ['stage_id', 'active']]);
  if (kept.stage_id[0] !== initial || !kept.active || await lines() !== linesBefore) {
    throw new Error(`cancelling Mark Lost changed the deal: ${JSON.stringify(kept)}`);
  }
  const selected = await page.innerText('.o_statusbar_status .btn-primary');
  if (!/Proposal Sent/.test(selected)) {
    throw new Error(`the status bar does not show the deal's stage: "${selected}"`);
  }
  // leaving the form: no "unsaved changes" question
  await page.click('.o_control_panel .breadcrumb li a');
  await settle(page, 800);
  if (await page.$('.modal')) {
    throw new Error(`leaving the form asked: ${await page.innerText('.modal')}`);
  }

  // 2. Won: the confirmation, cancelled
  await open(page, form);
  await clickStage('Won');
  await page.waitForSelector('.modal .o_field_widget[name=date_closed]', { timeout: 15000 });
  await shot(page, 'statusbar_won_confirmation');
  await page.click('.modal-footer button:has-text("Cancel")');
  await settle(page, 800);
  const [stillOpen] = await rpc(page, 'crm.lead', 'read', [[leadId], ['stage_id']]);
  if (stillOpen.stage_id[0] !== initial) {
    throw new Error(`cancelling Mark Won moved the deal: ${JSON.stringify(stillOpen)}`);
  }

  // 3. Lost with a reason: lost at the Lost stage, with its closing date
  await clickStage('Lost');
  const input = page.locator('.modal .o_field_widget[name=lost_reason_id] input');
  await input.waitFor();
  await input.click();
  await input.fill(reasonName);
  await page.waitForSelector('.ui-autocomplete .ui-menu-item');
  await page.click(`.ui-autocomplete .ui-menu-item:has-text("${reasonName}")`);
  await page.click('.modal-footer button:has-text("Submit")');
  // the dialog closes once the deal is saved (slower on a loaded machine)
  await page.waitForSelector('.modal-dialog', { state: 'detached' });
  await settle(page, 1000);
  const [lead] = await rpc(page, 'crm.lead', 'search_read', [[['id', '=', leadId]]],
    { fields: ['stage_id', 'active', 'lost_reason', 'date_closed'],
      context: { active_test: false } });
  if (lead.active || lead.stage_id[0] !== lost || !lead.lost_reason
      || lead.lost_reason[1] !== reasonName || !lead.date_closed) {
    throw new Error(`the status bar's Lost did not lose the deal: ${JSON.stringify(lead)}`);
  }
  if (await lines() !== linesBefore + 1) {
    throw new Error('the lost position was not logged once');
  }
  await shot(page, 'statusbar_lost_done');
});
