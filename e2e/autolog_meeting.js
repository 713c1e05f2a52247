// A meeting logs itself (issue 23), end to end as a salesperson at 1366x768:
// a line with a follow-up on a fixed past day, "Create Booking" from the
// customer's tab (the calendar event starts on the follow-up day, 9:00),
// saved; the event has ended (fixed dates), the scheduled action
// "Conversations: log ended meetings" runs; the customer's tab then shows
// the meeting line, its source icon (calendar) and the original line as
// done (the meeting is its follow-up).
'use strict';
const {
  run, login, open, settle, shot, rpc, DESKTOP,
} = require('./lib');
const { ref } = require('./data/screens');

const BASE = process.env.ODOO_URL || 'http://localhost:8069';
const LOGIN = 'e2e_autolog_sales';

// The customer's form (open() waits for it to be drawn, login() for the home
// action before it).
async function openCustomer(page, customer) {
  await open(page, `model=res.partner&id=${customer}&view_type=form`);
  await page.waitForSelector('.o_form_view .o_notebook', { timeout: 60000 });
}

run('autolog_meeting', async (page) => {
  await login(page);
  const salesman = await ref(page, 'sales_team.group_sale_salesman');
  const partnerManager = await ref(page, 'base.group_partner_manager');
  let [user] = await rpc(page, 'res.users', 'search', [[['login', '=', LOGIN]]]);
  if (!user) {
    user = await rpc(page, 'res.users', 'create', [{
      name: 'Mia Meeting', login: LOGIN, password: LOGIN, email: `${LOGIN}@example.com`,
      tz: 'Europe/Brussels', lang: 'en_US', groups_id: [[6, 0, [salesman, partnerManager]]],
    }]);
  }
  const stamp = `${Date.now() % 100000}`;
  const customer = await rpc(page, 'res.partner', 'create', [{
    name: `Meeting Optics ${stamp}`, is_company: true, customer: true, user_id: user,
  }]);
  await rpc(page, 'res.partner', 'create', [{
    name: `Olga Optics ${stamp}`, parent_id: customer, email: `olga${stamp}@optics.example.com`,
  }]);
  const line = await rpc(page, 'crm.conversation', 'create', [{
    partner_id: customer, user_id: user, date_begin: '2025-03-04 09:00:00', duration: 10,
    follow_up_date: '2025-03-10', note: `Propose a visit ${stamp}`,
  }]);

  await page.goto(`${BASE}/web/session/logout`);
  await login(page, LOGIN, LOGIN);
  await openCustomer(page, customer);
  await page.click('.o_notebook a:has-text("Conversations")');
  await settle(page);
  await page.click(`.o_sp_conversation_log .o_data_row:has-text("Propose a visit ${stamp}") button[title="Create Booking"]`);
  await page.waitForSelector('.o_form_view.o_form_editable');
  await settle(page);
  await shot(page, 'autolog_meeting_booking');
  await page.click('.o_form_button_save');
  await settle(page, 700);
  const events = await rpc(page, 'calendar.event', 'search_read',
    [[['conversation_id', '=', line]]], { fields: ['start', 'stop'] });
  console.log(JSON.stringify(events));
  if (events.length !== 1 || events[0].start !== '2025-03-10 08:00:00') {
    throw new Error('the booking starts on the follow-up day at 9:00 Brussels (08:00 UTC)');
  }

  // the event has ended: the scheduled action logs it (run as administrator)
  await page.goto(`${BASE}/web/session/logout`);
  await login(page);
  const cron = await ref(page, 'smart_pipeline.ir_cron_calendar_event_autolog');
  await rpc(page, 'ir.cron', 'method_direct_trigger', [[cron]]);

  await page.goto(`${BASE}/web/session/logout`);
  await login(page, LOGIN, LOGIN);
  await openCustomer(page, customer);
  await page.click('.o_notebook a:has-text("Conversations")');
  await settle(page);
  const rows = await page.evaluate(() => [...document.querySelectorAll(
    '.o_sp_conversation_log .o_data_row')].map((row) => ({
    text: row.innerText,
    meetingIcon: !!row.querySelector('.o_sp_source_icon .o_sp_source_meeting'),
    muted: row.classList.contains('text-muted'),
  })));
  console.log(JSON.stringify(rows));
  await shot(page, 'autolog_meeting_tab');
  const meeting = rows.filter((row) => row.meetingIcon);
  if (rows.length !== 2 || meeting.length !== 1) {
    throw new Error(`the tab should list the line and its meeting, with one calendar icon: ${JSON.stringify(rows)}`);
  }
  if (!/03\/10\/2025/.test(meeting[0].text)) {
    throw new Error(`the meeting line is dated 03/10/2025: ${meeting[0].text}`);
  }
  const [original] = await rpc(page, 'crm.conversation', 'read', [[line], ['completed', 'follow_up_state']]);
  if (!original.completed || original.follow_up_state !== 'done') {
    throw new Error(`the booked line is completed by its meeting: ${JSON.stringify(original)}`);
  }
}, DESKTOP);
