// Logging in one step (issue 20, row 4), as a salesperson, on a laptop
// (1366x768) and on a phone (360x740, touch):
// - the customer opens on its Conversations tab;
// - "Log a Conversation" saves a line at once from the customer, with no Edit
//   and no Save of the whole customer; a follow-up before the conversation's
//   day is said in the dialog as it is typed, not at a later save;
// - "Mark Done" on the follow-up's activity in the chatter shows the line
//   done in the open customer, without reloading the page;
// - the same composer from the opportunity's Conversations tab and from its
//   kanban card, linked to the opportunity.
'use strict';
const {
  run, launch, assertNoError, login, open, settle, shot, rpc, today, xmlid,
  DESKTOP, PHONE, BASE, typedDate, typeNote, typeField,
} = require('./lib');
const { screensData } = require('./data/screens');

async function logIt(page) {
  await page.click('.modal .modal-footer button:has-text("Log")');
  await page.waitForSelector('.modal', { state: 'detached' });
  await settle(page, 600);
}

async function linesWith(page, note) {
  return rpc(page, 'crm.conversation', 'search_read', [[['note', '=', note]]],
    { fields: ['partner_id', 'lead_id', 'completed'] });
}

async function check(page, viewport) {
  await login(page);
  const data = await screensData(page);
  const stamp = `${viewport}-${Date.now() % 100000}`;
  const customerId = await rpc(page, 'res.partner', 'create', [{
    name: `Composer Customer ${stamp}`, is_company: true, customer: true,
  }]);
  const stageId = await xmlid(page, 'smart_pipeline.crm_stage_proposal_sent');
  const dealName = `Composer Deal ${stamp}`;
  const leadId = await rpc(page, 'crm.lead', 'create', [{
    name: dealName, type: 'opportunity', partner_id: customerId, user_id: data.userId,
    stage_id: stageId,
  }]);
  const brochure = `Send the brochure (${stamp})`;
  const [followId] = [await rpc(page, 'crm.conversation', 'create', [{
    partner_id: customerId, user_id: data.userId, date_begin: '2025-03-10 09:00:00',
    follow_up_date: await today(page, 2), note: brochure,
  }])];
  await page.goto(`${BASE}/web/session/logout`);
  await login(page, data.login, data.login);

  // 1. the customer opens on Conversations
  await open(page, `model=res.partner&id=${customerId}&view_type=form`);
  const tab = await page.innerText('.o_notebook .nav-tabs li.active a');
  if (!/Conversations/.test(tab)) {
    throw new Error(`the customer opens on "${tab}", not on Conversations`);
  }
  await shot(page, `composer_customer_opens_on_conversations_${viewport}`);

  // 2. the composer, in read mode; a follow-up before the day is said at once
  await page.click('.o_form_view button.o_sp_log_conversation');
  const note = `Logged in one step (${stamp})`;
  await typeNote(page, note);
  const followUp = '.modal [name=follow_up_date] input';
  await page.fill(followUp, typedDate(await today(page, -1)));
  await page.press(followUp, 'Tab');
  const warning = page.locator('.modal:has-text("cannot be before the day")');
  await warning.waitFor({ timeout: 15000 }).catch(() => {
    throw new Error('a follow-up before the conversation was not said in the dialog');
  });
  await shot(page, `composer_follow_up_checked_${viewport}`);
  await warning.locator('.modal-footer button').first().click();
  await settle(page, 300);
  await typeField(page, 'follow_up_date', '');
  await logIt(page);
  let lines = await linesWith(page, note);
  if (lines.length !== 1 || lines[0].partner_id[0] !== customerId) {
    throw new Error(`the composer did not log the line: ${JSON.stringify(lines)}`);
  }
  if (await page.isVisible('.o_form_button_save')) {
    throw new Error('the customer was left in edit mode');
  }
  const log = page.locator('.o_sp_conversation_log');
  await log.locator('.o_data_row, .o_kanban_record', { hasText: note }).first().waitFor();
  await shot(page, `composer_logged_from_customer_${viewport}`);

  // 3. Mark Done in the chatter: the open customer shows the line done
  await page.locator('.o_mail_activity .o_activity_done').first().scrollIntoViewIfNeeded();
  await page.click('.o_mail_activity .o_activity_done');
  await page.click('.o_mail_activity_feedback .o_activity_popover_done');
  await settle(page, 800);
  const [follow] = await rpc(page, 'crm.conversation', 'read', [[followId], ['completed']]);
  if (!follow.completed) { throw new Error('Mark Done did not complete the line'); }
  // the original line (Mark Done also logs a "Done: ..." line of its own)
  const doneLine = log.locator('.o_data_row, .o_kanban_record', { hasText: brochure })
    .filter({ hasNotText: 'Done:' }).first();
  // the form draws its lines again after Mark Done, perhaps more than once
  // on a loaded machine: read the row as it is drawn, for up to 15 s
  const isDone = (row) => Boolean(row && (row.muted || /\(done\)/.test(row.text)));
  let shown = null;
  for (let attempt = 0; attempt < 30 && !isDone(shown); attempt += 1) {
    if (attempt) { await page.waitForTimeout(500); }
    shown = await doneLine.evaluate((node) => ({
      muted: node.classList.contains('text-muted'), text: node.innerText,
    }), null, { timeout: 5000 }).catch(() => null);
  }
  await doneLine.scrollIntoViewIfNeeded().catch(() => {});
  if (!isDone(shown)) {
    throw new Error(`the open customer still shows the line not done: ${JSON.stringify(shown)}`);
  }
  await shot(page, `composer_mark_done_refreshes_${viewport}`);

  // 4. from the opportunity's Conversations tab
  await open(page, `action=crm.crm_lead_opportunities_tree_view&model=crm.lead&id=${leadId}&view_type=form`);
  await page.click('.o_notebook a:has-text("Conversations")');
  await settle(page);
  await page.click('.o_form_view button.o_sp_log_conversation');
  const leadNote = `From the opportunity (${stamp})`;
  await typeNote(page, leadNote);
  await logIt(page);
  lines = await linesWith(page, leadNote);
  if (lines.length !== 1 || !lines[0].lead_id || lines[0].lead_id[0] !== leadId) {
    throw new Error(`the opportunity's composer did not log a linked line: ${JSON.stringify(lines)}`);
  }

  // 5. from the kanban card
  await open(page, 'action=crm.crm_lead_opportunities_tree_view&view_type=kanban');
  // on a phone the kanban shows one column at a time: its tab first
  const mobileTab = page.locator(`.o_kanban_mobile_tab[data-id="${stageId}"]`);
  if (await mobileTab.count()) {
    // the tabs overlap on a 360 px screen without web_responsive
    await mobileTab.evaluate((node) => node.click());
    await settle(page, 600);
  }
  const card = page.locator('.o_kanban_record', { hasText: dealName });
  await card.waitFor();
  await card.scrollIntoViewIfNeeded();
  await card.locator('.o_sp_log_conversation').click();
  const cardNote = `From the card (${stamp})`;
  await typeNote(page, cardNote);
  await shot(page, `composer_from_kanban_card_${viewport}`);
  await logIt(page);
  lines = await linesWith(page, cardNote);
  if (lines.length !== 1 || !lines[0].lead_id || lines[0].lead_id[0] !== leadId) {
    throw new Error(`the card's composer did not log a linked line: ${JSON.stringify(lines)}`);
  }
  const [lead] = await rpc(page, 'crm.lead', 'read', [[leadId], ['stage_id']]);
  if (lead.stage_id[0] !== stageId) { throw new Error('logging moved the opportunity'); }
}

run('conversation_composer', async (page) => {
  await check(page, 'desktop');
  const phone = await launch(PHONE);
  try {
    await check(phone.page, 'phone');
    await assertNoError(phone.page);
  } catch (err) {
    await shot(phone.page, 'FAILED-conversation_composer_phone').catch(() => {});
    throw err;
  } finally {
    await phone.browser.close();
  }
}, DESKTOP);
