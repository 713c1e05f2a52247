// Dropping an opportunity card on the Lost column opens Mark Lost with the
// lost reason, exactly as the button does (never an "Odoo Server Error");
// closing the dialog without a reason puts the card back.
'use strict';
const {
  run, login, open, rpc, xmlid, dragTo, settle, shot,
} = require('./lib');

// Scroll the kanban to its right end (Won and Lost), the way a user does;
// throws when the view cannot scroll that far.
async function scrollRight(page) {
  const scrolled = await page.locator('.o_content').evaluate((node) => {
    node.scrollLeft = node.scrollWidth;
    return { left: node.scrollLeft, overflow: node.scrollWidth - node.clientWidth };
  });
  console.log(`kanban scrolled: ${JSON.stringify(scrolled)}`);
  if (scrolled.overflow > 0 && scrolled.left < scrolled.overflow - 1) {
    throw new Error(`the kanban did not scroll: ${JSON.stringify(scrolled)}`);
  }
}

run('kanban_lost_drop', async (page) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await login(page);
  const stamp = Date.now() % 100000;
  const dealName = `Drop Lost ${stamp}`;
  // the deal waits in Negotiation, next to Won and Lost: all three fit on a
  // 1366 px screen once the kanban is scrolled to its right end
  const initial = await xmlid(page, 'smart_pipeline.crm_stage_negotiation');
  const lost = await xmlid(page, 'smart_pipeline.crm_stage_lost');
  const partnerId = await rpc(page, 'res.partner', 'create',
    [{ name: `Drop Lost Customer ${stamp}`, customer: true, is_company: true }]);
  const leadId = await rpc(page, 'crm.lead', 'create', [{
    name: dealName, type: 'opportunity', partner_id: partnerId, stage_id: initial,
  }]);
  const reasonName = `Drop reason ${stamp}`;
  await rpc(page, 'crm.lost.reason', 'create', [{ name: reasonName }]);

  await open(page, 'action=crm.crm_lead_opportunities_tree_view&view_type=kanban');
  await page.waitForSelector('.o_kanban_view .o_kanban_group');
  const column = page.locator(`.o_kanban_group[data-id="${lost}"]`);
  const card = page.locator('.o_kanban_record', { hasText: dealName });
  const prepare = async () => {
    // the Lost column is folded: unfold it to drop on it
    if (await column.evaluate((node) => node.classList.contains('o_column_folded'))) {
      await column.click();
      await settle(page, 800);
    }
    await card.waitFor();
    // Odoo 11 scrolls the kanban's columns in .o_content, not in the view
    await scrollRight(page);
    for (const [what, node] of [['the card', card], ['the Lost column', column]]) {
      const box = await node.boundingBox();
      if (!box || box.x < 0 || box.x + box.width / 2 > 1366) {
        throw new Error(`${what} is off-screen after scrolling: ${JSON.stringify(box)}`);
      }
    }
  };
  await prepare();

  // 1. drop, then close the dialog: nothing changes, the card goes back
  await dragTo(page, card, column);
  await page.waitForSelector('.modal .o_field_widget[name=lost_reason_id]');
  await shot(page, 'kanban_drop_on_lost_asks_reason');
  await page.click('.modal-footer button:has-text("Cancel")');
  await settle(page, 800);
  const [lead] = await rpc(page, 'crm.lead', 'read', [[leadId], ['stage_id', 'active']]);
  if (lead.stage_id[0] !== initial || !lead.active) {
    throw new Error(`cancelling Mark Lost moved the deal: ${JSON.stringify(lead)}`);
  }
  await page.locator(`.o_kanban_group[data-id="${initial}"] .o_kanban_record`,
    { hasText: dealName }).waitFor();

  // 2. drop again and give the reason: the deal is lost with it
  await open(page, 'action=crm.crm_lead_opportunities_tree_view&view_type=kanban');
  await page.waitForSelector('.o_kanban_view .o_kanban_group');
  await prepare();
  await dragTo(page, card, column);
  const input = page.locator('.modal .o_field_widget[name=lost_reason_id] input');
  await input.waitFor();
  await input.click();
  await input.fill(reasonName);
  await page.waitForSelector('.ui-autocomplete .ui-menu-item');
  await page.click(`.ui-autocomplete .ui-menu-item:has-text("${reasonName}")`);
  await page.click('.modal-footer button:has-text("Submit")');
  // the dialog closes once the deal is saved (slower on a loaded machine)
  await page.waitForSelector('.modal-dialog', { state: 'detached', timeout: 90000 });
  await settle(page, 1000);
  const leads = await rpc(page, 'crm.lead', 'search_read', [[['id', '=', leadId]]],
    { fields: ['stage_id', 'active', 'lost_reason'], context: { active_test: false } });
  if (leads.length !== 1 || leads[0].active || leads[0].stage_id[0] !== lost
      || !leads[0].lost_reason || leads[0].lost_reason[1] !== reasonName) {
    throw new Error(`the drop did not mark the deal lost: ${JSON.stringify(leads)}`);
  }
  const lines = await rpc(page, 'crm.conversation', 'search_read',
    [[['lead_id', '=', leadId], ['stage_id', '=', lost]]], { fields: ['lost_reason_id'] });
  if (lines.length !== 1 || lines[0].lost_reason_id[1] !== reasonName) {
    throw new Error(`the lost position was not logged with its reason: ${JSON.stringify(lines)}`);
  }
  await shot(page, 'kanban_drop_on_lost_marked');
});
