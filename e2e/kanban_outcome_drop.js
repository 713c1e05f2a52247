// Won and lost drops cannot go wrong (issue 20, row 1), as a salesperson at
// 1366x768, on the pipeline kanban as it opens: the Lost column folded at the
// right end, beyond the screen. Dragging a card there scrolls the kanban
// sideways while the card is held; dropping it on the folded Lost column,
// without unfolding it, opens Mark Lost (it used to mark the deal Won with no
// dialog: the columns' remembered positions were those before the scroll).
// A drop on Won asks for confirmation with the expected revenue and the
// closing date filled in. Cancelling either dialog leaves the card in its
// column and logs no conversation line; confirming Won stamps the closing
// date.
'use strict';
const {
  run, login, open, rpc, xmlid, settle, shot, BASE,
} = require('./lib');
const { screensData } = require('./data/screens');

// Drag `card` onto `column` the way a user does when the column is off the
// screen: hold the card at the screen's right edge until the kanban has
// scrolled the column into view, then move onto the column's middle.
async function dragAcross(page, card, column) {
  const width = page.viewportSize().width;
  const from = await card.boundingBox();
  const y = from.y + from.height / 2;
  await page.mouse.move(from.x + from.width / 2, y);
  await page.mouse.down();
  const edge = width - 8;
  for (let i = 1; i <= 20; i++) {
    await page.mouse.move(from.x + from.width / 2 + (edge - from.x - from.width / 2) * i / 20, y);
    await page.waitForTimeout(30);
  }
  let box = await column.boundingBox();
  for (let n = 0; box.x + box.width > width - 30 && n < 200; n++) {
    // the sortable scrolls on each move near the edge
    await page.mouse.move(edge - (n % 2), y);
    await page.waitForTimeout(30);
    box = await column.boundingBox();
  }
  const target = { x: box.x + box.width / 2, y: y + 40 };
  for (let i = 1; i <= 10; i++) {
    await page.mouse.move(edge + (target.x - edge) * i / 10, y + (target.y - y) * i / 10);
    await page.waitForTimeout(30);
  }
  await page.mouse.up();
}

async function linesOf(page, leadId) {
  return rpc(page, 'crm.conversation', 'search_read', [[['lead_id', '=', leadId]]],
    { fields: ['stage_id'] });
}

