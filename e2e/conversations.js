// Conversations: the Conversations tab of the customer (typing a
// note fills employee and time), Follow up on this, Create Booking, Create
// Outlook Task (iCalendar download), Quick Add Conversation from the partner
// list, and the calendar / pivot / graph views of the Conversations menu.
'use strict';
const fs = require('fs');
const { run, login, rpc, today, open, settle, shot } = require('./lib');

async function openConversationsTab(page, partnerId) {
  await open(page, `model=res.partner&id=${partnerId}&view_type=form`);
  await page.click('.o_notebook a[role=tab]:has-text("Conversations"), .o_notebook a:has-text("Conversations")');
  await settle(page);
}

run('conversations', async (page) => {
  await login(page);
  // the customer and its history: an earlier call, and one followed up today
  // (so that the calendar of follow-up dates opens on it)
  const stamp = Date.now() % 100000;
  const partner = { id: await rpc(page, 'res.partner', 'create',
    [{ name: `Harbor Logistics ${stamp}`, customer: true, is_company: true }]) };
  await rpc(page, 'crm.conversation', 'create', [{
    partner_id: partner.id, date_begin: '2025-03-10 09:00:00', duration: 20,
    note: 'First call: interested in the warehouse offer', completed: true,
  }]);
  await rpc(page, 'crm.conversation', 'create', [{
    partner_id: partner.id, date_begin: `${await today(page, -1)} 09:00:00`, duration: 10,
    follow_up_date: await today(page), note: 'Send the revised quote',
  }]);

  // the tab, with the demo lines, newest first
  await openConversationsTab(page, partner.id);
  await page.waitForSelector('.o_field_one2many[name=conversation_ids] .o_data_row');
  await shot(page, 'conversations_partner_tab_two_lines');

  // typing the note of a new line (the line's form, opened by Add an item)
  // fills the employee and the time begin
  await page.click('.o_form_button_edit');
  await settle(page);
  await page.click('.o_field_one2many[name=conversation_ids] .o_field_x2many_list_row_add a');
  await page.waitForSelector('.modal .o_form_view');
  await settle(page);
  const note = `E2E call ${Date.now()}`;
  await page.fill('.modal [name=note]', note);
  await page.press('.modal [name=note]', 'Tab');
  await settle(page);
  const employee = await page.inputValue('.modal [name=user_id] input');
  if (!/Administrator/.test(employee)) {
    throw new Error(`employee not filled in: "${employee}"`);
  }
  const begin = await page.inputValue('.modal [name=date_begin] input');
  if (!begin) { throw new Error('time begin not filled in'); }
  await shot(page, 'conversations_partner_tab_new_line');
  await page.click('.modal .modal-footer button:has-text("Save & Close")');
  await page.waitForSelector('.modal', { state: 'detached' });
  await settle(page);
  await page.click('.o_form_button_save');
  await settle(page, 800);
  const [saved] = await rpc(page, 'crm.conversation', 'search_read',
    [[['note', '=', note]], ['partner_id', 'user_id', 'date_begin']]);
  if (!saved || saved.partner_id[0] !== partner.id) {
    throw new Error('the new line was not saved on the customer');
  }

  // Follow up on this: a prefilled dialog, logged and completing the original
  await page.click(`.o_field_one2many[name=conversation_ids] .o_data_row:has-text("${note}") button[title="Follow up on this"]`);
  await page.waitForSelector('.modal .o_form_view');
  await settle(page);
  const followed = await page.textContent('.modal .o_form_view [name=follow_up_of_id]');
  if (!/Harbor Logistics/.test(followed)) {
    throw new Error(`follow-up of not prefilled: "${followed}"`);
  }
  await page.fill('.modal [name=note]', `${note} - follow-up`);
  await shot(page, 'conversation_follow_up_dialog');
  await page.click('.modal .modal-footer button:has-text("Log and Complete the Original")');
  await page.waitForSelector('.modal', { state: 'detached' });
  await settle(page, 800);
  const [origin] = await rpc(page, 'crm.conversation', 'read', [[saved.id], ['completed', 'follow_up_ids']]);
  if (!origin.completed || origin.follow_up_ids.length !== 1) {
    throw new Error('the follow-up was not logged or the original not completed');
  }

  // Create Outlook Task: an iCalendar VTODO is downloaded
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click(`.o_field_one2many[name=conversation_ids] .o_data_row:has-text("${note} - follow-up") button[title="Create Outlook Task"]`),
  ]);
  const ics = fs.readFileSync(await download.path(), 'utf8');
  if (!/BEGIN:VTODO/.test(ics) || !ics.includes('follow-up')) {
    throw new Error(`unexpected task file:\n${ics}`);
  }
  await settle(page);

  // Create Booking: Odoo's event form, prefilled and linked back to the line
  await page.click(`.o_field_one2many[name=conversation_ids] .o_data_row:has-text("${note} - follow-up") button[title="Create Booking"]`);
  await page.waitForSelector('.o_form_view .o_field_widget[name=partner_ids]');
  await settle(page);
  await shot(page, 'conversation_create_booking');
  await page.click('.o_form_button_save');
  await settle(page, 800);
  const [followUp] = await rpc(page, 'crm.conversation', 'search_read',
    [[['note', '=', `${note} - follow-up`]], ['booking_ids']]);
  if (followUp.booking_ids.length !== 1) { throw new Error('the booking is not linked to the line'); }

  // Quick Add Conversation from the partner list (Action menu)
  await open(page, 'action=base.action_partner_form&view_type=list');
  await page.waitForSelector('.o_list_view .o_data_row');
  await page.click('.o_list_view .o_data_row:nth-child(1) .o_list_record_selector input', { force: true });
  await page.click('.o_list_view .o_data_row:nth-child(2) .o_list_record_selector input', { force: true });
  await settle(page);
  await page.click('.o_cp_sidebar button:has-text("Action")');
  await page.click('.o_cp_sidebar a:has-text("Quick Add Conversation")');
  await page.waitForSelector('.modal .o_form_view');
  await settle(page);
  const quickNote = `E2E quick add ${Date.now()}`;
  await page.fill('.modal [name=note]', quickNote);
  await page.click('.modal [name=channel_id] input');
  await page.fill('.modal [name=channel_id] input', 'Telephone');
  await page.waitForSelector('.ui-autocomplete li a:has-text("Telephone")');
  await page.click('.ui-autocomplete li a:has-text("Telephone")');
  await settle(page);
  await shot(page, 'conversation_quick_add_dialog');
  await page.click('.modal .modal-footer button:has-text("Log Conversation")');
  // feedback: the dialog says what was logged, then closes on Close
  await page.waitForSelector('.modal .alert-success:has-text("Conversation logged with")');
  await settle(page);
  await shot(page, 'conversation_quick_add_logged');
  await page.click('.modal .modal-footer button:has-text("Close")');
  await page.waitForSelector('.modal', { state: 'detached' });
  await settle(page);
  const logged = await rpc(page, 'crm.conversation', 'search_count', [[['note', '=', quickNote]]]);
  if (logged !== 2) { throw new Error(`quick add logged ${logged} lines instead of 2`); }

  // Conversations menu: list, calendar by follow-up date, pivot, graph
  await open(page, 'action=smart_pipeline.crm_conversation_action');
  await page.waitForSelector('.o_list_view');
  await shot(page, 'conversation_list');
  await page.click('.o_cp_switch_buttons button[data-view-type=calendar]');
  await page.waitForSelector('.o_calendar_view .fc-event');
  await settle(page, 800);
  await shot(page, 'conversation_calendar');
  await page.click('.o_cp_switch_buttons button[data-view-type=pivot]');
  await page.waitForSelector('.o_pivot table');
  await settle(page);
  await shot(page, 'conversation_pivot');
  await page.click('.o_cp_switch_buttons button[data-view-type=graph]');
  await page.waitForSelector('.o_graph svg, .o_graph_svg_container svg');
  await settle(page, 1000);
  await shot(page, 'conversation_graph');
});