run('kanban_outcome_drop', async (page) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await login(page);
  const data = await screensData(page);
  const stamp = Date.now() % 100000;
  const dealName = `Outcome Drop ${stamp}`;
  // the deal waits in Demo Given: Won and the folded Lost are off screen
  const initial = await xmlid(page, 'smart_pipeline.crm_stage_demo_given');
  const won = await xmlid(page, 'smart_pipeline.crm_stage_won');
  const lost = await xmlid(page, 'smart_pipeline.crm_stage_lost');
  const partnerId = await rpc(page, 'res.partner', 'create',
    [{ name: `Outcome Drop Customer ${stamp}`, customer: true, is_company: true }]);
  const leadId = await rpc(page, 'crm.lead', 'create', [{
    name: dealName, type: 'opportunity', partner_id: partnerId, stage_id: initial,
    user_id: data.userId, planned_revenue: 3800,
  }]);
  const linesBefore = (await linesOf(page, leadId)).length;

  await page.goto(`${BASE}/web/session/logout`);
  await login(page, data.login, data.login);
  const openKanban = async () => {
    await open(page, 'action=crm.crm_lead_opportunities_tree_view&view_type=kanban');
    await page.waitForSelector('.o_kanban_view .o_kanban_group');
  };
  const column = (id) => page.locator(`.o_kanban_group[data-id="${id}"]`);
  const card = page.locator('.o_kanban_record', { hasText: dealName });
  const stays = async (what) => {
    const [lead] = await rpc(page, 'crm.lead', 'read',
      [[leadId], ['stage_id', 'active', 'probability', 'date_closed']]);
    if (lead.stage_id[0] !== initial || !lead.active || lead.date_closed) {
      throw new Error(`${what} moved the deal: ${JSON.stringify(lead)}`);
    }
    const lines = await linesOf(page, leadId);
    if (lines.length !== linesBefore) {
      throw new Error(`${what} logged a conversation line: ${JSON.stringify(lines)}`);
    }
    await column(initial).locator('.o_kanban_record', { hasText: dealName }).waitFor();
  };

  // 1. the folded Lost column, never unfolded: Mark Lost, then Cancel
  await openKanban();
  if (!await column(lost).evaluate((node) => node.classList.contains('o_column_folded'))) {
    throw new Error('the Lost column is not folded: the check needs it folded');
  }
  await card.waitFor();
  await shot(page, 'kanban_outcome_before_drop');
  await dragAcross(page, card, column(lost));
  await page.waitForSelector('.modal .o_field_widget[name=lost_reason_id]', { timeout: 15000 })
    .catch(async () => {
      const [lead] = await rpc(page, 'crm.lead', 'search_read', [[['id', '=', leadId]]],
        { fields: ['stage_id', 'active'], context: { active_test: false } });
      throw new Error(`a drop on the folded Lost column opened no Mark Lost: ${JSON.stringify(lead)}`);
    });
  await shot(page, 'kanban_outcome_folded_lost_asks_reason');
  if (!await column(lost).evaluate((node) => node.classList.contains('o_column_folded'))) {
    throw new Error('the drop unfolded the Lost column');
  }
  await page.click('.modal-footer button:has-text("Cancel")');
  await settle(page, 800);
  await stays('cancelling Mark Lost');
  await shot(page, 'kanban_outcome_lost_cancelled');

  // 2. Won: a confirmation with the revenue and the closing date, Cancel
  await openKanban();
  await card.waitFor();
  await dragAcross(page, card, column(won));
  await page.waitForSelector('.modal .o_field_widget[name=date_closed]', { timeout: 15000 })
    .catch(() => { throw new Error('a drop on Won asked no confirmation'); });
  const revenue = await page.locator('.modal input[name=planned_revenue], '
    + '.modal .o_field_widget[name=planned_revenue] input').first().inputValue();
  const closing = await page.locator('.modal .o_field_widget[name=date_closed] input')
    .inputValue();
  if (!/3,?800/.test(revenue) || !closing) {
    throw new Error(`the Won confirmation is not filled in: revenue "${revenue}", date "${closing}"`);
  }
  await shot(page, 'kanban_outcome_won_confirmation');
  await page.click('.modal-footer button:has-text("Cancel")');
  await settle(page, 800);
  await stays('cancelling Mark Won');

  // 3. Won, confirmed: won at the Won stage, closing date stamped, one line
  await openKanban();
  await card.waitFor();
  await dragAcross(page, card, column(won));
  await page.waitForSelector('.modal .o_field_widget[name=date_closed]', { timeout: 15000 });
  await page.click('.modal-footer button:has-text("Mark Won")');
  // the dialog closes once the deal is saved (slower on a loaded machine)
  await page.waitForSelector('.modal-dialog', { state: 'detached' });
  await settle(page, 1000);
  const [lead] = await rpc(page, 'crm.lead', 'read',
    [[leadId], ['stage_id', 'probability', 'date_closed', 'planned_revenue']]);
  if (lead.stage_id[0] !== won || lead.probability !== 100 || !lead.date_closed
      || lead.planned_revenue !== 3800) {
    throw new Error(`confirming Mark Won did not win the deal: ${JSON.stringify(lead)}`);
  }
  const lines = await linesOf(page, leadId);
  if (lines.length !== linesBefore + 1 || lines[0].stage_id[0] !== won) {
    throw new Error(`the won position was not logged once: ${JSON.stringify(lines)}`);
  }
  const wonCard = column(won).locator('.o_kanban_record', { hasText: dealName });
  await wonCard.waitFor();
  await page.waitForTimeout(2500); // the rainbow man fades out
  await wonCard.scrollIntoViewIfNeeded();
  await shot(page, 'kanban_outcome_won');
});
